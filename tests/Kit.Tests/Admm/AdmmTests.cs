using Kit.Admm;
using Kit.Models;
using Kit.Pruning;
using Kit.Quantization;
using Kit.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Kit.Tests.Admm;

[Collection("torch")]
public class AdmmTests
{
    /// <summary>
    /// min 1/2 ||W - A||^2 s.t. W in S: the answer is Proj_S(A). ADMM (W-step by gradient descent on the
    /// augmented loss through AdmmHook) must land on the set, near that answer.
    /// </summary>
    static (float[] z, float[] w, List<double> primal) Solve(Func<Tensor, Tensor> project, float[] a, int rows, int cols)
    {
        var target = tensor(a, [rows, cols]);
        var g = new Random(7);
        var w0 = a.Select(x => (float)(0.3 * x + 0.2 * (g.NextDouble() - 0.5))).ToArray();
        var p = new Parameter(tensor(w0, [rows, cols]));
        var layer = new PrunableLayer("w", LayerKind.Linear, p, rows, cols, cols, 1, null, 1);
        using var admm = new AdmmLayer(layer, project, 0.05);
        var hook = new AdmmHook([admm]);
        var primal = new List<double>();
        for (int step = 0; step < 60; step++)
        {
            for (int it = 0; it < 30; it++)
            {
                using var scope = NewDisposeScope();
                p.grad?.zero_();
                var loss = (p - target).square().sum() * 0.5 + hook.ExtraLoss(null!)!;
                loss.backward();
                using (no_grad()) p.sub_(p.grad! * (0.5 / (1 + admm.Rho)));
            }
            primal.Add(admm.Step().primal);
            double next = Math.Min(admm.Rho * 1.2, 20);
            admm.ScaleDual(admm.Rho / next);
            admm.Rho = next;
        }
        return (TensorValues.ToArray(admm.Z), TensorValues.ToArray(p), primal);
    }

    static float[] Target(int n, int seed)
    {
        var g = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (float)(g.NextDouble() * 2 - 1))];
    }

    [Theory]
    [InlineData("irregular")]
    [InlineData("filter")]
    [InlineData("column")]
    [InlineData("filter_column")]
    [InlineData("2:4")]
    public void Admm_converges_onto_a_pruning_set(string schemeName)
    {
        var geo = new LayerGeometry(6, 8);
        var scheme = PruningSchemes.Get(schemeName);
        var spec = schemeName switch
        {
            "irregular" => new PruningSetSpec { Scheme = scheme, Keep = 10 },
            "filter" => new PruningSetSpec { Scheme = scheme, Rows = 2 },
            "column" => new PruningSetSpec { Scheme = scheme, Columns = 3 },
            _ => new PruningSetSpec { Scheme = scheme, Rows = 3, Columns = 4 },
        };
        var set = spec.Build(geo);
        var a = Target(geo.Count, 3);
        var (z, w, primal) = Solve(t => set.Project(t), a, geo.Rows, geo.Columns);
        Assert.True(primal[^1] < 1e-3, $"primal residual {primal[^1]}");
        Assert.True(primal[^1] < primal[0]);
        Assert.Equal(z, PruningTensors.ApplySupport(z, set.Support(z)));
        Assert.True(PruningTensors.SquaredDistance(w, z) < 1e-5);
        var best = PruningTensors.ApplySupport(a, set.Support(a));
        Assert.True(PruningTensors.SquaredDistance(a, z) <= PruningTensors.SquaredDistance(a, best) * 1.05 + 1e-9);
    }

    [Fact]
    public void Admm_converges_onto_a_quantization_set()
    {
        var a = Target(48, 4);
        var q = new UniformQuantizer(2);
        var (z, w, primal) = Solve(t => q.Project(t).projected, a, 6, 8);
        Assert.True(primal[^1] < 1e-3, $"primal residual {primal[^1]}");
        Assert.True(z.Distinct().Count() <= 4);
        Assert.True(PruningTensors.SquaredDistance(w, z) < 1e-5);
    }

    [Fact]
    public void Runner_logs_every_layer_at_every_step_and_pulls_w_onto_z()
    {
        using var data = TorchFixture.Synthetic(320, 5);
        using var model = ModelRegistry.Create("lenet-300-100", TorchFixture.Info, 5);
        var config = new AdmmConfig
        {
            Rho0 = 0.05, RhoGrowth = 2, RhoMax = 1, PeriodEpochs = 1, Periods = 5,
            Train = new TrainConfig { Lr = 0.05, Epochs = 1, BatchSize = 32, WeightDecay = 0 },
        };
        var runner = new AdmmRunner { Model = model, Config = config, Seed = 1 };
        var sets = model.PrunableLayers.ToDictionary(l => l.Name, l => (IPruningSet)new IrregularSet(LayerGeometry.Of(l), (int)(l.Weights / 20)));
        runner.Run([.. model.PrunableLayers.Select(l => (l, (Func<Tensor, Tensor>)(t => sets[l.Name].Project(t))))], data, data);
        Assert.Equal(5 * 3, runner.Log.Count);
        Assert.Equal(5, runner.Epochs.Count);
        foreach (var layer in model.PrunableLayers)
        {
            var steps = runner.Log.Where(e => e.Layer == layer.Name).OrderBy(e => e.Step).ToList();
            Assert.Equal([0.05, 0.1, 0.2, 0.4, 0.8], steps.Select(s => s.Rho));
            Assert.True(steps[^1].PrimalResidual < steps[0].PrimalResidual, $"{layer.Name}: {steps[0].PrimalResidual} -> {steps[^1].PrimalResidual}");
        }
    }
}
