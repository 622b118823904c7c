using System.Globalization;
using System.Text.Json;
using SweepCluster.Coordinator.Hocon;

namespace SweepCluster.Coordinator.Tests.Hocon;

/// <summary>The reference implementation's test resources (../shared/hocon/lightbend), parsed by our parser.</summary>
public sealed class LightbendConformanceTests
{
    private static string Lightbend => Path.Combine(SharedData.Root!, "hocon", "lightbend");

    [SharedFact]
    public void LoadFile_EquivFolders_EqualOriginalJson()
    {
        var folders = Directory.GetDirectories(Lightbend, "equiv*").Order().ToList();
        Assert.NotEmpty(folders);
        var checkedFiles = 0;
        foreach (var folder in folders)
        {
            var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "original.json"))).RootElement;
            var files = Directory.GetFiles(folder).Where(f => f.EndsWith(".conf", StringComparison.Ordinal)
                || (f.EndsWith(".json", StringComparison.Ordinal) && Path.GetFileName(f) != "original.json")).Order();
            foreach (var file in files)
            {
                var actual = HoconJson.ToJsonElement(HoconLoader.LoadFile(file, HoconOptions.WithoutEnvironment));
                var difference = Compare(expected, actual, "");
                Assert.True(difference is null, $"{file}: {difference}");
                checkedFiles++;
            }
        }

        Assert.True(checkedFiles >= 15, $"only {checkedFiles} equivalence files found");
    }

    [SharedFact]
    public void LoadFile_CycleConf_FailsWithCycleError()
    {
        var e = Assert.Throws<ConfigException>(() => HoconLoader.LoadFile(Path.Combine(Lightbend, "cycle.conf"), HoconOptions.WithoutEnvironment));
        Assert.Contains("cycle", e.Message, StringComparison.Ordinal);
    }

    [SharedFact]
    public void LoadFile_EveryOtherConf_ParsesAndResolves()
    {
        var env = new Dictionary<string, string>
        {
            ["b"] = "from-env", // test13-reference-bad-substitutions.conf: a = ${b}
            ["bar"] = "from-env", // test03-included.conf (meant to be included): b = ${bar}
        };
        var files = Directory.GetFiles(Lightbend, "*.conf", SearchOption.AllDirectories)
            .Where(f => !f.Contains("equiv", StringComparison.Ordinal) && Path.GetFileName(f) != "cycle.conf").Order().ToList();
        Assert.True(files.Count >= 25, $"only {files.Count} files found");
        foreach (var file in files)
        {
            var options = new HoconOptions { Environment = name => env.GetValueOrDefault(name) };
            var root = HoconLoader.LoadFile(file, options);
            Assert.NotNull(root);
        }
    }

    [SharedFact]
    public void LoadFile_Test01_ReadsReferenceValues()
    {
        var root = HoconLoader.LoadFile(Path.Combine(Lightbend, "test01.conf"), HoconOptions.WithoutEnvironment);
        Assert.Equal("abcd", Text(root, "strings", "abcdAgain"));
        Assert.Equal("null bar 42 baz true 3.14 hi", Text(root, "strings", "concatenated"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), HoconUnits.AsDuration(root.Find(["durations", "halfSecond"])!));
        Assert.Equal(1024L * 1024, HoconUnits.AsBytes(root.Find(["memsizes", "meg"])!));
        Assert.Equal(3, ((HoconArray)root.Find(["arrays", "ofObject"])!).Items.Count);
        Assert.Null(root.Find(["system", "not_here"]));
    }

    [SharedFact]
    public void LoadFile_Test03_IncludesRelativizeAndFallBack()
    {
        var root = HoconLoader.LoadFile(Path.Combine(Lightbend, "test03.conf"), HoconOptions.WithoutEnvironment);
        Assert.Equal("42", Text(root, "test01", "booleans"));
        Assert.Equal("42", Text(root, "test01", "ints", "fortyTwo"));
        Assert.Equal("1", Text(root, "test01", "fromJson1"));
        Assert.Equal("abc", Text(root, "test01", "fromProps", "abc"));
        Assert.Equal("This is in the included file", Text(root, "subtree", "a"));
        Assert.Equal("This is in the including file", Text(root, "subtree", "b"));
        Assert.Equal("This is in the included file", Text(root, "a"));
    }

    private static string Text(HoconObject root, params string[] path) => ((HoconScalar)root.Find(path)!).Text;

    private static string? Compare(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.Number)
        {
            return expected.GetDouble().Equals(actual.GetDouble()) ? null : $"{path}: {expected} != {actual}";
        }

        if (expected.ValueKind != actual.ValueKind)
        {
            return $"{path}: expected {expected.ValueKind} {expected}, found {actual.ValueKind} {actual}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).Order().ToList();
                var actualKeys = actual.EnumerateObject().Select(p => p.Name).Order().ToList();
                if (!expectedKeys.SequenceEqual(actualKeys))
                {
                    return $"{path}: keys [{string.Join(',', expectedKeys)}] != [{string.Join(',', actualKeys)}]";
                }

                return expectedKeys.Select(k => Compare(expected.GetProperty(k), actual.GetProperty(k), $"{path}.{k}"))
                    .FirstOrDefault(d => d is not null);
            case JsonValueKind.Array:
                var e = expected.EnumerateArray().ToList();
                var a = actual.EnumerateArray().ToList();
                return e.Count != a.Count
                    ? $"{path}: {e.Count} items != {a.Count}"
                    : e.Select((item, i) => Compare(item, a[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]")))
                        .FirstOrDefault(d => d is not null);
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : $"{path}: \"{expected.GetString()}\" != \"{actual.GetString()}\"";
            default:
                return null;
        }
    }
}
