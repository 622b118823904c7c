using SweepCluster.Training.Common;
using SweepCluster.Training.Data;
using SweepCluster.Training.Tasks;
using SweepCluster.Training.Torch.Tests.Support;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Torch.Tests;

/// <summary>
/// The torch engine against the CPU engine: from the same initial weights (both initialise from the seed) and the same
/// batches, dropout 0, the training losses agree within 1e-4 relative for 50 steps, and evaluation of the same weights
/// agrees within 1e-5.
/// </summary>
public sealed class TorchParityTests
{
    private const int Steps = 50;

    public static TheoryData<string, string> SchemesAndOptimizers()
    {
        var data = new TheoryData<string, string>();
        foreach (string positional in new[] { "learned", "sinusoidal", "alibi", "rope", "none" })
        {
            foreach (string optimizer in new[] { "adamw", "adam", "sgd", "adagrad", "rmsprop" })
            {
                data.Add(positional, optimizer);
            }
        }

        return data;
    }

    [TorchTheory]
    [MemberData(nameof(SchemesAndOptimizers))]
    public void TrainStep_LanguageModel_LossesMatchCpuEngineFor50Steps(string positional, string optimizer) =>
        AssertTrainingParity(ParityKit.Settings("synthetic-induction", $"\"positional\": \"{positional}\", {OptimizerJson(optimizer)}"));

    [TorchTheory]
    [InlineData("learned", "mean")]
    [InlineData("sinusoidal", "first")]
    [InlineData("alibi", "mean")]
    [InlineData("rope", "first")]
    [InlineData("none", "mean")]
    public void TrainStep_Classifier_LossesMatchCpuEngineFor50Steps(string positional, string pooling) =>
        AssertTrainingParity(ParityKit.Settings("synthetic-majority", $"\"positional\": \"{positional}\", \"pooling\": \"{pooling}\", \"block_size\": 24"));

    [TorchTheory]
    [InlineData("\"tied_head\": true, \"activation\": \"relu\", \"init\": \"pytorch\"")]
    [InlineData("\"grad_clip\": 0.5, \"lr_schedule\": \"cosine\", \"warmup_steps\": 5, \"lr\": 0.003")]
    [InlineData("\"optimizer\": \"sgd\", \"momentum\": 0.9, \"lr\": 0.05, \"weight_decay\": 0.01, \"lr_schedule\": \"linear\"")]
    [InlineData("\"optimizer\": \"rmsprop\", \"momentum\": 0.5, \"lr\": 0.001, \"weight_decay\": 0.001")]
    public void TrainStep_HeadActivationInitClipAndSchedules_LossesMatchCpuEngine(string json) =>
        AssertTrainingParity(ParityKit.Settings("synthetic-induction", json));

    [TorchTheory]
    [InlineData("synthetic-induction", "rope")]
    [InlineData("synthetic-majority", "alibi")]
    public void Evaluate_SameWeights_MetricsMatchCpuEngineWithin1e5(string task, string positional)
    {
        EngineSettings s = ParityKit.Settings(task, $"\"positional\": \"{positional}\", \"lr\": 0.01" + (task == "synthetic-majority" ? ", \"block_size\": 24" : ""));
        using var cpu = new TransformerTaskModel(ParityKit.Request(s));
        using var torchModel = new TorchTaskModel(ParityKit.Request(s, seed: 99), "cpu");
        var rng = new Xoshiro256(5);
        for (int i = 0; i < 20; i++)
        {
            cpu.TrainStep(ParityKit.Batch(s, rng));
        }

        for (int i = 0; i < cpu.Parameters.Count; i++)
        {
            cpu.Parameters[i].View().CopyTo(torchModel.Parameters[i].View());
        }

        torchModel.StateWritten();
        EvalTotals a = default, b = default;
        for (int i = 0; i < 10; i++)
        {
            Batch batch = ParityKit.Batch(s, rng);
            a += cpu.Evaluate(batch);
            b += torchModel.Evaluate(batch);
        }

        Assert.Equal(a.Count, b.Count);
        Assert.True(ParityKit.Relative(a.MeanLoss, b.MeanLoss) <= 1e-5, $"eval loss {a.MeanLoss} vs {b.MeanLoss}");
        Assert.Equal(a.Accuracy, b.Accuracy, 1e-5);
    }

    private static string OptimizerJson(string optimizer) => optimizer switch
    {
        "sgd" => "\"optimizer\": \"sgd\", \"momentum\": 0.9, \"lr\": 0.05",
        "adagrad" => "\"optimizer\": \"adagrad\", \"lr\": 0.01",
        "rmsprop" => "\"optimizer\": \"rmsprop\", \"lr\": 0.001",
        _ => $"\"optimizer\": \"{optimizer}\", \"lr\": 0.003",
    };

    private static void AssertTrainingParity(EngineSettings s)
    {
        using var cpu = new TransformerTaskModel(ParityKit.Request(s));
        using var torchModel = new TorchTaskModel(ParityKit.Request(s), "cpu");
        var rng = new Xoshiro256(11);
        double first = 0, last = 0;
        for (int step = 0; step < Steps; step++)
        {
            Batch batch = ParityKit.Batch(s, rng);
            double a = cpu.TrainStep(batch);
            double b = torchModel.TrainStep(batch);
            Assert.True(ParityKit.Relative(a, b) <= 1e-4, $"step {step}: cpu engine loss {a}, torch engine loss {b}");
            (first, last) = (step == 0 ? a : first, a);
        }

        Assert.NotEqual(first, last);
    }
}
