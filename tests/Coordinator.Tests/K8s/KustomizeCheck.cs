namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>What one kustomization puts together: its resources (recursively) and its strategic-merge patches.</summary>
/// <param name="Kustomization">The kustomization.</param>
/// <param name="Resources">The objects it emits, before patching.</param>
/// <param name="Patches">The patch documents applied on the way, innermost first.</param>
internal sealed record KustomizeBuild(Kustomization Kustomization, IReadOnlyList<Manifest> Resources, IReadOnlyList<Manifest> Patches)
{
    /// <summary>Every document of the build: resources, then patches.</summary>
    public IEnumerable<Manifest> All => Resources.Concat(Patches);

    /// <summary>The resource of a kind and name, or null.</summary>
    public Manifest? Find(string kind, string name) => Resources.FirstOrDefault(r => r.Kind == kind && r.Name == name);
}

/// <summary>
/// Checks that a tree of plain kustomizations (resources + strategic-merge patch files) holds together: every resource and
/// patch file exists, every patch targets an object of its build, no object is emitted twice, no manifest is orphaned.
/// It resolves references only; it does not merge patches (kustomize does that).
/// </summary>
internal static class KustomizeCheck
{
    /// <summary>The kustomization fields this repository allows itself: the plain ones.</summary>
    public static readonly IReadOnlySet<string> PlainFields =
        new HashSet<string>(StringComparer.Ordinal) { "apiVersion", "kind", "namespace", "labels", "resources", "patches", "images" };

    /// <summary>Resolves one kustomization; problems found on the way are added to <paramref name="problems"/>.</summary>
    public static KustomizeBuild Build(ManifestTree tree, Kustomization k, ICollection<string> problems) =>
        Build(tree, k, problems, []);

    /// <summary>Every problem of the tree, as messages naming the file at fault; empty when it holds together.</summary>
    public static IReadOnlyList<string> Problems(ManifestTree tree)
    {
        var problems = new List<string>(tree.ParseErrors);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var k in tree.Kustomizations)
        {
            var where = $"k8s/{Join(k.Dir, ManifestTree.KustomizationFile)}";
            if (k.Root.Get("kind").Str() != "Kustomization")
            {
                problems.Add($"{where}: kind must be Kustomization");
            }

            problems.AddRange(k.Fields.Where(f => !PlainFields.Contains(f))
                .Select(f => $"{where}: field '{f}' is not plain kustomize (use resources and strategic-merge patches)"));
            var build = Build(tree, k, problems);
            foreach (var group in build.Resources.GroupBy(r => r.Id).Where(g => g.Count() > 1))
            {
                problems.Add($"{where}: {group.Key} is emitted {group.Count()} times ({string.Join(", ", group.Select(g => g.File))})");
            }

            foreach (var patch in build.Patches)
            {
                var target = build.Find(patch.Kind, patch.Name);
                if (target is null)
                {
                    problems.Add($"{where}: patch {patch.Where} targets {patch.Id}, which is not among its resources");
                }
                else if (target.Root.Get("apiVersion").Str() != patch.Root.Get("apiVersion").Str())
                {
                    problems.Add($"{where}: patch {patch.Where} has apiVersion '{patch.Root.Get("apiVersion").Str()}', its target '{target.Root.Get("apiVersion").Str()}'");
                }
                else
                {
                    // containers merge by name: an unknown name would add a half-specified container instead of patching one
                    var names = target.Containers.Select(c => c.Get("name").Str()).ToHashSet();
                    problems.AddRange(patch.Containers.Select(c => c.Get("name").Str()).Where(n => !names.Contains(n))
                        .Select(n => $"{where}: patch {patch.Where} patches container '{n}', which {target.Id} does not have"));
                }
            }

            referenced.UnionWith(k.Resources.Select(r => tree.Resolve(k.Dir, r)));
            referenced.UnionWith(k.Patches.OfType<string>().Select(p => tree.Resolve(k.Dir, p)));
        }

        problems.AddRange(tree.Documents.Select(d => d.File).Distinct().Where(f => !referenced.Contains(f))
            .Select(f => $"k8s/{f}: not referenced by any kustomization (resources or patches)"));
        return problems;
    }

    private static KustomizeBuild Build(ManifestTree tree, Kustomization k, ICollection<string> problems, HashSet<string> visiting)
    {
        var where = $"k8s/{Join(k.Dir, ManifestTree.KustomizationFile)}";
        var resources = new List<Manifest>();
        var patches = new List<Manifest>();
        if (!visiting.Add(k.Dir))
        {
            problems.Add($"{where}: resources form a cycle");
            return new KustomizeBuild(k, resources, patches);
        }

        foreach (var entry in k.Resources)
        {
            var rel = tree.Resolve(k.Dir, entry);
            var full = Path.Combine(tree.Dir, rel);
            if (tree.KustomizationAt(rel) is { } inner)
            {
                var sub = Build(tree, inner, problems, visiting);
                resources.AddRange(sub.Resources);
                patches.AddRange(sub.Patches);
            }
            else if (File.Exists(full))
            {
                if (Path.GetRelativePath(k.Dir.Length == 0 ? "." : k.Dir, rel).StartsWith("..", StringComparison.Ordinal))
                {
                    problems.Add($"{where}: resource '{entry}' is a file outside the kustomization's directory (kustomize refuses it; reference its directory)");
                }

                resources.AddRange(tree.DocumentsOf(rel));
            }
            else
            {
                problems.Add(Directory.Exists(full)
                    ? $"{where}: resource '{entry}' is a directory without a {ManifestTree.KustomizationFile}"
                    : $"{where}: resource '{entry}' does not exist");
            }
        }

        foreach (var (patch, i) in k.Root.Get("patches").Items().Select((p, i) => (p, i)))
        {
            var path = patch.Get("path").Str();
            if (path is null || patch.Get("target") is not null || patch.Get("patch") is not null)
            {
                problems.Add($"{where}: patches[{i}] must be a strategic-merge patch file given by 'path' alone");
                continue;
            }

            var rel = tree.Resolve(k.Dir, path);
            if (!File.Exists(Path.Combine(tree.Dir, rel)))
            {
                problems.Add($"{where}: patch '{path}' does not exist");
                continue;
            }

            patches.AddRange(tree.DocumentsOf(rel));
        }

        visiting.Remove(k.Dir);
        return new KustomizeBuild(k, resources, patches);
    }

    private static string Join(string dir, string file) => dir.Length == 0 ? file : $"{dir}/{file}";
}
