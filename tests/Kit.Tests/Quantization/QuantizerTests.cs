using Kit.Quantization;

namespace Kit.Tests.Quantization;

public class QuantizerTests
{
    /// <summary>Pruned-layer-like weights: ~70% exact zeros, the rest roughly Laplacian.</summary>
    static float[] Weights(int n, int seed)
    {
        var g = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ =>
        {
            if (g.NextDouble() < 0.7) return 0f;
            double u = g.NextDouble() - 0.5;
            return (float)(-0.05 * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u)) + 1e-4 * Math.Sign(u));
        })];
    }

    static float[] Kept(float[] w) => [.. w.Where(x => x != 0)];

    [Theory]
    [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)] [InlineData(6)] [InlineData(7)] [InlineData(8)]
    public void Uniform_takes_only_its_levels_and_keeps_zeros(int bits)
    {
        var w = Weights(4000, bits);
        var q = new UniformQuantizer(bits);
        var levels = q.Fit(Kept(w));
        var s = levels.Snap(w, []);
        int n = 1 << (bits - 1);
        Assert.Equal(n, levels.Magnitudes.Length);
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] == 0) { Assert.Equal(0f, s[i]); continue; }
            Assert.NotEqual(0f, s[i]);
            Assert.Equal(Math.Sign(w[i]), Math.Sign(s[i]));
            double k = Math.Abs(s[i]) / levels.Magnitudes[0];
            Assert.InRange(Math.Abs(k - Math.Round(k)), 0, 1e-4);
            Assert.InRange(Math.Round(k), 1, n);
            // Nearest level: within half a step, unless the weight lies beyond the top level or below the lowest (clipped).
            double step = levels.Magnitudes[0], a = Math.Abs(w[i]);
            if (a >= n * step) Assert.Equal(n, Math.Round(k));
            else if (a <= step) Assert.Equal(1, Math.Round(k));
            else Assert.True(Math.Abs(a - Math.Abs(s[i])) <= step / 2 * (1 + 1e-5), $"{w[i]} snapped to {s[i]}, step {step}");
        }
        int distinct = s.Where(x => x != 0).Distinct().Count();
        Assert.InRange(distinct, 2, 1 << bits);
        Assert.Equal(w.Count(x => x != 0), s.Count(x => x != 0));
    }

    [Theory]
    [InlineData(2)] [InlineData(3)] [InlineData(4)]
    public void Uniform_interval_beats_a_fine_grid_and_max_over_n(int bits)
    {
        var kept = Kept(Weights(3000, 10 + bits));
        int n = 1 << (bits - 1);
        double q = UniformQuantizer.BestInterval(kept, n);
        double best = UniformQuantizer.Error(kept, q, n);
        double max = kept.Max(x => Math.Abs(x));
        Assert.True(best <= UniformQuantizer.Error(kept, max / n, n));
        for (double t = 0.01; t <= 1.2; t += 0.0005)
            Assert.True(best <= UniformQuantizer.Error(kept, t * max / n, n) * (1 + 1e-3), $"q = {t} max/n is better");
        Assert.True(q < 0.9 * max / n, "for heavy-tailed weights the best interval is well below max|w|/n");
    }

    [Fact]
    public void Zero_as_code_leaves_one_level_fewer_per_sign()
    {
        var q = new UniformQuantizer(3, zeroIsCode: true);
        Assert.Equal(3, q.Fit(Kept(Weights(1000, 1))).Magnitudes.Length);
        Assert.Throws<KitException>(() => new QuantizerSpec { Bits = 1, ZeroIsCode = true }.Build());
    }

    [Fact]
    public void Binary_is_plus_minus_mean_abs()
    {
        var w = Weights(2000, 5);
        var kept = Kept(w);
        var levels = new BinaryQuantizer().Fit(kept);
        Assert.Equal(kept.Average(x => Math.Abs(x)), levels.Magnitudes.Single(), 6);
        var s = levels.Snap(w, []);
        Assert.Equal(2, s.Where(x => x != 0).Distinct().Count());
        Assert.Equal(w.Count(x => x != 0), s.Count(x => x != 0));
        Assert.IsType<BinaryQuantizer>(new QuantizerSpec { Bits = 1 }.Build());
    }

    [Fact]
    public void Ternary_has_three_values_and_may_prune_more()
    {
        var w = Weights(2000, 6);
        var levels = new TernaryQuantizer().Fit(Kept(w));
        var s = levels.Snap(w, []);
        Assert.Equal(3, s.Distinct().Count());
        Assert.True(s.Count(x => x != 0) < w.Count(x => x != 0));
        Assert.All(s.Select((x, i) => (x, i)).Where(t => w[t.i] == 0), t => Assert.Equal(0f, t.x));
    }

    [Theory]
    [InlineData(1)] [InlineData(3)] [InlineData(4)]
    public void Alpha_q_is_a_least_squares_fixed_point(int bits)
    {
        var kept = Kept(Weights(3000, 20 + bits));
        var levels = new AlphaQQuantizer(bits).Fit(kept);
        int n = 1 << (bits - 1);
        Assert.Equal(n, levels.Magnitudes.Length);
        double alpha = levels.Magnitudes[0];
        double start = UniformQuantizer.Error(kept, kept.Max(x => Math.Abs(x)) / n, n);
        Assert.True(UniformQuantizer.Error(kept, alpha, n) <= start);
        // At the fixed point alpha is the least-squares scale for its own integer codes.
        double vq = 0, qq = 0;
        foreach (var v in kept)
        {
            double k = Math.Clamp(Math.Round(Math.Abs(v) / alpha), 1, n);
            vq += Math.Abs(v) * k; qq += k * k;
        }
        Assert.Equal(vq / qq, alpha, 6);
    }

    [Fact]
    public void Mask_decides_what_is_kept()
    {
        var levels = new QuantLevels([0.1, 0.2], false);
        // 0.12 and -0.14 round down in magnitude, -0.16 up: a snap that always rounds one way fails.
        var s = levels.Snap([0.05f, 0f, 0.3f, -0.16f, 0.12f, -0.14f, 0.5f], [1, 1, 0, 1, 1, 1, 1]);
        Assert.Equal([0.1f, 0.1f, 0f, -0.2f, 0.1f, -0.1f, 0.2f], s);
    }
}
