using System.Security.Cryptography;
using System.Text.Json;

namespace SweepCluster.Training.Checkpoints;

/// <summary>A checkpoint read back: its state and its parameter and optimizer tensors by name.</summary>
internal sealed record LoadedCheckpoint(
    string Directory,
    CheckpointState State,
    IReadOnlyList<(string Name, int[] Shape, float[] Data)> Parameters,
    IReadOnlyList<(string Name, int[] Shape, float[] Data)> Optimizer);

/// <summary>
/// Writes and reads checkpoint directories (<c>model.safetensors</c>, <c>optimizer.safetensors</c>, <c>trial.json</c>).
/// A directory is replaced atomically: files go to <c>DIR.tmp</c> (each fsynced), the old directory is moved aside,
/// the new one renamed into place, the old one deleted.
/// </summary>
internal static class CheckpointStore
{
    /// <summary>Model tensor file name.</summary>
    public const string ModelFileName = "model.safetensors";

    /// <summary>Optimizer state file name.</summary>
    public const string OptimizerFileName = "optimizer.safetensors";

    /// <summary>State file name.</summary>
    public const string StateFileName = "trial.json";

    /// <summary>JSON options of <c>trial.json</c> (snake_case, indented).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    /// <summary>Writes a checkpoint to <paramref name="dir"/>, replacing any previous one atomically.</summary>
    public static void Write(string dir, CheckpointState state, IReadOnlyList<NamedTensor> parameters, IReadOnlyList<NamedTensor> optimizer)
    {
        string full = Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar);
        string tmp = full + ".tmp";
        string old = full + ".old";
        if (Directory.Exists(tmp))
        {
            Directory.Delete(tmp, recursive: true);
        }

        Directory.CreateDirectory(tmp);
        byte[] model = SafeTensors.Serialize(parameters, new Dictionary<string, string> { ["format"] = "pt" });
        byte[] opt = SafeTensors.Serialize(optimizer);
        var sums = new Dictionary<string, string>
        {
            [ModelFileName] = Convert.ToHexStringLower(SHA256.HashData(model)),
            [OptimizerFileName] = Convert.ToHexStringLower(SHA256.HashData(opt)),
        };
        WriteSynced(Path.Combine(tmp, ModelFileName), model);
        WriteSynced(Path.Combine(tmp, OptimizerFileName), opt);
        WriteSynced(Path.Combine(tmp, StateFileName), JsonSerializer.SerializeToUtf8Bytes(state with { Checksums = sums }, Json));
        if (Directory.Exists(old))
        {
            Directory.Delete(old, recursive: true);
        }

        if (Directory.Exists(full))
        {
            Directory.Move(full, old);
        }

        Directory.Move(tmp, full);
        if (Directory.Exists(old))
        {
            Directory.Delete(old, recursive: true);
        }
    }

    /// <summary>Reads the checkpoint in <paramref name="dir"/>; a missing, wrong-version or corrupt file fails naming it.</summary>
    public static LoadedCheckpoint Read(string dir)
    {
        string statePath = Path.Combine(dir, StateFileName);
        if (!File.Exists(statePath))
        {
            throw new CheckpointException($"{statePath}: not found ({dir} is not a checkpoint directory)");
        }

        byte[] stateBytes = ReadFile(statePath);
        CheckpointState state;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(stateBytes);
            if (!doc.RootElement.TryGetProperty("format_version", out JsonElement v) || !v.TryGetInt32(out int version))
            {
                throw new CheckpointException($"{statePath}: no format_version");
            }

            if (version != CheckpointState.CurrentVersion)
            {
                throw new CheckpointException($"{statePath}: format_version {version} is not supported (this build reads {CheckpointState.CurrentVersion})");
            }

            state = JsonSerializer.Deserialize<CheckpointState>(stateBytes, Json)
                ?? throw new CheckpointException($"{statePath}: empty");
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{statePath}: malformed JSON ({e.Message})");
        }

        return new LoadedCheckpoint(
            dir, state, ReadTensors(dir, ModelFileName, state), ReadTensors(dir, state.OptimizerFile, state));
    }

    private static IReadOnlyList<(string, int[], float[])> ReadTensors(string dir, string name, CheckpointState state)
    {
        string path = Path.Combine(dir, name);
        if (!File.Exists(path))
        {
            throw new CheckpointException($"{path}: not found");
        }

        byte[] bytes = ReadFile(path);
        if (state.Checksums.TryGetValue(name, out string? expected) && Convert.ToHexStringLower(SHA256.HashData(bytes)) != expected)
        {
            throw new CheckpointException($"{path}: checksum mismatch with {StateFileName} (the file is corrupt or was modified)");
        }

        return SafeTensors.Deserialize(bytes, path);
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"{path}: cannot read ({e.Message})");
        }
    }

    private static void WriteSynced(string path, byte[] bytes)
    {
        using var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        fs.Write(bytes);
        fs.Flush(flushToDisk: true);
    }
}
