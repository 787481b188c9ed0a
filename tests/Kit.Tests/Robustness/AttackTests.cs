using Kit.Data;
using Kit.Models;
using Kit.Robustness;
using Kit.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Kit.Tests.Robustness;

/// <summary>A softmax regression on raw pixels: its input gradient has a closed form, W^T (softmax - onehot).</summary>
sealed class LinearNet : KitModel
{
    readonly Linear fc;
    readonly PrunableLayer[] layers;

    public LinearNet() : base(nameof(LinearNet))
    {
        fc = nn.Linear(28 * 28, 10);
        RegisterComponents();
        layers = [Describe("fc", fc, null)];
    }

    public Linear Fc => fc;
    public override string Architecture => "test-linear";
    public override IReadOnlyList<PrunableLayer> PrunableLayers => layers;
    public override Tensor forward(Tensor x) => fc.forward(x.flatten(1));
}

[Collection("torch")]
public class AttackTests
{
    static KitModel Trained(Dataset data, string arch = "lenet-300-100")
    {
        var model = ModelRegistry.Create(arch, TorchFixture.Info, 5);
        var config = new TrainConfig { Lr = 0.05, Epochs = 1, BatchSize = 32, Schedule = new() { Type = ScheduleType.Constant } };
        new Trainer(model, config, 5).TrainEpoch(data, 0, 0, 1);
        return model;
    }

    [Fact]
    public void Fgsm_on_a_linear_model_is_the_analytic_perturbation()
    {
        manual_seed(11);
        using var model = new LinearNet();
        using var data = TorchFixture.Synthetic(8, 2);
        const double eps = 0.1;
        using var adv = Fgsm.Perturb(model, data.Images, data.Labels, eps);

        var w = model.Fc.weight!.data<float>().ToArray();
        var b = model.Fc.bias!.data<float>().ToArray();
        var x = data.Images.data<float>().ToArray();
        var y = data.Labels.data<long>().ToArray();
        var got = adv.data<float>().ToArray();
        for (int n = 0; n < 8; n++)
        {
            var logits = new double[10];
            for (int k = 0; k < 10; k++)
            {
                logits[k] = b[k];
                for (int p = 0; p < 784; p++) logits[k] += w[k * 784 + p] * x[n * 784 + p];
            }
            double max = logits.Max(), z = logits.Sum(l => Math.Exp(l - max));
            var prob = logits.Select(l => Math.Exp(l - max) / z).ToArray();
            for (int p = 0; p < 784; p++)
            {
                double g = 0;
                for (int k = 0; k < 10; k++) g += w[k * 784 + p] * (prob[k] - (k == y[n] ? 1 : 0));
                double expected = Math.Clamp(x[n * 784 + p] + eps * Math.Sign(g), 0, 1);
                Assert.True(Math.Abs(expected - got[n * 784 + p]) < 1e-6, $"image {n} pixel {p}: expected {expected}, got {got[n * 784 + p]}");
            }
        }
    }

    [Theory]
    [InlineData(0.1, 10, 0.05, true)]
    [InlineData(0.3, 5, 0.2, true)]
    [InlineData(0.2, 3, 0.5, false)]
    public void Pgd_output_stays_in_the_eps_ball_and_in_unit_range(double eps, int steps, double stepSize, bool randomStart)
    {
        using var data = TorchFixture.Synthetic(64, 3);
        using var model = Trained(data, "lenet5");
        model.eval();
        using var gen = new Generator(7);
        using var adv = Pgd.Perturb(model, data.Images, data.Labels, eps, steps, stepSize, randomStart, gen);
        using var diff = (adv - data.Images).abs().max();
        Assert.True(diff.item<float>() <= eps + 1e-6, $"max |adv - x| = {diff.item<float>()} > eps {eps}");
        Assert.True(adv.min().item<float>() >= 0 && adv.max().item<float>() <= 1);
        // Steps this large must reach the boundary somewhere: the attack really moved.
        Assert.True(diff.item<float>() > eps / 2);
    }

    [Fact]
    public void Attacks_leave_weights_gradients_and_mode_untouched()
    {
        using var data = TorchFixture.Synthetic(64, 4);
        using var model = Trained(data);
        var before = Trainer.Snapshot(model);
        foreach (var p in model.parameters()) p.grad?.zero_();
        model.train();
        using var hook = new AdversarialTrainingHook(new AttackConfig { Eps = 0.2, Steps = 3, StepSize = 0.1 }, 1);
        using var adv = hook.TransformInputs(model, data.Images, data.Labels);
        Assert.True(model.training);
        foreach (var p in model.parameters()) Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0);
        foreach (var (name, t) in model.state_dict()) Assert.True(T.Same(t, before[name]), name);
        Assert.True((adv - data.Images).abs().max().item<float>() <= 0.2 + 1e-6);
    }

    [Theory]
    [InlineData(AttackKind.Fgsm)]
    [InlineData(AttackKind.Pgd)]
    public void Eps_zero_gives_clean_accuracy(AttackKind kind)
    {
        using var data = TorchFixture.Synthetic(200, 5);
        using var model = Trained(data);
        var clean = Evaluator.Evaluate(model, data).Accuracy;
        var r = RobustEvaluator.Evaluate(model, data, new AttackConfig { Kind = kind, Steps = 5, StepSize = 0.05 }, [0.0], batchSize: 64);
        Assert.Equal(clean, r.CleanAccuracy, 10);
        Assert.Equal(clean, r.Points[0].RobustAccuracy, 10);
    }

    [Theory]
    [InlineData(AttackKind.Fgsm)]
    [InlineData(AttackKind.Pgd)]
    public void Robust_accuracy_never_exceeds_clean_and_a_large_eps_hurts(AttackKind kind)
    {
        using var data = TorchFixture.Synthetic(200, 6);
        using var model = Trained(data);
        var r = RobustEvaluator.Evaluate(model, data, new AttackConfig { Kind = kind, Steps = 10, StepSize = 0.05 }, [0.02, 0.1, 0.3], batchSize: 64);
        Assert.All(r.Points, p => Assert.True(p.RobustAccuracy <= r.CleanAccuracy));
        Assert.True(r.Points[^1].RobustAccuracy < r.CleanAccuracy - 10, $"eps 0.3: {r.Points[^1].RobustAccuracy}% vs clean {r.CleanAccuracy}%");
    }

    [Fact]
    public void Robust_evaluation_is_reproducible_for_a_seed()
    {
        using var data = TorchFixture.Synthetic(100, 7);
        using var model = Trained(data);
        model.eval();
        var a = new AttackConfig { Steps = 3, StepSize = 0.05, Seed = 3 };
        // The adversarial images themselves: bit-identical for one seed, whatever the global generator did in between;
        // different for another seed (the random start really draws from the seed).
        Tensor Attack(long seed, long globalSeed)
        {
            manual_seed(globalSeed);
            using var gen = new Generator((ulong)seed);
            return (a with { Seed = seed }).Apply(model, data.Images, data.Labels, gen);
        }
        using var x1 = Attack(3, 100);
        using var x2 = Attack(3, 200);
        using var other = Attack(4, 100);
        Assert.Equal(TensorValues.ToArray(x1), TensorValues.ToArray(x2));
        Assert.NotEqual(TensorValues.ToArray(x1), TensorValues.ToArray(other));
        // The evaluator draws its random starts from the attack's seed, not from the global generator.
        var eps = new double[] { 0.05, 0.1, 0.15, 0.2, 0.3 };
        manual_seed(100);
        var r1 = RobustEvaluator.Evaluate(model, data, a, eps, batchSize: 50);
        manual_seed(200);
        var r2 = RobustEvaluator.Evaluate(model, data, a, eps, batchSize: 50);
        Assert.Equal(r1.Points.Select(p => p.RobustAccuracy), r2.Points.Select(p => p.RobustAccuracy));
    }

    [Fact]
    public void One_pgd_step_of_eps_without_random_start_is_fgsm()
    {
        using var data = TorchFixture.Synthetic(64, 8);
        using var model = Trained(data, "lenet5");
        model.eval();
        foreach (var eps in new[] { 0.05, 0.2 })
        {
            using var fgsm = Fgsm.Perturb(model, data.Images, data.Labels, eps);
            using var pgd = Pgd.Perturb(model, data.Images, data.Labels, eps, steps: 1, stepSize: eps, randomStart: false);
            using var diff = (fgsm - pgd).abs().max();
            Assert.True(diff.item<float>() <= 1e-6, $"eps {eps}: PGD differs from FGSM by {diff.item<float>()}");
            using var moved = (fgsm - data.Images).abs().max();
            Assert.True(moved.item<float>() > eps / 2, "the attack did not move");
        }
    }

    [Theory]
    [InlineData(-0.1, 10, 0.01, "eps must be >= 0")]
    [InlineData(1.5, 10, 0.01, "eps must be <= 1")]
    [InlineData(0.1, 0, 0.01, "steps must be in 1..10000")]
    [InlineData(0.1, 10, 0.0, "step_size must be > 0")]
    public void Bad_attack_settings_are_named(double eps, int steps, double stepSize, string message)
    {
        var e = Assert.Throws<KitException>(() => new AttackConfig { Eps = eps, Steps = steps, StepSize = stepSize }.Validate());
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Unknown_attack_is_named()
    {
        var e = Assert.Throws<KitException>(() => AttackConfig.ParseKind("cw"));
        Assert.Equal("unknown attack 'cw' (known: fgsm, pgd)", e.Message);
    }
}
