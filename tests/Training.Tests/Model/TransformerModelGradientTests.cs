using SweepCluster.Training.Model;

namespace SweepCluster.Training.Tests.Model;

/// <summary>Whole-model finite-difference checks of every parameter gradient (rule in <see cref="GradientCheck"/>).</summary>
public sealed class TransformerModelGradientTests
{
    private static readonly int[] LmTokens = [3, 7, 1, 9, 4, 10, 2, 2, 5, 8];
    private static readonly int[] LmTargets = [7, 1, 9, 4, -1, 2, 2, 5, 8, 6];
    private static readonly int[] ClsTokens = [3, 7, 1, 0, 0, 10, 2, 2, 5, 8];
    private static readonly int[] ClsLabels = [2, 0];

    [Theory]
    [InlineData("Learned", "LanguageModel", "Gelu", false)]
    [InlineData("Sinusoidal", "LanguageModel", "Gelu", false)]
    [InlineData("Alibi", "LanguageModel", "Gelu", false)]
    [InlineData("Rope", "LanguageModel", "Gelu", false)]
    [InlineData("None", "LanguageModel", "Gelu", false)]
    [InlineData("Learned", "Classifier", "Gelu", false)]
    [InlineData("Sinusoidal", "Classifier", "Gelu", false)]
    [InlineData("Alibi", "Classifier", "Gelu", false)]
    [InlineData("Rope", "Classifier", "Gelu", false)]
    [InlineData("None", "Classifier", "Gelu", false)]
    [InlineData("Learned", "LanguageModel", "Relu", true)]
    [InlineData("Alibi", "Classifier", "Relu", false)]
    public void Gradients_TinyModel_MatchFiniteDifferences(string position, string headKind, string activation, bool tied)
    {
        var pos = Enum.Parse<PositionalScheme>(position);
        var head = Enum.Parse<HeadKind>(headKind);
        var act = Enum.Parse<ActivationKind>(activation);
        var config = new ModelConfig
        {
            Vocab = 11, DModel = 8, Heads = pos == PositionalScheme.Alibi ? 4 : 2, Layers = 2, DFF = 12, Block = 5,
            Positional = pos, Head = head, Activation = act, TiedHead = tied, Classes = 3, ClassifierHidden = 6,
        };
        var model = new TransformerModel(config, maxBatch: 2, GradientCheck.Pool, seed: 1);
        GradientCheck.Scramble(model, 7);
        bool lm = head == HeadKind.LanguageModel;
        int[] tokens = lm ? LmTokens : ClsTokens;
        model.ZeroGrad();
        double trained = lm ? model.TrainLanguageModel(tokens, LmTargets, 2) : model.TrainClassifier(tokens, ClsLabels, 2);
        float[] analytic = model.Gradients.ToArray();
        double Loss() => lm ? model.EvaluateLanguageModel(tokens, LmTargets, 2).MeanLoss : model.EvaluateClassifier(tokens, ClsLabels, 2).MeanLoss;

        Assert.Equal(Loss(), trained, 12);
        Assert.Contains(analytic, g => Math.Abs(g) > 1e-3);
        GradientCheck.AssertClose($"{pos}/{head}", () => model.Parameters, analytic, Loss, allowKinks: !lm || act == ActivationKind.Relu);
    }

    [Theory]
    [InlineData("Rope")]
    [InlineData("Learned")]
    public void Gradients_FirstPositionPooling_MatchFiniteDifferences(string position)
    {
        var config = new ModelConfig
        {
            Vocab = 11, DModel = 8, Heads = 2, Layers = 2, DFF = 12, Block = 5, Positional = Enum.Parse<PositionalScheme>(position),
            Head = HeadKind.Classifier, Pooling = PoolingKind.First, Classes = 3, ClassifierHidden = 6,
        };
        var model = new TransformerModel(config, maxBatch: 2, GradientCheck.Pool, seed: 1);
        GradientCheck.Scramble(model, 7);
        model.ZeroGrad();
        double trained = model.TrainClassifier(ClsTokens, ClsLabels, 2);
        float[] analytic = model.Gradients.ToArray();
        double Loss() => model.EvaluateClassifier(ClsTokens, ClsLabels, 2).MeanLoss;

        Assert.Equal(Loss(), trained, 12);
        GradientCheck.AssertClose($"first/{position}", () => model.Parameters, analytic, Loss, allowKinks: true);
    }

    [Theory]
    [InlineData("LanguageModel")]
    [InlineData("Classifier")]
    public void Gradients_WithDropoutMasksReplayed_MatchFiniteDifferences(string headKind)
    {
        var head = Enum.Parse<HeadKind>(headKind);
        var config = new ModelConfig
        {
            Vocab = 11, DModel = 8, Heads = 2, Layers = 2, DFF = 12, Block = 5, Dropout = 0.3f,
            Positional = PositionalScheme.Rope, Head = head, Classes = 3, ClassifierHidden = 6,
        };
        var model = new TransformerModel(config, maxBatch: 2, GradientCheck.Pool, seed: 3);
        GradientCheck.Scramble(model, 11);
        bool lm = head == HeadKind.LanguageModel;
        int[] tokens = lm ? LmTokens : ClsTokens;
        var state = model.DropoutRngState;
        double Loss()
        {
            model.DropoutRngState = state;
            return lm ? model.TrainLanguageModel(tokens, LmTargets, 2) : model.TrainClassifier(tokens, ClsLabels, 2);
        }

        model.ZeroGrad();
        double first = Loss();
        float[] analytic = model.Gradients.ToArray();

        Assert.NotEqual(lm ? model.EvaluateLanguageModel(tokens, LmTargets, 2).MeanLoss : model.EvaluateClassifier(tokens, ClsLabels, 2).MeanLoss, first);
        GradientCheck.AssertClose($"dropout/{head}", () => model.Parameters, analytic, Loss, allowKinks: !lm);
    }
}
