using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>Every YAML file under a <c>k8s/</c> folder: the kustomizations and the documents of all other files.</summary>
internal sealed class ManifestTree
{
    /// <summary>The name kustomize looks for in a directory.</summary>
    public const string KustomizationFile = "kustomization.yaml";

    private ManifestTree(string dir, List<Manifest> documents, List<Kustomization> kustomizations, List<string> parseErrors)
    {
        Dir = dir;
        Documents = documents;
        Kustomizations = kustomizations;
        ParseErrors = parseErrors;
    }

    /// <summary>The <c>k8s/</c> folder.</summary>
    public string Dir { get; }

    /// <summary>Every document of every YAML file that is not a kustomization.</summary>
    public IReadOnlyList<Manifest> Documents { get; }

    /// <summary>Every <c>kustomization.yaml</c>.</summary>
    public IReadOnlyList<Kustomization> Kustomizations { get; }

    /// <summary>Files that failed to parse or hold a document that is not a mapping, with the reason.</summary>
    public IReadOnlyList<string> ParseErrors { get; }

    /// <summary>The repository's <c>k8s/</c> folder.</summary>
    public static ManifestTree LoadRepository() => Load(Path.Combine(SharedData.RepoRoot, "k8s"));

    /// <summary>Loads every <c>.yaml</c>/<c>.yml</c> file under <paramref name="dir"/>.</summary>
    public static ManifestTree Load(string dir)
    {
        var documents = new List<Manifest>();
        var kustomizations = new List<Kustomization>();
        var errors = new List<string>();
        var files = Directory.EnumerateFiles(dir, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var path in files)
        {
            var rel = Relative(dir, path);
            var stream = new YamlStream();
            try
            {
                using var reader = new StreamReader(path);
                stream.Load(reader);
            }
            catch (YamlException e)
            {
                errors.Add($"k8s/{rel}:{e.Start.Line}:{e.Start.Column}: {e.Message}");
                continue;
            }

            for (var i = 0; i < stream.Documents.Count; i++)
            {
                if (stream.Documents[i].RootNode is not YamlMappingNode root)
                {
                    errors.Add($"k8s/{rel}#{i}: the document is not a mapping");
                    continue;
                }

                if (Path.GetFileName(path) == KustomizationFile)
                {
                    kustomizations.Add(new Kustomization(Relative(dir, Path.GetDirectoryName(path)!), root));
                }
                else
                {
                    documents.Add(new Manifest(rel, i, root));
                }
            }
        }

        return new ManifestTree(dir, documents, kustomizations, errors);
    }

    /// <summary>The kustomization in a directory (relative to <see cref="Dir"/>), or null.</summary>
    public Kustomization? KustomizationAt(string relDir) =>
        Kustomizations.FirstOrDefault(k => k.Dir == Normalize(relDir));

    /// <summary>The documents of one file (relative to <see cref="Dir"/>).</summary>
    public IEnumerable<Manifest> DocumentsOf(string relFile) => Documents.Where(d => d.File == Normalize(relFile));

    /// <summary>Joins a kustomization's directory and one of its entries, resolving "..".</summary>
    public string Resolve(string relDir, string entry)
    {
        var full = Path.GetFullPath(Path.Combine(Dir, relDir, entry));
        return Relative(Dir, full);
    }

    private static string Relative(string root, string path)
    {
        var rel = Path.GetRelativePath(root, path).Replace('\\', '/');
        return rel == "." ? "" : rel;
    }

    private static string Normalize(string rel) => rel.Replace('\\', '/').TrimEnd('/');
}

/// <summary>One <c>kustomization.yaml</c>.</summary>
/// <param name="Dir">Its directory relative to <c>k8s/</c>, forward slashes ("" for <c>k8s/</c> itself).</param>
/// <param name="Root">Its root mapping.</param>
internal sealed record Kustomization(string Dir, YamlMappingNode Root)
{
    /// <summary>The <c>resources</c> entries: files or directories holding a kustomization.</summary>
    public IReadOnlyList<string> Resources => Root.Get("resources").Strings();

    /// <summary>The <c>path</c> of each <c>patches</c> entry (strategic-merge patch files).</summary>
    public IReadOnlyList<string?> Patches => [.. Root.Get("patches").Items().Select(p => p.Get("path").Str())];

    /// <summary>The top-level fields used.</summary>
    public IEnumerable<string> Fields => Root.Keys();
}
