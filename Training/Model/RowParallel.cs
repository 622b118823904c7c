using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Model;

/// <summary>
/// Row-wise kernels split into a fixed number of chunks run on the pool: cross-entropy (loss partial sums added in chunk
/// order) and the feed-forward activation. The chunking does not depend on the thread count, so results are identical
/// for any number of threads. Cached delegates and instance fields keep calls allocation-free.
/// </summary>
internal sealed class RowParallel
{
    private const int Chunks = 16;
    private readonly ComputePool _pool;
    private readonly double[] _partial = new double[Chunks];
    private readonly Action<int> _crossEntropyChunk;
    private readonly Action<int> _activationChunk;
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private int[] _targets = [];
    private int _rows;
    private int _cols;
    private float _scale;
    private ActivationKind _kind;
    private bool _backward;

    public RowParallel(ComputePool pool)
    {
        _pool = pool;
        _crossEntropyChunk = CrossEntropyChunk;
        _activationChunk = ActivationChunk;
    }

    /// <summary>
    /// Cross-entropy over logits [rows, cols] with targets [rows] (−1 ignored): assigns dlogits = (softmax − onehot)·scale and
    /// returns the summed loss.
    /// </summary>
    public double CrossEntropy(float[] dlogits, float[] logits, int[] targets, int rows, int cols, float scale)
    {
        (_a, _b, _targets, _rows, _cols, _scale) = (dlogits, logits, targets, rows, cols, scale);
        _pool.For(Chunks, _crossEntropyChunk);
        double total = 0;
        foreach (double p in _partial)
        {
            total += p;
        }

        return total;
    }

    /// <summary>y = act(x) over [rows, cols].</summary>
    public void ActivationForward(ActivationKind kind, float[] y, float[] x, int rows, int cols)
    {
        (_kind, _backward, _a, _b, _rows, _cols) = (kind, false, y, x, rows, cols);
        _pool.For(Chunks, _activationChunk);
    }

    /// <summary>dx = act'(x)·dy over [rows, cols].</summary>
    public void ActivationBackward(ActivationKind kind, float[] dx, float[] dy, float[] x, int rows, int cols)
    {
        (_kind, _backward, _a, _b, _c, _rows, _cols) = (kind, true, dx, dy, x, rows, cols);
        _pool.For(Chunks, _activationChunk);
    }

    private (int Start, int Count) Range(int chunk)
    {
        int start = (int)((long)chunk * _rows / Chunks);
        int end = (int)((long)(chunk + 1) * _rows / Chunks);
        return (start, end - start);
    }

    private void CrossEntropyChunk(int chunk)
    {
        (int start, int count) = Range(chunk);
        int off = start * _cols, len = count * _cols;
        _partial[chunk] = count == 0 ? 0 : CrossEntropyKernel.ForwardBackward(
            _a.AsSpan(off, len), _b.AsSpan(off, len), _targets.AsSpan(start, count), count, _cols, _scale);
    }

    private void ActivationChunk(int chunk)
    {
        (int start, int count) = Range(chunk);
        int off = start * _cols, len = count * _cols;
        if (_backward)
        {
            Activation.Backward(_kind, _a.AsSpan(off, len), _b.AsSpan(off, len), _c.AsSpan(off, len));
        }
        else
        {
            Activation.Forward(_kind, _a.AsSpan(off, len), _b.AsSpan(off, len));
        }
    }
}
