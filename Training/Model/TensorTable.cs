namespace SweepCluster.Training.Model;

/// <summary>One named tensor inside a flat parameter array: PyTorch state-dict name, shape, offset and length.</summary>
internal sealed record TensorInfo(string Name, int[] Shape, int Offset, int Length);

/// <summary>
/// The size table that maps tensor names to slices of one contiguous float array (parameters, gradients and every
/// optimizer moment share the same layout). Order is PyTorch's state-dict order.
/// </summary>
internal sealed class TensorTable
{
    private readonly List<TensorInfo> _tensors = [];
    private readonly Dictionary<string, TensorInfo> _byName = new(StringComparer.Ordinal);

    /// <summary>The tensors in layout order.</summary>
    public IReadOnlyList<TensorInfo> Tensors => _tensors;

    /// <summary>Total floats of all tensors.</summary>
    public int TotalLength { get; private set; }

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    public TensorInfo this[string name] =>
        _byName.TryGetValue(name, out TensorInfo? t) ? t : throw new KeyNotFoundException($"no tensor named '{name}'");

    /// <summary>True when a tensor called <paramref name="name"/> exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Appends a tensor of the given shape and returns it.</summary>
    public TensorInfo Add(string name, params int[] shape)
    {
        int length = 1;
        foreach (int d in shape)
        {
            length = checked(length * d);
        }

        var info = new TensorInfo(name, shape, TotalLength, length);
        _byName.Add(name, info);
        _tensors.Add(info);
        TotalLength = checked(TotalLength + length);
        return info;
    }

    /// <summary>The view of <paramref name="tensor"/> inside <paramref name="flat"/>.</summary>
    public static Span<float> Slice(float[] flat, TensorInfo tensor) => flat.AsSpan(tensor.Offset, tensor.Length);
}
