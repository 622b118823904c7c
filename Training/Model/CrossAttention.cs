using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Model;

/// <summary>
/// Multi-head encoder–decoder (cross) attention, the part between the decoder's query Linear, the key/value Linear over
/// the encoder output, and the output projection.
/// Shapes: q, dq [B, Tq, C] (head h at columns h·hd); kv, dkv [B, Tk, 2C] (k | v); y, dy [B, Tq, C];
/// srcPad [B, Tk] (true = padding key); Probs [B, H, Tq, Tk].
/// Scores s_ij = q_i·k_j/√hd, padding keys masked (a source of all padding is left unmasked), softmax, y = P·v.
/// No causal mask and no dropout on the probabilities (the residual branch has dropout). Parallel over (batch, head),
/// each item in a fixed order, so results do not depend on the thread count. One instance per decoder layer (it keeps
/// the probabilities of its last forward for backward).
/// </summary>
internal sealed class CrossAttention
{
    private readonly ComputePool _pool;
    private readonly int _c;
    private readonly int _h;
    private readonly int _hd;
    private readonly float _scale;
    private readonly float[] _qh;
    private readonly float[] _kh;
    private readonly float[] _vh;
    private readonly float[] _probs;
    private readonly float[] _dprobs;
    private readonly float[] _dscores;
    private readonly float[] _dqh;
    private readonly float[] _dkh;
    private readonly float[] _dvh;
    private readonly Action<int> _forwardItem;
    private readonly Action<int> _backwardItem;

    // Per-call arguments (spans cannot be captured); backward reuses _q for dq, _kv for dkv and _y for dy.
    private float[] _q = [];
    private float[] _kv = [];
    private float[] _y = [];
    private bool[] _pad = [];
    private int _tq;
    private int _tk;

    /// <summary>Buffers for up to <paramref name="maxBatch"/> rows, <paramref name="maxTq"/> queries and <paramref name="maxTk"/> keys.</summary>
    public CrossAttention(int dModel, int heads, int maxBatch, int maxTq, int maxTk, ComputePool pool)
    {
        _pool = pool;
        _c = dModel;
        _h = heads;
        _hd = dModel / heads;
        _scale = (float)(1.0 / Math.Sqrt(_hd));
        _qh = new float[maxBatch * maxTq * dModel];
        _dqh = new float[_qh.Length];
        _kh = new float[maxBatch * maxTk * dModel];
        _vh = new float[_kh.Length];
        _dkh = new float[_kh.Length];
        _dvh = new float[_kh.Length];
        _probs = new float[maxBatch * heads * maxTq * maxTk];
        _dprobs = new float[_probs.Length];
        _dscores = new float[_probs.Length];
        _forwardItem = ForwardItem;
        _backwardItem = BackwardItem;
    }

    /// <summary>Probabilities of the last forward: [B, H, Tq, Tk].</summary>
    public ReadOnlySpan<float> Probs(int b) => _probs.AsSpan(0, b * _h * _tq * _tk);

    /// <summary>y = softmax(q·kᵀ/√hd, padding keys masked)·v.</summary>
    public void Forward(float[] q, float[] kv, float[] y, bool[] srcPad, int b, int tq, int tk)
    {
        (_q, _kv, _y, _pad, _tq, _tk) = (q, kv, y, srcPad, tq, tk);
        _pool.For(b * _h, _forwardItem);
    }

    /// <summary>dq and dkv (assigned) from dy, using the last <see cref="Forward"/> (same b, tq, tk).</summary>
    public void Backward(float[] dq, float[] dkv, float[] dy, int b)
    {
        (_q, _kv, _y) = (dq, dkv, dy);
        _pool.For(b * _h, _backwardItem);
    }

    private void ForwardItem(int item)
    {
        int b = item / _h, h = item % _h, tq = _tq, tk = _tk, hd = _hd, c = _c;
        Span<float> q = _qh.AsSpan(item * tq * hd, tq * hd);
        Span<float> k = _kh.AsSpan(item * tk * hd, tk * hd);
        Span<float> v = _vh.AsSpan(item * tk * hd, tk * hd);
        for (int p = 0; p < tq; p++)
        {
            _q.AsSpan((((b * tq) + p) * c) + (h * hd), hd).CopyTo(q.Slice(p * hd, hd));
        }

        bool anyKey = false;
        for (int j = 0; j < tk; j++)
        {
            int src = (((b * tk) + j) * 2 * c) + (h * hd);
            _kv.AsSpan(src, hd).CopyTo(k.Slice(j * hd, hd));
            _kv.AsSpan(src + c, hd).CopyTo(v.Slice(j * hd, hd));
            anyKey |= !_pad[(b * tk) + j];
        }

        Span<float> s = _probs.AsSpan(item * tq * tk, tq * tk);
        Gemm.Multiply(ComputePool.Single, false, true, tq, tk, hd, q, hd, k, hd, s, tk, false);
        for (int i = 0; i < tq; i++)
        {
            Span<float> row = s.Slice(i * tk, tk);
            for (int j = 0; j < tk; j++)
            {
                row[j] = anyKey && _pad[(b * tk) + j] ? float.NegativeInfinity : row[j] * _scale;
            }

            SoftmaxKernel.Forward(row, tk);
        }

        Span<float> y = _y.AsSpan((b * tq * c) + (h * hd), ((tq - 1) * c) + hd);
        Gemm.Multiply(ComputePool.Single, false, false, tq, hd, tk, s, tk, v, hd, y, c, false);
    }

    private void BackwardItem(int item)
    {
        int b = item / _h, h = item % _h, tq = _tq, tk = _tk, hd = _hd, c = _c;
        ReadOnlySpan<float> dy = _y.AsSpan((b * tq * c) + (h * hd), ((tq - 1) * c) + hd);
        ReadOnlySpan<float> p = _probs.AsSpan(item * tq * tk, tq * tk);
        Span<float> dp = _dprobs.AsSpan(item * tq * tk, tq * tk);
        Span<float> ds = _dscores.AsSpan(item * tq * tk, tq * tk);
        Span<float> dq = _dqh.AsSpan(item * tq * hd, tq * hd);
        Span<float> dk = _dkh.AsSpan(item * tk * hd, tk * hd);
        Span<float> dv = _dvh.AsSpan(item * tk * hd, tk * hd);
        Gemm.Multiply(ComputePool.Single, false, true, tq, tk, hd, dy, c, _vh.AsSpan(item * tk * hd, tk * hd), hd, dp, tk, false);
        Gemm.Multiply(ComputePool.Single, true, false, tk, hd, tq, p, tk, dy, c, dv, hd, false);
        for (int i = 0; i < tq; i++)
        {
            Span<float> row = ds.Slice(i * tk, tk);
            SoftmaxKernel.Backward(row, dp.Slice(i * tk, tk), p.Slice(i * tk, tk), tk);
            for (int j = 0; j < tk; j++)
            {
                row[j] *= _scale;
            }
        }

        Gemm.Multiply(ComputePool.Single, false, false, tq, hd, tk, ds, tk, _kh.AsSpan(item * tk * hd, tk * hd), hd, dq, hd, false);
        Gemm.Multiply(ComputePool.Single, true, false, tk, hd, tq, ds, tk, _qh.AsSpan(item * tq * hd, tq * hd), hd, dk, hd, false);
        for (int i = 0; i < tq; i++)
        {
            dq.Slice(i * hd, hd).CopyTo(_q.AsSpan((((b * tq) + i) * c) + (h * hd), hd));
        }

        for (int j = 0; j < tk; j++)
        {
            int dst = (((b * tk) + j) * 2 * c) + (h * hd);
            dk.Slice(j * hd, hd).CopyTo(_kv.AsSpan(dst, hd));
            dv.Slice(j * hd, hd).CopyTo(_kv.AsSpan(dst + c, hd));
        }
    }
}
