using Kit.Data;
using Kit.Models;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Tests.Training;

public class TrainerTests
{
    static DataSplits Small() => DatasetRegistry.Load(new DataOptions
    {
        Dataset = "mnist", ValidationSize = 5000, TrainLimit = 1024, ValidationLimit = 500, TestLimit = 1000,
    });

    static float[] TrainBriefly(long seed)
    {
        using var d = Small();
        using var m = ModelRegistry.Create("lenet5", d.Info, seed);
        var t = new Trainer(m, new TrainConfig { Epochs = 1, BatchSize = 128, Lr = 0.05 }, seed);
        t.TrainEpoch(d.Train, 0, 0, 1);
        return m.Layer("fc1").Weight.data<float>().ToArray();
    }

    [Fact]
    public void Training_is_bit_identical_for_a_seed_and_differs_across_seeds()
    {
        var a = TrainBriefly(5);
        Assert.Equal(a, TrainBriefly(5));
        Assert.NotEqual(a, TrainBriefly(6));
    }

    [Fact]
    public void Epoch_order_is_a_seeded_function_of_the_epoch()
    {
        Assert.Equal(Trainer.EpochOrder(100, 3, 2), Trainer.EpochOrder(100, 3, 2));
        Assert.NotEqual(Trainer.EpochOrder(100, 3, 2), Trainer.EpochOrder(100, 3, 3));
    }

    [Fact]
    public void Fit_learns_and_keeps_the_best_validation_epoch()
    {
        using var d = Small();
        using var m = ModelRegistry.Create("lenet5", d.Info, 1);
        var before = Evaluator.Evaluate(m, d.Test).Accuracy;
        var t = new Trainer(m, new TrainConfig { Epochs = 3, BatchSize = 64, Lr = 0.05 }, 1);
        var history = t.Fit(d.Train, d.Validation);
        Assert.Equal(3, history.Count);
        var val = Evaluator.Evaluate(m, d.Validation).Accuracy;
        Assert.Equal(history.Max(h => h.ValidationAccuracy), val, 6);
        var after = Evaluator.Evaluate(m, d.Test).Accuracy;
        Assert.True(after > 85 && after > before + 50, $"accuracy {before:F1}% -> {after:F1}%");
    }

    [Fact]
    public void Divergence_stops_with_a_message_naming_phase_and_epoch()
    {
        using var d = Small();
        using var m = ModelRegistry.Create("lenet5", d.Info, 1);
        var t = new Trainer(m, new TrainConfig { Epochs = 1, Lr = 1e6, Momentum = 0.9 }, 1) { Phase = "pretrain" };
        var e = Assert.Throws<DivergenceException>(() => t.TrainEpoch(d.Train, 0, 0, 1));
        Assert.Contains("pretrain", e.Message);
        Assert.Contains("epoch 1", e.Message);
    }

    sealed class CountingHook : ITrainingHook
    {
        public int Extra, AfterBackward, AfterStep;
        Tensor? ITrainingHook.ExtraLoss(KitModel model) { Extra++; return null; }
        void ITrainingHook.AfterBackward(KitModel model) => AfterBackward++;
        void ITrainingHook.AfterStep(KitModel model) => AfterStep++;
    }

    [Fact]
    public void Hooks_run_once_per_step()
    {
        using var d = Small();
        using var m = ModelRegistry.Create("lenet5", d.Info, 1);
        var hook = new CountingHook();
        new Trainer(m, new TrainConfig { Epochs = 1, BatchSize = 256 }, 1).TrainEpoch(d.Train, 0, 0, 1, [hook]);
        Assert.Equal(4, hook.Extra);
        Assert.Equal(4, hook.AfterBackward);
        Assert.Equal(4, hook.AfterStep);
    }
}
