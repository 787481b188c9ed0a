using Kit.Quantization;
using static TorchSharp.torch;

namespace Kit.Tests.Quantization;

/// <summary>
/// Snap and Project against an exhaustive nearest-level search: every allowed value is tried and the snapped
/// value must be at the smallest distance. The oracle builds the allowed set from the levels' magnitudes
/// itself (not from <see cref="QuantLevels.Values"/>) and shares no search code with the binary search it checks.
/// </summary>
[Collection("torch")]
public class NearestLevelTests
{
    /// <summary>Pruned-layer-like weights: some exact zeros, the rest spread well past the top level (so clipping is exercised).</summary>
    static float[] Weights(int n, int seed, double zeros = 0.3)
    {
        var g = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => g.NextDouble() < zeros ? 0f : (float)((g.NextDouble() * 2 - 1) * 0.2))];
    }

    static float[] Kept(float[] w) => [.. w.Where(x => x != 0)];

    /// <summary>Every value a weight of a layer with these levels may take, as the float the snap returns.</summary>
    static List<float> Allowed(double[] magnitudes, bool zeroAllowed)
    {
        var all = new List<float>();
        foreach (var m in magnitudes) { all.Add((float)m); all.Add((float)-m); }
        if (zeroAllowed) all.Add(0f);
        return all;
    }

    static void AssertNearest(float w, float snapped, List<float> allowed, string what)
    {
        Assert.Contains(snapped, allowed);
        double best = allowed.Min(v => Math.Abs((double)w - v));
        Assert.True(Math.Abs((double)w - snapped) <= best + 1e-12,
            $"{what}: {w} snapped to {snapped} (distance {Math.Abs((double)w - snapped)}), but a level lies at distance {best}");
    }

    [Theory]
    [InlineData(2, false)] [InlineData(3, false)] [InlineData(4, false)] [InlineData(8, false)]
    [InlineData(2, true)] [InlineData(3, true)] [InlineData(5, true)]
    public void Uniform_snap_is_the_nearest_level(int bits, bool zeroIsCode)
    {
        var w = Weights(3000, 40 + bits);
        var levels = new UniformQuantizer(bits, zeroIsCode).Fit(Kept(w));
        int n = zeroIsCode ? (1 << (bits - 1)) - 1 : 1 << (bits - 1);
        Assert.Equal(n, levels.Magnitudes.Length);
        Assert.Equal(zeroIsCode, levels.ZeroAllowed);
        // Uniform: the magnitudes are q, 2q, ..., nq.
        for (int i = 0; i < n; i++) Assert.Equal(levels.Magnitudes[0] * (i + 1), levels.Magnitudes[i], 12);
        var allowed = Allowed(levels.Magnitudes, zeroIsCode);
        var s = levels.Snap(w, []);
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] == 0) { Assert.Equal(0f, s[i]); continue; }
            AssertNearest(w[i], s[i], allowed, $"weight {i}");
            Assert.Equal(s[i], levels.Snap(w[i]));
        }
        if (zeroIsCode) Assert.Contains(s.Select((x, i) => (x, i)), t => t.x == 0 && w[t.i] != 0);
        else Assert.Equal(w.Count(x => x != 0), s.Count(x => x != 0));
    }

    [Fact]
    public void Snap_picks_the_nearest_of_uneven_levels_on_both_sides()
    {
        // Uneven gaps, so a rounding rule that assumes a uniform grid (or always rounds up or down) is caught.
        var levels = new QuantLevels([0.1, 0.25, 0.3, 0.8], false);
        var allowed = Allowed(levels.Magnitudes, false);
        for (double x = -1.2; x <= 1.2; x += 0.0007)
            if (Math.Abs(x) > 1e-9) AssertNearest((float)x, levels.Snap((float)x), allowed, $"w = {x}");
    }

    [Fact]
    public void Ties_go_to_the_smaller_magnitude_and_a_weight_halfway_to_zero_keeps_its_level()
    {
        // Levels and midpoints are exact in binary floating point, so these are true ties.
        var levels = new QuantLevels([1, 2, 3], false);
        Assert.Equal(1f, levels.Snap(1.5f));
        Assert.Equal(2f, levels.Snap(2.5f));
        Assert.Equal(-1f, levels.Snap(-1.5f));
        Assert.Equal(-2f, levels.Snap(-2.5f));
        Assert.Equal(3f, levels.Snap(7f));    // beyond the top level: clipped to it
        Assert.Equal(1f, levels.Snap(0.25f)); // below the lowest level, zero not allowed: the lowest level
        var withZero = new QuantLevels([1, 2], true);
        Assert.Equal(1f, withZero.Snap(0.5f));
        Assert.Equal(-1f, withZero.Snap(-0.5f));
        Assert.Equal(0f, withZero.Snap(0.49f));
        Assert.Equal(1f, withZero.Snap(1.5f));
    }

    [Fact]
    public void Ternary_fits_the_twn_scale_and_snaps_to_the_nearest_of_minus_a_zero_plus_a()
    {
        var w = Weights(2500, 8);
        var kept = Kept(w);
        // Ternary Weight Networks: delta = 0.7 mean|w|, a = mean |w| over the weights above delta.
        double delta = 0.7 * kept.Sum(x => (double)Math.Abs(x)) / kept.Length;
        var above = kept.Where(x => Math.Abs(x) > delta).ToList();
        double a = above.Sum(x => (double)Math.Abs(x)) / above.Count;
        var levels = new TernaryQuantizer().Fit(kept);
        Assert.True(levels.ZeroAllowed);
        Assert.Equal(a, levels.Magnitudes.Single(), 9);
        var allowed = Allowed([a], zeroAllowed: true);
        var s = levels.Snap(w, []);
        for (int i = 0; i < w.Length; i++)
            if (w[i] == 0) Assert.Equal(0f, s[i]);
            else AssertNearest(w[i], s[i], allowed, $"weight {i}");
        Assert.Equal(kept.Count(x => Math.Abs(x) >= a / 2), s.Count(x => x != 0));
        // By hand: mean |w| = 0.2, delta = 0.14, the weights above it are 0.2 and 0.3, so a = 0.25.
        Assert.Equal(0.25, new TernaryQuantizer().Fit([0.1f, -0.2f, 0.3f]).Magnitudes.Single(), 6);
    }

    [Fact]
    public void Masked_snap_keeps_exactly_the_mask_and_snaps_kept_zeros_to_the_smallest_level()
    {
        var w = Weights(2000, 9, zeros: 0.2);
        var g = new Random(10);
        var mask = w.Select(_ => g.NextDouble() < 0.5 ? 1f : 0f).ToArray();
        var levels = new UniformQuantizer(3).Fit(Kept(w));
        var allowed = Allowed(levels.Magnitudes, false);
        var s = levels.Snap(w, mask);
        for (int i = 0; i < w.Length; i++)
        {
            if (mask[i] == 0) Assert.Equal(0f, s[i]);
            else if (w[i] == 0) Assert.Equal((float)levels.Magnitudes.Min(), s[i]);
            else AssertNearest(w[i], s[i], allowed, $"weight {i}");
        }
        Assert.Equal(mask.Count(m => m != 0), s.Count(x => x != 0));
    }

    [Theory]
    [InlineData(QuantizerKind.Uniform, 3, false, true)]
    [InlineData(QuantizerKind.Uniform, 4, true, false)]
    [InlineData(QuantizerKind.AlphaQ, 2, false, true)]
    [InlineData(QuantizerKind.Ternary, 2, false, false)]
    [InlineData(QuantizerKind.Binary, 1, false, true)]
    public void Project_fits_on_the_kept_weights_only_and_snaps_each_to_its_nearest_level(QuantizerKind kind, int bits, bool zeroIsCode, bool masked)
    {
        var q = new QuantizerSpec { Kind = kind, Bits = bits, ZeroIsCode = zeroIsCode }.Build();
        var w = Weights(600, 11);
        // Large weights outside the mask: a projection that fitted its levels on them would get other levels.
        var g = new Random(12);
        var mask = w.Select(x => x != 0 && g.NextDouble() < 0.6 ? 1f : 0f).ToArray();
        if (masked) for (int i = 0; i < w.Length; i++) if (mask[i] == 0 && i % 3 == 0) w[i] = 5f;
        var kept = masked ? w.Where((_, i) => mask[i] != 0).ToArray() : Kept(w);
        var expectedLevels = q.Fit(kept);

        using var wt = tensor(w, [20, 30]);
        using var mt = tensor(mask, [20, 30]);
        var (projected, levels) = q.Project(wt, masked ? mt : null);
        using (projected)
        {
            Assert.Equal(expectedLevels.Magnitudes, Assert.Single(levels.Rows).Magnitudes);
            Assert.Equal(new long[] { 20, 30 }, projected.shape);
            var p = TensorValues.ToArray(projected);
            var allowed = Allowed(expectedLevels.Magnitudes, expectedLevels.ZeroAllowed);
            for (int i = 0; i < w.Length; i++)
            {
                bool isKept = masked ? mask[i] != 0 : w[i] != 0;
                if (!isKept) Assert.Equal(0f, p[i]);
                else AssertNearest(w[i], p[i], allowed, $"weight {i}");
            }
        }
    }
}
