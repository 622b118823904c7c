using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Model;

/// <summary>Forward and backward passes over the whole network (see the layer files for each layer's maths).</summary>
internal sealed partial class TransformerModel
{
    private readonly Activations _acts;
    private readonly RowParallel _rows;

    private void Forward(ReadOnlySpan<int> tokens, int b, int t, bool training)
    {
        ModelConfig cfg = Config;
        Activations a = _acts;
        int c = cfg.DModel, f = cfg.DFF, n = b * t, nc = n * c;
        bool drop = training && cfg.Dropout > 0;
        LastBatch = b;
        LastLength = t;
        for (int s = 0; s < b; s++)
        {
            bool any = false;
            for (int p = 0; p < t; p++)
            {
                bool pad = tokens[(s * t) + p] == 0;
                a.Pad[(s * t) + p] = pad;
                any |= !pad;
            }

            a.RowHasKeys[s] = any;
        }

        ReadOnlySpan<float> pos = _posEmb is not null ? P(_posEmb) : _sinTable;
        Span<float> x0 = a.Resid[0].AsSpan(0, nc);
        Embedding.Forward(x0, tokens, P(_tokEmb), pos, b, t, c);
        if (drop)
        {
            Dropout.Sample(a.EmbMask.AsSpan(0, nc), cfg.Dropout, _dropoutRng);
            Dropout.Apply(x0, x0, a.EmbMask.AsSpan(0, nc));
        }

        for (int l = 0; l < cfg.Layers; l++)
        {
            BlockTensors w = _blockTensors[l];
            BlockBuffers bb = a.Blocks[l];
            ReadOnlySpan<float> x = a.Resid[l].AsSpan(0, nc);
            LayerNorm.Forward(bb.Ln1, bb.Ln1Mean, bb.Ln1Rstd, x, P(w.Ln1W), P(w.Ln1B), n, c);
            Linear.Forward(_pool, bb.Qkv, bb.Ln1, P(w.QkvW), P(w.QkvB), n, c, 3 * c);
            if (drop)
            {
                Dropout.Sample(bb.Attention.Mask.AsSpan(0, b * cfg.Heads * t * t), cfg.Dropout, _dropoutRng);
            }

            _attention.Forward(bb.Attention, bb.Qkv, bb.AttY, a.Pad, a.RowHasKeys, drop, b, t);
            Linear.Forward(_pool, a.Tmp, bb.AttY, P(w.ProjW), P(w.ProjB), n, c, c);
            Span<float> mid = bb.Mid.AsSpan(0, nc);
            x.CopyTo(mid);
            if (drop)
            {
                Dropout.Sample(bb.Drop1.AsSpan(0, nc), cfg.Dropout, _dropoutRng);
            }

            Dropout.AddInto(mid, a.Tmp.AsSpan(0, nc), drop ? bb.Drop1.AsSpan(0, nc) : []);
            LayerNorm.Forward(bb.Ln2, bb.Ln2Mean, bb.Ln2Rstd, mid, P(w.Ln2W), P(w.Ln2B), n, c);
            Linear.Forward(_pool, bb.Fc1, bb.Ln2, P(w.Fc1W), P(w.Fc1B), n, c, f);
            _rows.ActivationForward(cfg.Activation, bb.Act, bb.Fc1, n, f);
            Linear.Forward(_pool, a.Tmp, bb.Act, P(w.Fc2W), P(w.Fc2B), n, f, c);
            Span<float> next = a.Resid[l + 1].AsSpan(0, nc);
            mid.CopyTo(next);
            if (drop)
            {
                Dropout.Sample(bb.Drop2.AsSpan(0, nc), cfg.Dropout, _dropoutRng);
            }

            Dropout.AddInto(next, a.Tmp.AsSpan(0, nc), drop ? bb.Drop2.AsSpan(0, nc) : []);
        }

        LayerNorm.Forward(a.LnF, a.LnFMean, a.LnFRstd, a.Resid[cfg.Layers], P(_lnFW), P(_lnFB), n, c);
        if (cfg.Head == HeadKind.LanguageModel)
        {
            Linear.Forward(_pool, a.Logits, a.LnF, HeadWeight(), P(_headB!), n, c, cfg.Vocab);
            return;
        }

        int hid = cfg.ClassifierHidden;
        ClassifierHead.PoolForward(a.Pooled, a.LnF, a.Pad, a.RowHasKeys, b, t, c, cfg.Pooling == PoolingKind.First);
        Linear.Forward(_pool, a.Z1, a.Pooled, P(_cls1W!), P(_cls1B!), b, c, hid);
        ReluKernel.Forward(a.A1.AsSpan(0, b * hid), a.Z1.AsSpan(0, b * hid));
        Linear.Forward(_pool, a.Logits, a.A1, P(_cls2W!), P(_cls2B!), b, hid, cfg.Classes);
    }

    private Span<float> HeadWeight() => _headW is null ? P(_tokEmb) : P(_headW);

    private Span<float> HeadWeightGrad() => _headW is null ? G(_tokEmb) : G(_headW);

    // LM head: loss over rows with target ≥ 0, dlogits = (softmax − onehot)/count, then back through the head Linear
    // into DLn (∂L/∂ln_f output).
    private double LanguageModelLossBackward(ReadOnlySpan<int> targets, int n)
    {
        ModelConfig cfg = Config;
        Activations a = _acts;
        int count = 0;
        foreach (int target in targets)
        {
            count += target >= 0 ? 1 : 0;
        }

        targets.CopyTo(a.Targets);
        float scale = count == 0 ? 0f : 1f / count;
        double loss = _rows.CrossEntropy(a.DLogits, a.Logits, a.Targets, n, cfg.Vocab, scale);
        Linear.Backward(_pool, a.DLn, HeadWeightGrad(), G(_headB!), a.DLogits, a.LnF, HeadWeight(), n, cfg.DModel, cfg.Vocab);
        return count == 0 ? 0 : loss / count;
    }

    private double ClassifierLossBackward(ReadOnlySpan<int> labels, int b)
    {
        ModelConfig cfg = Config;
        Activations a = _acts;
        int hid = cfg.ClassifierHidden, c = cfg.DModel, t = LastLength;
        int count = 0;
        foreach (int label in labels)
        {
            if (label >= cfg.Classes)
            {
                throw new ArgumentException($"label {label} is outside [0, {cfg.Classes}).", nameof(labels));
            }

            count += label >= 0 ? 1 : 0;
        }

        float scale = count == 0 ? 0f : 1f / count;
        double loss = CrossEntropyKernel.ForwardBackward(a.DLogits, a.Logits, labels, b, cfg.Classes, scale);
        Linear.Backward(_pool, a.DA1, G(_cls2W!), G(_cls2B!), a.DLogits, a.A1, P(_cls2W!), b, hid, cfg.Classes);
        ReluKernel.Backward(a.DZ1.AsSpan(0, b * hid), a.DA1.AsSpan(0, b * hid), a.Z1.AsSpan(0, b * hid));
        Linear.Backward(_pool, a.DPooled, G(_cls1W!), G(_cls1B!), a.DZ1, a.Pooled, P(_cls1W!), b, c, hid);
        ClassifierHead.PoolBackward(a.DLn, a.DPooled, a.Pad, a.RowHasKeys, b, t, c, cfg.Pooling == PoolingKind.First);
        return count == 0 ? 0 : loss / count;
    }

    // Expects DLn = ∂L/∂(ln_f output); accumulates every parameter gradient.
    private void Backward(ReadOnlySpan<int> tokens, int b, int t)
    {
        ModelConfig cfg = Config;
        Activations a = _acts;
        int c = cfg.DModel, f = cfg.DFF, n = b * t, nc = n * c;
        bool drop = cfg.Dropout > 0;
        LayerNorm.Backward(a.DRes, G(_lnFW), G(_lnFB), a.DLn, a.Resid[cfg.Layers], P(_lnFW), a.LnFMean, a.LnFRstd, n, c);
        Span<float> dres = a.DRes.AsSpan(0, nc);
        Span<float> dtmp = a.DTmp.AsSpan(0, nc);
        for (int l = cfg.Layers - 1; l >= 0; l--)
        {
            BlockTensors w = _blockTensors[l];
            BlockBuffers bb = a.Blocks[l];

            // x2 = x1 + drop2(fc2(act(fc1(ln2(x1)))))
            float[] g = a.DRes;
            if (drop)
            {
                Dropout.Apply(dtmp, dres, bb.Drop2.AsSpan(0, nc));
                g = a.DTmp;
            }

            Linear.Backward(_pool, a.DAct, G(w.Fc2W), G(w.Fc2B), g, bb.Act, P(w.Fc2W), n, f, c);
            _rows.ActivationBackward(cfg.Activation, a.DFc1, a.DAct, bb.Fc1, n, f);
            Linear.Backward(_pool, a.DLn, G(w.Fc1W), G(w.Fc1B), a.DFc1, bb.Ln2, P(w.Fc1W), n, c, f);
            LayerNorm.Backward(a.DTmp, G(w.Ln2W), G(w.Ln2B), a.DLn, bb.Mid, P(w.Ln2W), bb.Ln2Mean, bb.Ln2Rstd, n, c);
            VectorKernel.AddInPlace(dres, dtmp);

            // x1 = x + drop1(proj(attn(qkv(ln1(x)))))
            g = a.DRes;
            if (drop)
            {
                Dropout.Apply(dtmp, dres, bb.Drop1.AsSpan(0, nc));
                g = a.DTmp;
            }

            Linear.Backward(_pool, a.DAttY, G(w.ProjW), G(w.ProjB), g, bb.AttY, P(w.ProjW), n, c, c);
            _attention.Backward(bb.Attention, a.DQkv, a.DAttY, b, t);
            Linear.Backward(_pool, a.DLn, G(w.QkvW), G(w.QkvB), a.DQkv, bb.Ln1, P(w.QkvW), n, c, 3 * c);
            LayerNorm.Backward(a.DTmp, G(w.Ln1W), G(w.Ln1B), a.DLn, a.Resid[l], P(w.Ln1W), bb.Ln1Mean, bb.Ln1Rstd, n, c);
            VectorKernel.AddInPlace(dres, dtmp);
        }

        if (drop)
        {
            Dropout.Apply(dres, dres, a.EmbMask.AsSpan(0, nc));
        }

        Embedding.Backward(G(_tokEmb), _posEmb is null ? [] : G(_posEmb), dres, tokens, b, t, c);
    }
}
