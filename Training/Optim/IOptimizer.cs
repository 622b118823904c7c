namespace SweepCluster.Training.Optim;

/// <summary>
/// One optimizer over one flat parameter array. Its state (each moment a float array shaped like the parameters, plus
/// the step count) is exposed by name so a checkpoint can save and restore it exactly.
/// </summary>
internal interface IOptimizer
{
    /// <summary>Steps taken so far (PyTorch's per-parameter <c>step</c>; also decides SGD's first momentum step).</summary>
    long StepCount { get; set; }

    /// <summary>Names of the state arrays (PyTorch state keys, e.g. <c>exp_avg</c>, <c>exp_avg_sq</c>).</summary>
    IReadOnlyList<string> StateNames { get; }

    /// <summary>The state array called <paramref name="name"/>, laid out as the parameters.</summary>
    Span<float> State(string name);

    /// <summary>One update of <paramref name="parameters"/> from <paramref name="gradients"/> at <paramref name="learningRate"/>.</summary>
    void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate);
}

/// <summary>Shared plumbing of the optimizers: named state arrays.</summary>
internal abstract class OptimizerBase : IOptimizer
{
    private readonly string[] _names;
    private readonly float[][] _states;

    protected OptimizerBase(int size, params string[] names)
    {
        _names = names;
        _states = new float[names.Length][];
        for (int i = 0; i < names.Length; i++)
        {
            _states[i] = new float[size];
        }

        Size = size;
    }

    public long StepCount { get; set; }

    public IReadOnlyList<string> StateNames => _names;

    protected int Size { get; }

    public Span<float> State(string name)
    {
        int i = Array.IndexOf(_names, name);
        return i >= 0 ? _states[i] : throw new KeyNotFoundException($"no optimizer state named '{name}'");
    }

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate)
    {
        if (parameters.Length != Size || gradients.Length != Size)
        {
            throw new ArgumentException($"optimizer expects {Size} parameters and gradients.", nameof(parameters));
        }

        StepCount++;
        Update(parameters, gradients, learningRate);
    }

    protected float[] StateArray(int index) => _states[index];

    /// <summary>The update itself; <see cref="StepCount"/> already counts this step.</summary>
    protected abstract void Update(Span<float> p, ReadOnlySpan<float> g, float lr);
}
