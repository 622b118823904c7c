using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Model;

/// <summary>
/// Forward and backward passes of the encoder–decoder, sublayer by sublayer, each backward beside its forward.
/// n = B·T rows of the side being computed, m = B·Ts source rows; every sublayer is out = x + drop(f(LN(x))).
/// Backward expects the scratch DRes [n, C] to hold ∂L/∂out and leaves ∂L/∂x there; cross-attention also
/// accumulates ∂L/∂(encoder output) into DEnc [m, C].
/// </summary>
internal sealed partial class Seq2SeqModel
{
    private bool Drop(bool training) => training && Config.Dropout > 0;

    // Encoder: embed, blocks, final LayerNorm into _e.Ln [m, C].
    private void Encode(ReadOnlySpan<int> src, int b, int ts, bool training)
    {
        int m = b * ts, c = Config.DModel;
        bool drop = Drop(training);
        SetPad(_e, src, b, ts);
        EmbedForward(_e, src, P(_srcEmb), _encPos is null ? _encSin : P(_encPos), b, ts, drop);
        for (int l = 0; l < Config.Layers; l++)
        {
            BlockBuffers bb = _e.Blocks[l];
            SelfForward(_encAttention, _enc[l], bb, _e, l, b, ts, drop);
            FeedForward(_enc[l], bb, bb.Mid, _e.Resid[l + 1], m, drop);
        }

        LayerNorm.Forward(_e.Ln, _e.LnMean, _e.LnRstd, _e.Resid[Config.Layers].AsSpan(0, m * c), P(_encLnW), P(_encLnB), m, c);
    }

    private void EncoderBackward(ReadOnlySpan<int> src, int b, int ts)
    {
        int m = b * ts, c = Config.DModel, top = Config.Layers;
        bool drop = Config.Dropout > 0;
        LayerNorm.Backward(_g.DRes, G(_encLnW), G(_encLnB), _g.DEnc, _e.Resid[top], P(_encLnW), _e.LnMean, _e.LnRstd, m, c);
        for (int l = top - 1; l >= 0; l--)
        {
            BlockBuffers bb = _e.Blocks[l];
            FeedForwardBackward(_enc[l], bb, bb.Mid, m, drop);
            SelfBackward(_encAttention, _enc[l], bb, _e.Resid[l], b, ts, drop);
        }

        EmbedBackward(_e, src, G(_srcEmb), _encPos is null ? [] : G(_encPos), b, ts, drop);
    }

    // Decoder: embed, blocks (self, cross, feed-forward), final LayerNorm, head into _g.Logits [n, Vt].
    private void DecoderForward(ReadOnlySpan<int> decIn, int b, int tt, int ts, bool training)
    {
        int n = b * tt, c = Config.DModel;
        bool drop = Drop(training);
        SetPad(_d, decIn, b, tt);
        EmbedForward(_d, decIn, P(_tgtEmb), _decPos is null ? _decSin : P(_decPos), b, tt, drop);
        for (int l = 0; l < Config.Layers; l++)
        {
            BlockBuffers bb = _d.Blocks[l];
            CrossBuffers cb = _d.Cross[l];
            SelfForward(_decAttention, _dec[l], bb, _d, l, b, tt, drop);
            CrossForward(_cross[l], cb, bb.Mid, b, tt, ts, drop);
            FeedForward(_dec[l], bb, cb.Mid, _d.Resid[l + 1], n, drop);
        }

        LayerNorm.Forward(_d.Ln, _d.LnMean, _d.LnRstd, _d.Resid[Config.Layers].AsSpan(0, n * c), P(_decLnW), P(_decLnB), n, c);
        Linear.Forward(_pool, _g.Logits, _d.Ln, P(_headW), P(_headB), n, c, Config.TargetVocab);
    }

    private void DecoderBackward(ReadOnlySpan<int> decIn, int b, int tt, int ts)
    {
        int n = b * tt, c = Config.DModel, top = Config.Layers;
        bool drop = Config.Dropout > 0;
        Array.Clear(_g.DEnc, 0, b * ts * c);
        LayerNorm.Backward(_g.DRes, G(_decLnW), G(_decLnB), _g.DLn, _d.Resid[top], P(_decLnW), _d.LnMean, _d.LnRstd, n, c);
        for (int l = top - 1; l >= 0; l--)
        {
            BlockBuffers bb = _d.Blocks[l];
            CrossBuffers cb = _d.Cross[l];
            FeedForwardBackward(_dec[l], bb, cb.Mid, n, drop);
            CrossBackward(_cross[l], cb, bb.Mid, b, tt, ts, drop);
            SelfBackward(_decAttention, _dec[l], bb, _d.Resid[l], b, tt, drop);
        }

        EmbedBackward(_d, decIn, G(_tgtEmb), _decPos is null ? [] : G(_decPos), b, tt, drop);
    }

    // Loss on _g.Logits [n, Vt]: label-smoothed cross-entropy averaged over targets ≥ 0, then the head Linear into DLn.
    private double LossBackward(ReadOnlySpan<int> targets, int n)
    {
        int count = 0;
        foreach (int target in targets)
        {
            count += target >= 0 ? 1 : 0;
        }

        int v = Config.TargetVocab;
        targets.CopyTo(_g.Targets);
        float scale = count == 0 ? 0f : 1f / count;
        double loss = Config.LabelSmoothing > 0
            ? SmoothedCrossEntropy.ForwardBackward(_g.DLogits, _g.Logits, targets, n, v, Config.LabelSmoothing, scale)
            : _rows.CrossEntropy(_g.DLogits, _g.Logits, _g.Targets, n, v, scale);
        Linear.Backward(_pool, _g.DLn, G(_headW), G(_headB), _g.DLogits, _d.Ln, P(_headW), n, Config.DModel, v);
        return count == 0 ? 0 : loss / count;
    }

    private static void SetPad(SideBuffers s, ReadOnlySpan<int> ids, int b, int t)
    {
        for (int r = 0; r < b; r++)
        {
            bool any = false;
            for (int p = 0; p < t; p++)
            {
                bool pad = ids[(r * t) + p] == 0;
                s.Pad[(r * t) + p] = pad;
                any |= !pad;
            }

            s.HasKeys[r] = any;
        }
    }

    // x0 = drop(tok[ids] + pos) [n, C].
    private void EmbedForward(SideBuffers s, ReadOnlySpan<int> ids, ReadOnlySpan<float> tok, ReadOnlySpan<float> pos, int b, int t, bool drop)
    {
        int nc = b * t * Config.DModel;
        Span<float> x0 = s.Resid[0].AsSpan(0, nc);
        Embedding.Forward(x0, ids, tok, pos, b, t, Config.DModel);
        if (drop)
        {
            Dropout.Sample(s.EmbMask.AsSpan(0, nc), Config.Dropout, _dropoutRng);
            Dropout.Apply(x0, x0, s.EmbMask.AsSpan(0, nc));
        }
    }

    private void EmbedBackward(SideBuffers s, ReadOnlySpan<int> ids, Span<float> dtok, Span<float> dpos, int b, int t, bool drop)
    {
        int nc = b * t * Config.DModel;
        Span<float> dres = _g.DRes.AsSpan(0, nc);
        if (drop)
        {
            Dropout.Apply(dres, dres, s.EmbMask.AsSpan(0, nc));
        }

        Embedding.Backward(dtok, dpos, dres, ids, b, t, Config.DModel);
    }

    // mid = x + drop1(proj(attn(qkv(ln1(x))))), x = s.Resid[l] [n, C].
    private void SelfForward(Attention att, BlockTensors w, BlockBuffers bb, SideBuffers s, int l, int b, int t, bool drop)
    {
        int n = b * t, c = Config.DModel;
        ReadOnlySpan<float> x = s.Resid[l].AsSpan(0, n * c);
        LayerNorm.Forward(bb.Ln1, bb.Ln1Mean, bb.Ln1Rstd, x, P(w.Ln1W), P(w.Ln1B), n, c);
        Linear.Forward(_pool, bb.Qkv, bb.Ln1, P(w.QkvW), P(w.QkvB), n, c, 3 * c);
        if (drop)
        {
            Dropout.Sample(bb.Attention.Mask.AsSpan(0, b * Config.Heads * t * t), Config.Dropout, _dropoutRng);
        }

        att.Forward(bb.Attention, bb.Qkv, bb.AttY, s.Pad, s.HasKeys, drop, b, t);
        Linear.Forward(_pool, _g.Tmp, bb.AttY, P(w.ProjW), P(w.ProjB), n, c, c);
        Residual(bb.Mid, x, bb.Drop1, drop, n * c);
    }

    private void SelfBackward(Attention att, BlockTensors w, BlockBuffers bb, float[] x, int b, int t, bool drop)
    {
        int n = b * t, c = Config.DModel;
        float[] g = BranchGradient(bb.Drop1, drop, n * c);
        Linear.Backward(_pool, _g.DAttY, G(w.ProjW), G(w.ProjB), g, bb.AttY, P(w.ProjW), n, c, c);
        att.Backward(bb.Attention, _g.DQkv, _g.DAttY, b, t);
        Linear.Backward(_pool, _g.DLn, G(w.QkvW), G(w.QkvB), _g.DQkv, bb.Ln1, P(w.QkvW), n, c, 3 * c);
        LayerNorm.Backward(_g.DTmp, G(w.Ln1W), G(w.Ln1B), _g.DLn, x, P(w.Ln1W), bb.Ln1Mean, bb.Ln1Rstd, n, c);
        VectorKernel.AddInPlace(_g.DRes.AsSpan(0, n * c), _g.DTmp.AsSpan(0, n * c));
    }

    // cb.Mid = x + drop(proj(cross(q(lnc(x)), kv(encoder output)))), x [n, C], encoder output _e.Ln [m, C].
    private void CrossForward(CrossTensors w, CrossBuffers cb, float[] x, int b, int tt, int ts, bool drop)
    {
        int n = b * tt, m = b * ts, c = Config.DModel;
        LayerNorm.Forward(cb.Ln, cb.LnMean, cb.LnRstd, x.AsSpan(0, n * c), P(w.LnW), P(w.LnB), n, c);
        Linear.Forward(_pool, cb.Q, cb.Ln, P(w.QW), P(w.QB), n, c, c);
        Linear.Forward(_pool, cb.Kv, _e.Ln, P(w.KvW), P(w.KvB), m, c, 2 * c);
        cb.Attention.Forward(cb.Q, cb.Kv, cb.Y, _e.Pad, b, tt, ts);
        Linear.Forward(_pool, _g.Tmp, cb.Y, P(w.ProjW), P(w.ProjB), n, c, c);
        Residual(cb.Mid, x.AsSpan(0, n * c), cb.Drop, drop, n * c);
    }

    private void CrossBackward(CrossTensors w, CrossBuffers cb, float[] x, int b, int tt, int ts, bool drop)
    {
        int n = b * tt, m = b * ts, c = Config.DModel;
        float[] g = BranchGradient(cb.Drop, drop, n * c);
        Linear.Backward(_pool, _g.DY, G(w.ProjW), G(w.ProjB), g, cb.Y, P(w.ProjW), n, c, c);
        cb.Attention.Backward(_g.DQ, _g.DKv, _g.DY, b);
        Linear.Backward(_pool, _g.DEncTmp, G(w.KvW), G(w.KvB), _g.DKv, _e.Ln, P(w.KvW), m, c, 2 * c);
        VectorKernel.AddInPlace(_g.DEnc.AsSpan(0, m * c), _g.DEncTmp.AsSpan(0, m * c));
        Linear.Backward(_pool, _g.DLn, G(w.QW), G(w.QB), _g.DQ, cb.Ln, P(w.QW), n, c, c);
        LayerNorm.Backward(_g.DTmp, G(w.LnW), G(w.LnB), _g.DLn, x, P(w.LnW), cb.LnMean, cb.LnRstd, n, c);
        VectorKernel.AddInPlace(_g.DRes.AsSpan(0, n * c), _g.DTmp.AsSpan(0, n * c));
    }

    // next = x + drop2(fc2(act(fc1(ln2(x))))).
    private void FeedForward(BlockTensors w, BlockBuffers bb, float[] x, float[] next, int n, bool drop)
    {
        int c = Config.DModel, f = Config.DFF;
        LayerNorm.Forward(bb.Ln2, bb.Ln2Mean, bb.Ln2Rstd, x.AsSpan(0, n * c), P(w.Ln2W), P(w.Ln2B), n, c);
        Linear.Forward(_pool, bb.Fc1, bb.Ln2, P(w.Fc1W), P(w.Fc1B), n, c, f);
        _rows.ActivationForward(Config.Activation, bb.Act, bb.Fc1, n, f);
        Linear.Forward(_pool, _g.Tmp, bb.Act, P(w.Fc2W), P(w.Fc2B), n, f, c);
        Residual(next, x.AsSpan(0, n * c), bb.Drop2, drop, n * c);
    }

    private void FeedForwardBackward(BlockTensors w, BlockBuffers bb, float[] x, int n, bool drop)
    {
        int c = Config.DModel, f = Config.DFF;
        float[] g = BranchGradient(bb.Drop2, drop, n * c);
        Linear.Backward(_pool, _g.DAct, G(w.Fc2W), G(w.Fc2B), g, bb.Act, P(w.Fc2W), n, f, c);
        _rows.ActivationBackward(Config.Activation, _g.DFc1, _g.DAct, bb.Fc1, n, f);
        Linear.Backward(_pool, _g.DLn, G(w.Fc1W), G(w.Fc1B), _g.DFc1, bb.Ln2, P(w.Fc1W), n, c, f);
        LayerNorm.Backward(_g.DTmp, G(w.Ln2W), G(w.Ln2B), _g.DLn, x, P(w.Ln2W), bb.Ln2Mean, bb.Ln2Rstd, n, c);
        VectorKernel.AddInPlace(_g.DRes.AsSpan(0, n * c), _g.DTmp.AsSpan(0, n * c));
    }

    // output = x + drop(Tmp); the mask is sampled here when dropping.
    private void Residual(float[] output, ReadOnlySpan<float> x, float[] mask, bool drop, int nc)
    {
        Span<float> o = output.AsSpan(0, nc);
        x.CopyTo(o);
        if (drop)
        {
            Dropout.Sample(mask.AsSpan(0, nc), Config.Dropout, _dropoutRng);
        }

        Dropout.AddInto(o, _g.Tmp.AsSpan(0, nc), drop ? mask.AsSpan(0, nc) : []);
    }

    // ∂L/∂(branch output): DRes through the branch's dropout mask (into DTmp), or DRes itself.
    private float[] BranchGradient(float[] mask, bool drop, int nc)
    {
        if (!drop)
        {
            return _g.DRes;
        }

        Dropout.Apply(_g.DTmp.AsSpan(0, nc), _g.DRes.AsSpan(0, nc), mask.AsSpan(0, nc));
        return _g.DTmp;
    }
}
