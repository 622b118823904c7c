namespace SweepCluster.Training.Checkpoints;

/// <summary>Copies tensors read from a file into live tensors, matching by name and shape.</summary>
internal static class TensorLoader
{
    /// <summary>
    /// Copies each of <paramref name="source"/> into the target of the same name; a missing, extra or differently
    /// shaped tensor is a <see cref="CheckpointException"/> naming <paramref name="file"/>.
    /// </summary>
    public static void CopyInto(IReadOnlyList<NamedTensor> targets, IReadOnlyList<(string Name, int[] Shape, float[] Data)> source, string file)
    {
        var byName = source.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (NamedTensor target in targets)
        {
            if (!byName.Remove(target.Name, out (string Name, int[] Shape, float[] Data) t))
            {
                throw new CheckpointException($"{file}: tensor {target.Name} is missing");
            }

            if (!t.Shape.SequenceEqual(target.Shape))
            {
                throw new CheckpointException(
                    $"{file}: tensor {target.Name} has shape [{string.Join(", ", t.Shape)}], the model expects [{string.Join(", ", target.Shape)}]");
            }

            t.Data.CopyTo(target.View());
        }

        if (byName.Count > 0)
        {
            throw new CheckpointException($"{file}: unexpected tensor {byName.Keys.First()} (the model has no such tensor)");
        }
    }
}

/// <summary>Starts a model from another trial's checkpoint (<c>init_from</c>): the tensors both have, by name.</summary>
internal static class InitFrom
{
    /// <summary>
    /// Copies every tensor of <paramref name="source"/> whose name the model also has; a shared name with another shape
    /// is a <see cref="CheckpointException"/> naming both sides. Returns the names copied, the model's tensors left at
    /// their fresh initialisation, and the checkpoint's tensors not used. No name in common is an error.
    /// </summary>
    public static (List<string> Copied, List<string> Fresh, List<string> Unused) Copy(
        IReadOnlyList<NamedTensor> targets, IReadOnlyList<(string Name, int[] Shape, float[] Data)> source, string file)
    {
        var byName = source.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var (copied, fresh) = (new List<string>(), new List<string>());
        foreach (NamedTensor target in targets)
        {
            if (!byName.Remove(target.Name, out (string Name, int[] Shape, float[] Data) t))
            {
                fresh.Add(target.Name);
                continue;
            }

            if (!t.Shape.SequenceEqual(target.Shape))
            {
                throw new CheckpointException(
                    $"init_from {file}: tensor {target.Name} is [{string.Join(", ", t.Shape)}] in the checkpoint but [{string.Join(", ", target.Shape)}] in this trial (vocabulary, block_size and widths must match)");
            }

            t.Data.CopyTo(target.View());
            copied.Add(target.Name);
        }

        return copied.Count > 0
            ? (copied, fresh, [.. byName.Keys])
            : throw new CheckpointException($"init_from {file}: no tensor name in common with this trial's model (checkpoint has {string.Join(", ", source.Take(3).Select(s => s.Name))}…; trial has {string.Join(", ", targets.Take(3).Select(t => t.Name))}…)");
    }
}
