using SweepCluster.Training.Common;
using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Model;

/// <summary>
/// The pre-LayerNorm encoder–decoder transformer (translation, span-corruption pretraining); all parameters and
/// gradients in one contiguous array each, with named views (<see cref="Tensors"/>).
/// <para>Shapes: src [B, Ts] (pad id 0); decoder input [B, Tt] (starting with &lt;s&gt;); targets [B, Tt] (−1 ignored);
/// logits [B, Tt, Vt]. Encoder block = TransformerModel's block (bidirectional, padding keys masked); decoder block =
/// causal self-attention, cross-attention over the encoder output (<see cref="CrossAttention"/>), feed-forward; each
/// sublayer x + drop(f(LN(x))). Final LayerNorm on each side; head Linear(d_model, Vt).</para>
/// <para>Tensor names: <c>tok_emb.weight</c> (shared vocabulary) or <c>src_emb.weight</c> + <c>tgt_emb.weight</c>;
/// <c>enc_pos.weight</c>, <c>dec_pos.weight</c> (learned positions); <c>encoder.L.*</c> and <c>decoder.L.*</c> with
/// TransformerModel's block names plus <c>decoder.L.lnc.*</c>, <c>decoder.L.cross.{q,kv,proj}.*</c>;
/// <c>encoder.ln_f.*</c>, <c>decoder.ln_f.*</c>, <c>head.*</c>.</para>
/// Gradients accumulate (call <see cref="ZeroGrad"/> first). Not thread-safe; computes on the given pool.
/// </summary>
internal sealed partial class Seq2SeqModel
{
    private readonly ComputePool _pool;
    private readonly float[] _params;
    private readonly float[] _grads;
    private readonly Xoshiro256 _dropoutRng;
    private readonly TensorInfo _srcEmb;
    private readonly TensorInfo _tgtEmb;
    private readonly TensorInfo? _encPos;
    private readonly TensorInfo? _decPos;
    private readonly BlockTensors[] _enc;
    private readonly BlockTensors[] _dec;
    private readonly CrossTensors[] _cross;
    private readonly TensorInfo _encLnW;
    private readonly TensorInfo _encLnB;
    private readonly TensorInfo _decLnW;
    private readonly TensorInfo _decLnB;
    private readonly TensorInfo _headW;
    private readonly TensorInfo _headB;
    private readonly float[] _encSin;
    private readonly float[] _decSin;
    private readonly Attention _encAttention;
    private readonly Attention _decAttention;
    private readonly SideBuffers _e;
    private readonly SideBuffers _d;
    private readonly Seq2SeqScratch _g;
    private readonly RowParallel _rows;

    /// <summary>Creates and initialises a model for batches of up to <paramref name="maxBatch"/> rows.</summary>
    public Seq2SeqModel(Seq2SeqConfig config, int maxBatch, ComputePool pool, ulong seed)
    {
        config.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        (Config, MaxBatch, _pool) = (config, maxBatch, pool);
        int c = config.DModel, f = config.DFF;
        var t = new TensorTable();
        var layerNorms = new HashSet<string>(StringComparer.Ordinal);
        TensorInfo Ln(string name)
        {
            layerNorms.Add(name);
            return t.Add(name, c);
        }

        _srcEmb = t.Add(config.SharedVocab ? "tok_emb.weight" : "src_emb.weight", config.SourceVocab, c);
        _tgtEmb = config.SharedVocab ? _srcEmb : t.Add("tgt_emb.weight", config.TargetVocab, c);
        bool learned = config.Positional == PositionalScheme.Learned;
        _encPos = learned ? t.Add("enc_pos.weight", config.SourceBlock, c) : null;
        _decPos = learned ? t.Add("dec_pos.weight", config.TargetBlock, c) : null;
        BlockTensors Block(string p) => new(
            Ln(p + "ln1.weight"), t.Add(p + "ln1.bias", c), t.Add(p + "attn.qkv.weight", 3 * c, c), t.Add(p + "attn.qkv.bias", 3 * c),
            t.Add(p + "attn.proj.weight", c, c), t.Add(p + "attn.proj.bias", c), Ln(p + "ln2.weight"), t.Add(p + "ln2.bias", c),
            t.Add(p + "fc1.weight", f, c), t.Add(p + "fc1.bias", f), t.Add(p + "fc2.weight", c, f), t.Add(p + "fc2.bias", c));
        _enc = [.. Enumerable.Range(0, config.Layers).Select(l => Block($"encoder.{l}."))];
        _encLnW = Ln("encoder.ln_f.weight");
        _encLnB = t.Add("encoder.ln_f.bias", c);
        _dec = new BlockTensors[config.Layers];
        _cross = new CrossTensors[config.Layers];
        for (int l = 0; l < config.Layers; l++)
        {
            string p = $"decoder.{l}.";
            _dec[l] = Block(p);
            _cross[l] = new CrossTensors(
                Ln(p + "lnc.weight"), t.Add(p + "lnc.bias", c), t.Add(p + "cross.q.weight", c, c), t.Add(p + "cross.q.bias", c),
                t.Add(p + "cross.kv.weight", 2 * c, c), t.Add(p + "cross.kv.bias", 2 * c),
                t.Add(p + "cross.proj.weight", c, c), t.Add(p + "cross.proj.bias", c));
        }

        _decLnW = Ln("decoder.ln_f.weight");
        _decLnB = t.Add("decoder.ln_f.bias", c);
        _headW = t.Add("head.weight", config.TargetVocab, c);
        _headB = t.Add("head.bias", config.TargetVocab);
        Tensors = t;
        _params = new float[t.TotalLength];
        _grads = new float[t.TotalLength];
        ulong x = seed;
        var initRng = new Xoshiro256(Xoshiro256.SplitMix64(ref x));
        _dropoutRng = new Xoshiro256(Xoshiro256.SplitMix64(ref x));
        ModelConfig enc = config.Encoder, dec = config.Decoder;
        foreach (TensorInfo info in t.Tensors)
        {
            ModelInit.Fill(_params.AsSpan(info.Offset, info.Length), info, t, layerNorms.Contains(info.Name), enc, initRng);
        }

        bool sin = config.Positional == PositionalScheme.Sinusoidal;
        _encSin = sin ? Embedding.SinusoidalTable(config.SourceBlock, c) : [];
        _decSin = sin ? Embedding.SinusoidalTable(config.TargetBlock, c) : [];
        _encAttention = new Attention(enc, maxBatch, pool);
        _decAttention = new Attention(dec, maxBatch, pool);
        _e = new SideBuffers(enc, maxBatch, null, pool);
        _d = new SideBuffers(dec, maxBatch, config, pool);
        _g = new Seq2SeqScratch(config, maxBatch);
        _rows = new RowParallel(pool);
    }

    /// <summary>The architecture.</summary>
    public Seq2SeqConfig Config { get; }

    /// <summary>Largest batch (rows) a call may pass.</summary>
    public int MaxBatch { get; }

    /// <summary>Names, shapes and offsets of the tensors inside <see cref="Parameters"/> and <see cref="Gradients"/>.</summary>
    public TensorTable Tensors { get; }

    /// <summary>All parameters, one contiguous array in <see cref="Tensors"/> order.</summary>
    public Span<float> Parameters => _params;

    /// <summary>All gradients, laid out as <see cref="Parameters"/>.</summary>
    public Span<float> Gradients => _grads;

    /// <summary>Number of parameters.</summary>
    public int ParameterCount => _params.Length;

    /// <summary>The dropout stream's state (get to save, set to resume exactly).</summary>
    public RngState DropoutRngState
    {
        get => _dropoutRng.State;
        set => _dropoutRng.State = value;
    }

    /// <summary>The parameter tensor called <paramref name="name"/>.</summary>
    public Span<float> Parameter(string name) => TensorTable.Slice(_params, Tensors[name]);

    /// <summary>Sets every gradient to zero.</summary>
    public void ZeroGrad() => Array.Clear(_grads);

    /// <summary>
    /// Teacher-forced forward with dropout and backward; loss = label-smoothed cross-entropy averaged over targets ≥ 0.
    /// Returns the mean loss.
    /// </summary>
    public double Train(ReadOnlySpan<int> src, ReadOnlySpan<int> decIn, ReadOnlySpan<int> targets, int b)
    {
        (int ts, int tt) = Check(src, decIn, b);
        Encode(src, b, ts, training: true);
        DecoderForward(decIn, b, tt, ts, training: true);
        double loss = LossBackward(targets, b * tt);
        DecoderBackward(decIn, b, tt, ts);
        EncoderBackward(src, b, ts);
        return loss;
    }

    /// <summary>Teacher-forced forward without dropout: unsmoothed loss sum, targets counted, arg-max hits.</summary>
    public EvalResult Evaluate(ReadOnlySpan<int> src, ReadOnlySpan<int> decIn, ReadOnlySpan<int> targets, int b)
    {
        (int ts, int tt) = Check(src, decIn, b);
        Encode(src, b, ts, training: false);
        DecoderForward(decIn, b, tt, ts, training: false);
        int rows = b * tt, v = Config.TargetVocab;
        Span<int> argmax = _g.Argmax.AsSpan(0, rows);
        double loss = CrossEntropyKernel.Forward(_g.Logits.AsSpan(0, rows * v), targets, rows, v, argmax);
        int count = 0, correct = 0;
        for (int r = 0; r < rows; r++)
        {
            if (targets[r] >= 0)
            {
                count++;
                correct += argmax[r] == targets[r] ? 1 : 0;
            }
        }

        return new EvalResult(loss, count, correct);
    }

    /// <summary>Encodes <paramref name="src"/> [b, Ts] (no dropout) and repeats each row <paramref name="repeat"/> times for decoding.</summary>
    public void EncodeForDecoding(ReadOnlySpan<int> src, int b, int repeat)
    {
        if (b < 1 || b * repeat > MaxBatch || src.Length == 0 || src.Length % b != 0 || src.Length / b > Config.SourceBlock)
        {
            throw new ArgumentException($"{b} rows × beam {repeat} (at most {MaxBatch}) of at most {Config.SourceBlock} tokens do not fit {src.Length} source ids");
        }

        int ts = src.Length / b;
        CheckIds(src, Config.SourceVocab);
        Encode(src, b, ts, training: false);
        int c = Config.DModel;
        for (int r = (b * repeat) - 1; r >= 0; r--)
        {
            int from = r / repeat;
            _e.Ln.AsSpan(from * ts * c, ts * c).CopyTo(_e.Ln.AsSpan(r * ts * c, ts * c));
            _e.Pad.AsSpan(from * ts, ts).CopyTo(_e.Pad.AsSpan(r * ts, ts));
            _e.HasKeys[r] = _e.HasKeys[from];
        }

        _decodeTs = ts;
    }

    /// <summary>
    /// Logits [rows, Vt] of the last position of decoder inputs <paramref name="prefix"/> [rows, t] against the encoding of
    /// the last <see cref="EncodeForDecoding"/>.
    /// </summary>
    public ReadOnlySpan<float> NextLogits(ReadOnlySpan<int> prefix, int rows)
    {
        int t = prefix.Length / rows, v = Config.TargetVocab;
        DecoderForward(prefix, rows, t, _decodeTs, training: false);
        for (int r = 0; r < rows; r++)
        {
            _g.Logits.AsSpan(((r * t) + t - 1) * v, v).CopyTo(_g.DLogits.AsSpan(r * v, v));
        }

        return _g.DLogits.AsSpan(0, rows * v);
    }

    private int _decodeTs;

    private (int Ts, int Tt) Check(ReadOnlySpan<int> src, ReadOnlySpan<int> decIn, int b)
    {
        if (b < 1 || b > MaxBatch || src.Length % b != 0 || decIn.Length % b != 0 || src.Length == 0 || decIn.Length == 0)
        {
            throw new ArgumentException($"batch {b} (at most {MaxBatch}) does not divide the source and decoder inputs");
        }

        int ts = src.Length / b, tt = decIn.Length / b;
        if (ts > Config.SourceBlock || tt > Config.TargetBlock)
        {
            throw new ArgumentException($"lengths {ts}/{tt} exceed the blocks {Config.SourceBlock}/{Config.TargetBlock}");
        }

        CheckIds(src, Config.SourceVocab);
        CheckIds(decIn, Config.TargetVocab);
        return (ts, tt);
    }

    private static void CheckIds(ReadOnlySpan<int> ids, int vocab)
    {
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)vocab)
            {
                throw new ArgumentException($"token id {id} is outside the vocabulary [0, {vocab})");
            }
        }
    }

    private Span<float> P(TensorInfo t) => _params.AsSpan(t.Offset, t.Length);

    private Span<float> G(TensorInfo t) => _grads.AsSpan(t.Offset, t.Length);
}
