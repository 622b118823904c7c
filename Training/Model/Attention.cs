using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Model;

/// <summary>What one layer's attention keeps from forward for backward (and for attention heat maps).</summary>
/// <remarks>Shapes: Q, K, V [B, H, T, hd] (Q and K after RoPE); Probs [B, H, T, T] (softmax, before dropout);
/// Dropped and Mask [B, H, T, T] only when dropout &gt; 0 (else empty).</remarks>
internal sealed class AttentionBuffers(int maxBatch, ModelConfig c)
{
    public float[] Q { get; } = new float[maxBatch * c.Block * c.DModel];

    public float[] K { get; } = new float[maxBatch * c.Block * c.DModel];

    public float[] V { get; } = new float[maxBatch * c.Block * c.DModel];

    public float[] Probs { get; } = new float[maxBatch * c.Heads * c.Block * c.Block];

    public float[] Dropped { get; } = c.Dropout > 0 ? new float[maxBatch * c.Heads * c.Block * c.Block] : [];

    public float[] Mask { get; } = c.Dropout > 0 ? new float[maxBatch * c.Heads * c.Block * c.Block] : [];
}

/// <summary>
/// Multi-head scaled dot-product self-attention, the part between the qkv and proj Linears.
/// Shapes: qkv, dqkv [B, T, 3C] (q | k | v; head h at columns h·hd of each third); y, dy [B, T, C].
/// Scores s_ij = q_i·k_j/√hd (+ ALiBi −slope·|i−j|); causal rows keep j ≤ i; encoder rows mask padding keys (id 0;
/// a row of all padding is left unmasked). Softmax, dropout (kept mask), then y = P·v.
/// Work is parallel over (batch, head) on the pool; each item is computed in a fixed order, so results do not depend on
/// the thread count. One instance serves every layer of a model (called sequentially).
/// </summary>
internal sealed class Attention
{
    private readonly ComputePool _pool;
    private readonly int _c;
    private readonly int _h;
    private readonly int _hd;
    private readonly bool _causal;
    private readonly float _scale;
    private readonly float[] _slopes;
    private readonly float[] _cos;
    private readonly float[] _sin;
    private readonly float[] _dq;
    private readonly float[] _dk;
    private readonly float[] _dv;
    private readonly float[] _dprobs;
    private readonly float[] _dscores;
    private readonly Action<int> _forwardItem;
    private readonly Action<int> _backwardItem;

    // Per-call arguments, set before pool.For (spans cannot be captured).
    private AttentionBuffers? _buf;
    private float[] _qkv = [];
    private float[] _y = [];
    private bool[] _pad = [];
    private bool[] _rowHasKeys = [];
    private bool _usePad;
    private bool _training;
    private int _t;

    public Attention(ModelConfig config, int maxBatch, ComputePool pool)
    {
        _pool = pool;
        _c = config.DModel;
        _h = config.Heads;
        _hd = config.HeadDim;
        _causal = config.Head == HeadKind.LanguageModel;
        _scale = (float)(1.0 / Math.Sqrt(_hd));
        _slopes = config.Positional == PositionalScheme.Alibi ? Alibi.Slopes(_h) : [];
        (_cos, _sin) = config.Positional == PositionalScheme.Rope ? Rotary.Tables(config.Block, _hd) : ([], []);
        int headFloats = maxBatch * config.Block * config.DModel;
        int scoreFloats = maxBatch * config.Heads * config.Block * config.Block;
        _dq = new float[headFloats];
        _dk = new float[headFloats];
        _dv = new float[headFloats];
        _dprobs = new float[scoreFloats];
        _dscores = new float[scoreFloats];
        _forwardItem = ForwardItem;
        _backwardItem = BackwardItem;
    }

    /// <summary>
    /// y = attention(qkv). <paramref name="pad"/> [B, T] marks padding keys and <paramref name="rowHasKeys"/> [B] says
    /// whether a sequence has any non-padding key (both ignored for the causal decoder). Dropout masks in
    /// <paramref name="buf"/> must already be sampled when dropout &gt; 0 and <paramref name="training"/>.
    /// </summary>
    public void Forward(AttentionBuffers buf, float[] qkv, float[] y, bool[] pad, bool[] rowHasKeys, bool training, int b, int t)
    {
        _buf = buf;
        _qkv = qkv;
        _y = y;
        _pad = pad;
        _rowHasKeys = rowHasKeys;
        _usePad = !_causal;
        _t = t;
        _training = training && buf.Mask.Length > 0;
        _pool.For(b * _h, _forwardItem);
        _buf = null;
    }

    /// <summary>dqkv = ∂L/∂qkv (assigned) from dy, using what <see cref="Forward"/> kept in <paramref name="buf"/>.</summary>
    public void Backward(AttentionBuffers buf, float[] dqkv, float[] dy, int b, int t)
    {
        _buf = buf;
        _qkv = dqkv;
        _y = dy;
        _t = t;
        _pool.For(b * _h, _backwardItem);
        _buf = null;
    }

    private void ForwardItem(int item)
    {
        AttentionBuffers buf = _buf!;
        int b = item / _h, h = item % _h, t = _t, hd = _hd, c = _c;
        int headOff = item * t * hd;
        Span<float> q = buf.Q.AsSpan(headOff, t * hd);
        Span<float> k = buf.K.AsSpan(headOff, t * hd);
        Span<float> v = buf.V.AsSpan(headOff, t * hd);
        for (int p = 0; p < t; p++)
        {
            int src = (((b * t) + p) * 3 * c) + (h * hd);
            _qkv.AsSpan(src, hd).CopyTo(q.Slice(p * hd, hd));
            _qkv.AsSpan(src + c, hd).CopyTo(k.Slice(p * hd, hd));
            _qkv.AsSpan(src + (2 * c), hd).CopyTo(v.Slice(p * hd, hd));
            if (_cos.Length > 0)
            {
                Rotary.Forward(q.Slice(p * hd, hd), _cos, _sin, p);
                Rotary.Forward(k.Slice(p * hd, hd), _cos, _sin, p);
            }
        }

        int scoreOff = item * t * t;
        Span<float> s = buf.Probs.AsSpan(scoreOff, t * t);
        Gemm.Multiply(ComputePool.Single, false, true, t, t, hd, q, hd, k, hd, s, t, false);
        bool mask = _usePad && _rowHasKeys[b];
        float slope = _slopes.Length > 0 ? _slopes[h] : 0f;
        for (int i = 0; i < t; i++)
        {
            Span<float> row = s.Slice(i * t, t);
            int length = _causal ? i + 1 : t;
            for (int j = 0; j < length; j++)
            {
                row[j] = (row[j] * _scale) - (slope * Math.Abs(i - j));
                if (mask && _pad[(b * t) + j])
                {
                    row[j] = float.NegativeInfinity;
                }
            }

            SoftmaxKernel.Forward(row, length);
        }

        ReadOnlySpan<float> pUsed = s;
        if (_training)
        {
            Span<float> dropped = buf.Dropped.AsSpan(scoreOff, t * t);
            Dropout.Apply(dropped, s, buf.Mask.AsSpan(scoreOff, t * t));
            pUsed = dropped;
        }

        int yOff = (b * t * c) + (h * hd);
        Gemm.Multiply(ComputePool.Single, false, false, t, hd, t, pUsed, t, v, hd, _y.AsSpan(yOff, ((t - 1) * c) + hd), c, false);
    }

    private void BackwardItem(int item)
    {
        AttentionBuffers buf = _buf!;
        int b = item / _h, h = item % _h, t = _t, hd = _hd, c = _c;
        int headOff = item * t * hd;
        int scoreOff = item * t * t;
        ReadOnlySpan<float> dy = _y.AsSpan((b * t * c) + (h * hd), ((t - 1) * c) + hd);
        ReadOnlySpan<float> probs = buf.Probs.AsSpan(scoreOff, t * t);
        bool dropout = buf.Mask.Length > 0;
        ReadOnlySpan<float> pUsed = dropout ? buf.Dropped.AsSpan(scoreOff, t * t) : probs;
        Span<float> dp = _dprobs.AsSpan(scoreOff, t * t);
        Span<float> ds = _dscores.AsSpan(scoreOff, t * t);
        Span<float> dq = _dq.AsSpan(headOff, t * hd);
        Span<float> dk = _dk.AsSpan(headOff, t * hd);
        Span<float> dv = _dv.AsSpan(headOff, t * hd);

        Gemm.Multiply(ComputePool.Single, false, true, t, t, hd, dy, c, buf.V.AsSpan(headOff, t * hd), hd, dp, t, false);
        Gemm.Multiply(ComputePool.Single, true, false, t, hd, t, pUsed, t, dy, c, dv, hd, false);
        if (dropout)
        {
            Dropout.Apply(dp, dp, buf.Mask.AsSpan(scoreOff, t * t));
        }

        for (int i = 0; i < t; i++)
        {
            int length = _causal ? i + 1 : t;
            Span<float> dsRow = ds.Slice(i * t, t);
            SoftmaxKernel.Backward(dsRow, dp.Slice(i * t, t), probs.Slice(i * t, t), length);
            for (int j = 0; j < length; j++)
            {
                dsRow[j] *= _scale;
            }
        }

        Gemm.Multiply(ComputePool.Single, false, false, t, hd, t, ds, t, buf.K.AsSpan(headOff, t * hd), hd, dq, hd, false);
        Gemm.Multiply(ComputePool.Single, true, false, t, hd, t, ds, t, buf.Q.AsSpan(headOff, t * hd), hd, dk, hd, false);
        for (int p = 0; p < t; p++)
        {
            if (_cos.Length > 0)
            {
                Rotary.Backward(dq.Slice(p * hd, hd), _cos, _sin, p);
                Rotary.Backward(dk.Slice(p * hd, hd), _cos, _sin, p);
            }

            int dst = (((b * t) + p) * 3 * c) + (h * hd);
            dq.Slice(p * hd, hd).CopyTo(_qkv.AsSpan(dst, hd));
            dk.Slice(p * hd, hd).CopyTo(_qkv.AsSpan(dst + c, hd));
            dv.Slice(p * hd, hd).CopyTo(_qkv.AsSpan(dst + (2 * c), hd));
        }
    }
}
