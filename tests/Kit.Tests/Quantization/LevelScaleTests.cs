using Kit.Experiments;
using Kit.IO;
using Kit.Quantization;
using Kit.Tests.Experiments;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Tests.Quantization;

/// <summary>
/// `quantize.train_scales`: after a snap the level scales train while the codes stay. The projection is the nearest
/// point of {t * q : t >= 0} per table (brute force over t), and a compression run with it keeps every snapped
/// sign, zero and table size while the scales move.
/// </summary>
[Collection("torch")]
public class LevelScaleTests
{
    static (float[] w, float[] q) Sample(int rows, int cols, int seed)
    {
        var g = new Random(seed);
        var q = new float[rows * cols];
        var w = new float[rows * cols];
        for (int i = 0; i < q.Length; i++)
        {
            // Binary codes on a per-row scale, some pruned; w is q moved by noise (a step of training after the snap).
            float a = 0.1f * (1 + i / cols);
            q[i] = g.NextDouble() < 0.3 ? 0 : (g.NextDouble() < 0.5 ? -a : a);
            w[i] = q[i] + (float)(g.NextDouble() - 0.5) * 0.2f;
        }
        return (w, q);
    }

    // The pipeline's own path to the nearest point: a scale step from the weights' own factors (gain times zero).
    static void ProjectByStep(LevelScaleProjection set, Tensor w)
    {
        using var own = set.FactorsTensor(w);
        set.StepInPlace(w, own);
    }

    static double Distance(float[] w, float[] p) => w.Select((x, i) => (x - (double)p[i]) * (x - (double)p[i])).Sum();

    [Theory]
    [InlineData(QuantGranularity.Filter)]
    [InlineData(QuantGranularity.Layer)]
    public void Projection_is_the_nearest_point_of_the_scaled_code_set(QuantGranularity granularity)
    {
        const int rows = 3, cols = 5;
        var (w, q) = Sample(rows, cols, 7);
        using var qt = tensor(q, [rows, cols]);
        using var wt = tensor(w, [rows, cols]);
        using var set = new LevelScaleProjection(qt, granularity);
        ProjectByStep(set, wt);
        var p = TensorValues.ToArray(wt);
        int groups = granularity == QuantGranularity.Filter ? rows : 1, size = rows * cols / groups;
        for (int gi = 0; gi < groups; gi++)
        {
            var wg = w.Skip(gi * size).Take(size).ToArray();
            var qg = q.Skip(gi * size).Take(size).ToArray();
            var pg = p.Skip(gi * size).Take(size).ToArray();
            // Brute force over t in [0, 4] on a grid of 1e-4: no point of the set is closer than the projection.
            double best = Enumerable.Range(0, 40_001).Min(k => Distance(wg, [.. qg.Select(x => (float)(k * 1e-4 * x))]));
            Assert.True(Distance(wg, pg) <= best + 1e-9, $"group {gi}: projection at {Distance(wg, pg)}, grid best {best}");
            // It is a point of the set: one factor times the codes, zeros where the snap had zeros.
            double t = Enumerable.Range(0, size).Where(i => qg[i] != 0).Select(i => (double)pg[i] / qg[i]).First();
            for (int i = 0; i < size; i++) Assert.Equal(t * qg[i], pg[i], 5);
        }
    }

    [Fact]
    public void A_table_whose_weights_turned_against_their_codes_goes_to_zero_and_an_empty_row_stays_zero()
    {
        float[] q = [0.5f, -0.5f, 0.5f, 0, 0, 0];
        float[] w = [-0.4f, 0.3f, -0.2f, 0.7f, -0.1f, 0.2f];
        using var qt = tensor(q, [2, 3]);
        using var wt = tensor(w, [2, 3]);
        using var set = new LevelScaleProjection(qt, QuantGranularity.Filter);
        Assert.Equal([true, false], set.Kept);
        Assert.Equal([0f, 0f], set.Factors(wt));
        ProjectByStep(set, wt);
        Assert.All(TensorValues.ToArray(wt), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void A_scale_step_moves_each_factor_sqrt_n_times_the_projected_step_and_lands_on_the_set()
    {
        // Row 0: three kept weights (n = 3) at +-0.5; after an optimizer step w = q + d. Projection: t = <w, q> / |q|^2
        // = (0.5 * 0.53 + 0.5 * 0.53 + 0.5 * 0.5) / 0.75 = 1.04, so the step from t = 1 is 0.04 and the scale step
        // sqrt(3) * 0.04. Row 1: one kept weight (n = 1) pulled against its sign: its factor goes to 0, not below.
        float[] q = [0.5f, -0.5f, 0, 0.5f, 0, 0.25f, 0, 0];
        float[] w = [0.53f, -0.53f, 0.1f, 0.5f, 0, -0.3f, 0, 0];
        using var qt = tensor(q, [2, 4]);
        using var wt = tensor(w, [2, 4]);
        using var set = new LevelScaleProjection(qt, QuantGranularity.Filter);
        using var before = tensor(new float[] { 1, 1 }, [2, 1]);
        set.StepInPlace(wt, before);
        var p = TensorValues.ToArray(wt);
        double t0 = 1 + Math.Sqrt(3) * 0.04;
        Assert.Equal(new[] { t0 * 0.5, -t0 * 0.5, 0, t0 * 0.5 }, p.Take(4).Select(x => (double)x), new ToleranceComparer(1e-5));
        Assert.All(p.Skip(4), x => Assert.Equal(0f, x));
    }

    sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double x) => 0;
    }

    [Fact]
    public void Training_the_scales_keeps_every_sign_and_zero_of_the_snap_and_moves_the_scales()
    {
        var spec = TinySpecs.Named("lenet5-mnist-binary-full");
        spec = spec with { Quantize = spec.Quantize! with { Granularity = QuantGranularity.Filter } };
        var trained = spec with { Quantize = spec.Quantize! with { TrainScales = true } };
        var fixedDir = Directory.CreateTempSubdirectory("kit-scales-");
        var trainedDir = Directory.CreateTempSubdirectory("kit-scales-");
        try
        {
            CompressionPipeline.Run(spec, fixedDir.FullName, new CompressionOptions { Quick = true });
            var lines = new List<string>();
            var r = CompressionPipeline.Run(trained, trainedDir.FullName, new CompressionOptions { Quick = true, Log = lines.Add });
            var a = Weights(Path.Combine(fixedDir.FullName, "model.pt"));
            var b = Weights(Path.Combine(trainedDir.FullName, "model.pt"));
            // conv2 and fc1 are snapped in stage 1 of both runs from the same ADMM path; after that only their scales
            // may move in the trained run (in both stages' retraining), never a sign or a zero.
            bool moved = false;
            foreach (var layer in new[] { "conv2", "fc1" })
            {
                var (wa, wb) = (a[layer], b[layer]);
                int rows = r.Layers.First(l => l.Name == layer).Shape[0], cols = wa.Length / rows;
                for (int row = 0; row < rows; row++)
                {
                    var ra = wa.AsSpan(row * cols, cols).ToArray();
                    var rb = wb.AsSpan(row * cols, cols).ToArray();
                    for (int i = 0; i < cols; i++) Assert.Equal(Math.Sign(ra[i]), Math.Sign(rb[i]));
                    Assert.True(rb.Select(Math.Abs).Distinct().Count() <= 1, $"{layer} row {row}: {rb.Select(Math.Abs).Distinct().Count()} magnitudes");
                    moved |= Math.Abs(ra.Max(Math.Abs) - rb.Max(Math.Abs)) > 1e-6;
                }
            }
            Assert.True(moved, "no level scale moved in the retraining");
            Assert.All(r.Layers, l => Assert.Equal(1, l.Bits));
            Assert.Equal(2, lines.Count(l => l.Contains("level scales trained")));
        }
        finally { fixedDir.Delete(recursive: true); trainedDir.Delete(recursive: true); }
    }

    [Fact]
    public void The_hook_steps_from_the_factors_of_the_latest_backward_and_lets_go_of_its_layers_when_disposed()
    {
        // The kit's Trainer pairs every backward with a step, but the hook contract does not promise it (a loop that skips
        // a step back-propagates twice): the scale step must start from the factors noted last, not from a stale earlier note.
        var q = new float[] { 0.5f, -0.5f, 0, 0.5f, 0.25f, 0, -0.25f, 0.25f };
        using var p = new TorchSharp.Modules.Parameter(tensor(q, [2, 4]));
        var layer = new Kit.Models.PrunableLayer("fc", Kit.Models.LayerKind.Linear, p, 2, 4, 4, 1, null, 1);
        var hook = new LevelScaleHook();
        hook.Add(layer, QuantGranularity.Filter);
        void SetTo(Func<float, float> f)
        {
            using var _ = no_grad();
            using var t = tensor(q.Select(f).ToArray(), [2, 4]);
            p.copy_(t);
        }
        SetTo(x => 2 * x);
        hook.AfterBackward(null!);
        SetTo(x => 3 * x);
        hook.AfterBackward(null!);
        SetTo(x => 3.1f * x); // the optimizer's step, along the codes: the projection alone would give factor 3.1
        hook.AfterStep(null!);
        // Each row keeps 3 weights: the factor moves sqrt(3) times the projected 0.1 from 3.
        Assert.Equal([3 + Math.Sqrt(3) * 0.1, 3 + Math.Sqrt(3) * 0.1], hook.Factors().Select(f => (double)f), new ToleranceComparer(1e-5));
        hook.Dispose();
        Assert.Empty(hook.Factors());
    }

    [Fact]
    public void The_spec_field_is_omitted_when_off_so_existing_hashes_stay()
    {
        var spec = TinySpecs.Named("lenet5-mnist-binary-full");
        Assert.DoesNotContain("train_scales", Json.Serialize(spec));
        var on = spec with { Quantize = spec.Quantize! with { TrainScales = true } };
        Assert.Contains("\"train_scales\": true", Json.Serialize(on));
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, Json.Serialize(on));
            Assert.True(Json.ReadFile<CompressionSpec>(file).Quantize!.TrainScales);
        }
        finally { File.Delete(file); }
    }

    static Dictionary<string, float[]> Weights(string modelPath)
    {
        var (net, _) = Checkpoint.Load(modelPath);
        using (net) return net.PrunableLayers.ToDictionary(l => l.Name, l => Kit.TensorValues.ToArray(l.Weight));
    }
}
