using Kit.Experiments;
using Kit.IO;
using Kit.Pruning;

namespace Kit.Tests.Pruning;

public class NmSetTests
{
    /// <summary>Every mask of the layer with at most N kept per group of M consecutive weights along a row (2^count candidates).</summary>
    static IEnumerable<bool[]> FeasibleMasks(LayerGeometry g, int n, int m)
    {
        for (int bits = 0; bits < 1 << g.Count; bits++)
        {
            var keep = Enumerable.Range(0, g.Count).Select(i => (bits >> i & 1) == 1).ToArray();
            bool ok = true;
            for (int r = 0; r < g.Rows && ok; r++)
                for (int start = 0; start < g.Columns && ok; start += m)
                    ok = Enumerable.Range(start, Math.Min(m, g.Columns - start)).Count(c => keep[r * g.Columns + c]) <= n;
            if (ok) yield return keep;
        }
    }

    static float[] Random(int count, int seed, bool ties)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => ties ? (float)(rng.Next(5) - 2) : (float)(rng.NextDouble() * 2 - 1))];
    }

    [Theory]
    [InlineData("2:4", 2, 6)]   // one full group and a tail of 2 per row
    [InlineData("1:4", 2, 7)]   // tail of 3
    [InlineData("2:4", 1, 12)]  // three full groups
    public void Projection_is_the_brute_force_nearest_point(string name, int rows, int columns)
    {
        var scheme = (NmScheme)PruningSchemes.Get(name);
        var g = new LayerGeometry(rows, columns);
        var set = new PruningSetSpec { Scheme = scheme }.Build(g);
        var feasible = FeasibleMasks(g, scheme.N, scheme.M).ToList();
        for (int seed = 0; seed < 12; seed++)
        {
            var w = Random(g.Count, seed, ties: seed % 4 == 0);
            var support = set.Support(w);
            double best = feasible.Min(s => PruningTensors.SquaredDistance(w, PruningTensors.ApplySupport(w, s)));
            Assert.Equal(best, PruningTensors.SquaredDistance(w, PruningTensors.ApplySupport(w, support)), 9);
            Assert.Contains(feasible, s => s.SequenceEqual(support));
            Assert.Equal(scheme.KeptWeights(new PruningSetSpec { Scheme = scheme }, g), support.Count(x => x));
        }
    }

    [Fact]
    public void Keeps_the_largest_per_group_with_ties_to_the_lower_index()
    {
        // Groups: [0.1, -3, 2, 0.5] [4, 0, -1, 1] [7]; |-1| = |1| ties, the lower index wins.
        float[] w = [0.1f, -3, 2, 0.5f, 4, 0, -1, 1, 7];
        var keep = new NmSet(new LayerGeometry(1, 9), (NmScheme)PruningSchemes.Get("2:4")).Support(w);
        Assert.Equal([false, true, true, false, true, false, true, false, true], keep);
        var one = new NmSet(new LayerGeometry(1, 9), (NmScheme)PruningSchemes.Get("1:4")).Support(w);
        Assert.Equal([false, true, false, false, true, false, false, false, true], one);
    }

    [Fact]
    public void Spec_names_read_and_write_as_n_colon_m()
    {
        var spec = Json.Parse<PruningSetSpec>("""{ "scheme": "2:4" }""", "set.json");
        Assert.Equal("2:4", spec.Scheme.Name);
        Assert.Same(PruningSchemes.Get("2:4"), spec.Scheme);
        Assert.Contains("\"scheme\": \"1:4\"", Json.Serialize(new PruningSetSpec { Scheme = PruningSchemes.Get("1:4") }));
        var e = Assert.Throws<KitException>(() => Json.Parse<PruningSetSpec>("""{ "scheme": "3:4" }""", "set.json"));
        Assert.Contains("unknown pruning scheme '3:4'", e.Message);
        Assert.Contains("2:4", e.Message);
    }

    [Fact]
    public void A_rate_prunes_every_layer_to_the_pattern()
    {
        List<KeepAllocation.Layer> layers = [new("conv1", new LayerGeometry(20, 25, 25), false), new("fc2", new LayerGeometry(10, 500), true)];
        var sets = KeepAllocation.Resolve(PruningSchemes.Get("2:4"), layers, 2, 0.5, null);
        // conv1: 6 full groups (12 kept) + a tail of 1 (1 kept) per row; fc2: 125 groups of 4.
        Assert.Equal(20 * 13, sets["conv1"].KeptWeights(layers[0].Geometry));
        Assert.Equal(10 * 250, sets["fc2"].KeptWeights(layers[1].Geometry));
        Assert.Equal("2:4: keep 260/500", sets["conv1"].Describe(layers[0].Geometry));
    }

    [Fact]
    public void Per_layer_fractions_are_rejected()
    {
        var prune = new PruneSpec
        {
            Scheme = PruningSchemes.Get("2:4"),
            Steps = [new() { Rate = 2, Layers = new() { ["fc1"] = new LayerKeep { Weights = 0.5 } } }],
        };
        var e = Assert.Throws<KitException>(() => prune.Validate("prune"));
        Assert.Contains("prune.steps[0].layers.fc1", e.Message);
        Assert.Contains("2:4", e.Message);
    }

    sealed class FourFour() : NmScheme(4, 4);
    sealed class ZeroFour() : NmScheme(0, 4);
    sealed class ThreeFour() : NmScheme(3, 4);

    [Fact]
    public void A_ratio_needs_one_to_m_minus_one_kept()
    {
        var equal = Assert.Throws<ArgumentOutOfRangeException>(() => new FourFour());
        Assert.Equal("n", equal.ParamName);
        Assert.StartsWith("N:M needs 1 <= N < M, got 4:4", equal.Message);
        Assert.StartsWith("N:M needs 1 <= N < M, got 0:4", Assert.Throws<ArgumentOutOfRangeException>(() => new ZeroFour()).Message);
        var ok = new ThreeFour();
        Assert.Equal((3, 4, "3:4"), (ok.N, ok.M, ok.Name));
    }

    [Fact]
    public void Fractions_do_not_apply()
    {
        var e = Assert.Throws<KitException>(() => PruningSchemes.Get("2:4").FromFractions(new LayerKeep { Weights = 0.5 }, new LayerGeometry(2, 8)));
        Assert.Equal("scheme 2:4 has no per-layer fractions", e.Message);
    }
}
