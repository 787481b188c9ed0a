using Kit.Admm;
using Kit.Models;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Tests.Admm;

/// <summary>
/// The runner's bookkeeping against a closed form. With a learning rate of 1e-30 the W-step leaves every
/// weight bit-identical, and with the linear map P(x) = x / 2 in place of a projection every Z and U stays a
/// multiple of W: Z = z W, U = u W. The Z/U step then reduces to z' = (1 + u) / 2, u' = u + 1 - z', with
/// primal residual |1 - z'| and dual residual |z' - z| ||W||; rho grows by `rho_growth` up to `rho_max`, and
/// with `rescale_dual` u is multiplied by rho / rho_next whenever rho actually grows.
/// </summary>
[Collection("torch")]
public class AdmmRunnerTests
{
    /// <summary>Reports as they happen (Progress&lt;T&gt; would post them to a synchronization context).</summary>
    sealed class Reports : IProgress<TrainProgress>
    {
        public readonly List<TrainProgress> Seen = [];
        public void Report(TrainProgress value) => Seen.Add(value);
    }

    sealed class CountingHook : ITrainingHook
    {
        public int Steps;
        public void AfterStep(KitModel model) => Steps++;
    }

    static AdmmConfig Config(bool rescale, int periods) => new()
    {
        Rho0 = 0.1, RhoGrowth = 2, RhoMax = 0.4, PeriodEpochs = 2, Periods = periods, RescaleDual = rescale,
        Train = new TrainConfig { Lr = 1e-30, Epochs = 2, BatchSize = 32, WeightDecay = 0 },
    };

    static List<(double rho, double primal, double dual)> ClosedForm(AdmmConfig c, double normW)
    {
        var expected = new List<(double, double, double)>();
        double z = 0.5, u = 0, rho = c.Rho0;
        for (int p = 0; p < c.Periods; p++)
        {
            double z1 = 0.5 * (1 + u);
            expected.Add((rho, Math.Abs(1 - z1), Math.Abs(z1 - z) * normW));
            u = u + 1 - z1;
            z = z1;
            double next = Math.Min(rho * c.RhoGrowth, c.RhoMax);
            if (c.RescaleDual && next != rho) u *= rho / next;
            rho = next;
        }
        return expected;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Log_follows_the_closed_form_of_the_z_u_steps_with_rho_growth_cap_and_dual_rescaling(bool rescale)
    {
        using var train = TorchFixture.Synthetic(64, 11);
        using var validation = TorchFixture.Synthetic(50, 12);
        using var model = ModelRegistry.Create("lenet-300-100", TorchFixture.Info, 3);
        var layers = model.PrunableLayers;
        var before = layers.ToDictionary(l => l.Name, l => TensorValues.ToArray(l.Weight));
        var config = Config(rescale, periods: 4);
        var extra = new CountingHook();
        var progress = new Reports();
        var epochs = new List<EpochRecord>();
        var steps = new List<IReadOnlyList<AdmmLogEntry>>();
        var runner = new AdmmRunner
        {
            Model = model, Config = config, Seed = 1, Phase = "prune 2/3 admm", ExtraHooks = [extra],
            OnEpoch = epochs.Add, OnStep = steps.Add, Progress = progress,
        };
        runner.Run([.. layers.Select(l => (l, (Func<Tensor, Tensor>)(t => t * 0.5)))], train, validation);

        foreach (var l in layers) Assert.Equal(before[l.Name], TensorValues.ToArray(l.Weight));
        double valAcc = Evaluator.Evaluate(model, validation, config.Train.EvalBatchSize).Accuracy;

        Assert.Equal(4 * layers.Count, runner.Log.Count);
        Assert.Equal(4, steps.Count);
        for (int p = 0; p < 4; p++)
        {
            Assert.Equal(layers.Select(l => l.Name), steps[p].Select(e => e.Layer));
            Assert.Equal(runner.Log.Skip(p * layers.Count).Take(layers.Count), steps[p]);
        }
        foreach (var l in layers)
        {
            var entries = runner.Log.Where(e => e.Layer == l.Name).ToList();
            var expected = ClosedForm(config, Math.Sqrt(before[l.Name].Sum(w => (double)w * w)));
            for (int p = 0; p < 4; p++)
            {
                var (e, x) = (entries[p], expected[p]);
                Assert.Equal("prune 2/3 admm", e.Phase);
                Assert.Equal(p + 1, e.Step);
                Assert.Equal(2 * (p + 1), e.Epoch);
                Assert.Equal(x.rho, e.Rho, 12);
                Assert.True(Math.Abs(x.primal - e.PrimalResidual) < 1e-5, $"{l.Name} step {p + 1}: primal {e.PrimalResidual}, closed form {x.primal}");
                Assert.True(Math.Abs(x.dual - e.DualResidual) < 1e-4 * (1 + x.dual), $"{l.Name} step {p + 1}: dual {e.DualResidual}, closed form {x.dual}");
                Assert.Equal(valAcc, e.ValidationAccuracy, 9);
                Assert.True(e.TrainLoss > 0 && double.IsFinite(e.TrainLoss));
                Assert.Equal(epochs[2 * p + 1].TrainLoss, e.TrainLoss);
                Assert.Equal(epochs[2 * p + 1].Seconds, e.EpochSeconds);
            }
        }

        // Every epoch reported once, in order; validation only at the end of each period.
        Assert.Equal(Enumerable.Range(1, 8), epochs.Select(e => e.Epoch));
        Assert.All(epochs, e => Assert.Equal("prune 2/3 admm", e.Phase));
        for (int i = 0; i < 8; i++)
            if (i % 2 == 0) Assert.True(double.IsNaN(epochs[i].ValidationAccuracy));
            else Assert.Equal(valAcc, epochs[i].ValidationAccuracy, 9);
        Assert.Equal(Enumerable.Range(1, 8), runner.Epochs.Select(e => e.Epoch));
        Assert.Equal(epochs.Select(e => e.TrainLoss), runner.Epochs.Select(e => e.TrainLoss));

        // Extra hooks run on every batch: 64 images / 32 per batch x 8 epochs.
        Assert.Equal(16, extra.Steps);
        // Progress names the phase and counts epochs over the whole phase (8), not per period (2).
        Assert.NotEmpty(progress.Seen);
        Assert.All(progress.Seen, p => Assert.Equal(("prune 2/3 admm", 8), (p.Phase, p.Epochs)));
        Assert.Equal(Enumerable.Range(1, 8), progress.Seen.Select(p => p.Epoch).Distinct());
    }

    [Fact]
    public void The_phase_is_called_admm_unless_named()
    {
        using var data = TorchFixture.Synthetic(32, 5);
        using var model = ModelRegistry.Create("lenet-300-100", TorchFixture.Info, 3);
        var runner = new AdmmRunner { Model = model, Config = Config(true, 1), Seed = 1 };
        runner.Run([.. model.PrunableLayers.Select(l => (l, (Func<Tensor, Tensor>)(t => t * 0.5)))], data, data);
        Assert.All(runner.Log, e => Assert.Equal("admm", e.Phase));
    }

    [Fact]
    public void Zero_periods_train_nothing_and_log_nothing()
    {
        using var data = TorchFixture.Synthetic(32, 5);
        using var model = ModelRegistry.Create("lenet-300-100", TorchFixture.Info, 3);
        var before = TensorValues.ToArray(model.PrunableLayers[0].Weight);
        var runner = new AdmmRunner { Model = model, Config = Config(true, 0) with { Train = new TrainConfig { Lr = 0.5, Epochs = 2 } }, Seed = 1 };
        runner.Run([.. model.PrunableLayers.Select(l => (l, (Func<Tensor, Tensor>)(t => t * 0.5)))], data, data);
        Assert.Empty(runner.Log);
        Assert.Empty(runner.Epochs);
        Assert.Equal(before, TensorValues.ToArray(model.PrunableLayers[0].Weight));
    }

    [Fact]
    public void An_invalid_schedule_is_refused_before_training_naming_the_phase()
    {
        using var data = TorchFixture.Synthetic(32, 5);
        using var model = ModelRegistry.Create("lenet-300-100", TorchFixture.Info, 3);
        var runner = new AdmmRunner { Model = model, Config = Config(true, 2) with { Rho0 = 0 }, Seed = 1, Phase = "quantize admm" };
        var e = Assert.Throws<KitException>(() => runner.Run([.. model.PrunableLayers.Select(l => (l, (Func<Tensor, Tensor>)(t => t)))], data, data));
        Assert.StartsWith("quantize admm.rho0 must be > 0", e.Message);
        Assert.Empty(runner.Epochs);
    }
}
