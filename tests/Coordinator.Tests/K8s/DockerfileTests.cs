namespace SweepCluster.Coordinator.Tests.K8s;

public sealed class DockerfileTests
{
    public static TheoryData<string> All => ["Coordinator/Dockerfile", "GpuWorker/Dockerfile", "GpuWorker/Dockerfile.cuda"];

    [Theory]
    [MemberData(nameof(All))]
    public void FinalStage_User_IsNonRoot(string path)
    {
        var user = Dockerfile.Load(path).Last("USER");

        Assert.NotNull(user);
        Assert.DoesNotMatch(@"^(root|0)(:|$)", user);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Build_CopiedSources_ExistAndAreNotDockerIgnored(string path)
    {
        var root = SharedData.RepoRoot;
        var ignored = File.ReadAllLines(Path.Combine(root, ".dockerignore"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.TrimEnd('/'))
            .ToList();
        var sources = Dockerfile.Load(path).Instructions
            .Where(i => i.Op == "COPY" && !i.Args.StartsWith("--", StringComparison.Ordinal))
            .SelectMany(i => i.Args.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
            .ToList();

        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            Assert.True(File.Exists(Path.Combine(root, source)) || Directory.Exists(Path.Combine(root, source)), $"{path}: COPY {source}: no such file");
            Assert.DoesNotContain(source.TrimEnd('/'), ignored);
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Build_EveryProjectTheProgramReferences_IsCopied(string path)
    {
        var root = SharedData.RepoRoot;
        var program = path.Split('/')[0];
        var copied = Dockerfile.Load(path).Instructions.Where(i => i.Op == "COPY").Select(i => i.Args).ToList();

        foreach (var project in ProjectClosure(root, program))
        {
            Assert.Contains(copied, c => c.StartsWith($"{project}/ ", StringComparison.Ordinal));
            Assert.Contains(copied, c => c.StartsWith($"{project}/{project}.csproj ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("Coordinator/Dockerfile", typeof(SweepCluster.Coordinator.Program))]
    [InlineData("GpuWorker/Dockerfile", typeof(SweepCluster.GpuWorker.Program))]
    [InlineData("GpuWorker/Dockerfile.cuda", typeof(SweepCluster.GpuWorker.Program))]
    public void Entrypoint_RunsTheProgramsAssembly(string path, Type program)
    {
        var entry = Dockerfile.ExecForm(Dockerfile.Load(path).Last("ENTRYPOINT")!);
        var assembly = program.Assembly.GetName().Name;

        Assert.Equal(["dotnet", $"/app/{assembly}.dll"], entry);
    }

    [Fact]
    public void CoordinatorImage_ExposedPort_IsTheManifestsContainerPort()
    {
        var build = Overlays.Build("base");
        var container = Assert.Single(Overlays.Containers(build.Resources, K8sNames.Coordinator, K8sNames.CoordinatorContainer)).Container;

        var exposed = Dockerfile.Load("Coordinator/Dockerfile").Last("EXPOSE");

        Assert.NotNull(exposed);
        Assert.NotNull(ServiceUrlTests.ContainerPort(container, exposed));
    }

    [Fact]
    public void CoordinatorImage_HealthCheck_AsksTheLivenessProbesPathAndPort()
    {
        var container = Assert.Single(Overlays.Containers(Overlays.Build("base").Resources, K8sNames.Coordinator, K8sNames.CoordinatorContainer)).Container;
        var check = Dockerfile.Load("Coordinator/Dockerfile").HealthCheck();
        Assert.NotNull(check);

        Assert.Equal(container.At("livenessProbe", "httpGet", "path").Str(), check.Value.Path);
        Assert.Equal(ServiceUrlTests.ContainerPort(container, container.At("livenessProbe", "httpGet", "port").Str()!), check.Value.Port);
    }

    [Theory]
    [InlineData("Coordinator/Dockerfile", K8sNames.Coordinator, K8sNames.CoordinatorContainer, "base")]
    [InlineData("GpuWorker/Dockerfile", K8sNames.Worker, K8sNames.WorkerContainer, "overlays/cpu")]
    [InlineData("GpuWorker/Dockerfile.cuda", K8sNames.Worker, K8sNames.WorkerContainer, "overlays/gpu")]
    public void Images_WritablePaths_AreWritableVolumesInTheManifests(string path, string workload, string container, string overlay)
    {
        var dockerfile = Dockerfile.Load(path);
        var effective = EffectiveContainer.Of(Overlays.Build(overlay), workload, container);
        var volumes = dockerfile.FinalStage.Where(i => i.Op == "VOLUME").SelectMany(i => Dockerfile.ExecForm(i.Args)).ToList();

        Assert.NotEmpty(volumes);
        Assert.All(volumes.Append("/tmp"), v => Assert.True(effective.IsWritable(v), $"{path}: {v} is not a writable volume of {workload}/{container}"));
        Assert.True(effective.IsWritable(dockerfile.Last("WORKDIR")!), $"{path}: the working directory is not writable in {workload}");
    }

    [Fact]
    public void Manifests_Images_AreTheDocumentedImageNames()
    {
        var tree = ManifestTree.LoadRepository();
        var images = tree.Documents.SelectMany(d => d.Containers).Select(c => c.Get("image").Str())
            .OfType<string>()
            .Where(i => i.Contains("sweepcluster/", StringComparison.Ordinal))
            .Select(i => i.Split(':')[0].Split('/')[^1])
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Equal(["coordinator", "gpuworker", "gpuworker-cuda"], images);
    }

    /// <summary>The project folder and every project it references, transitively (folder name = project name).</summary>
    private static IEnumerable<string> ProjectClosure(string root, string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var todo = new Stack<string>([project]);
        while (todo.TryPop(out var p))
        {
            if (!seen.Add(p))
            {
                continue;
            }

            var csproj = System.Xml.Linq.XDocument.Load(Path.Combine(root, p, p + ".csproj"));
            foreach (var r in csproj.Descendants("ProjectReference"))
            {
                var include = r.Attribute("Include")!.Value.Replace('\\', '/');
                todo.Push(include.Split('/')[^2]);
            }
        }

        return seen;
    }
}
