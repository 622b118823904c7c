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
