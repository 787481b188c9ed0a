using Kit.Pruning;

namespace Kit.Tests.Pruning;

public class ProjectionTests
{
    static readonly LayerGeometry G = new(Rows: 3, Columns: 6, KernelElements: 2);

    static float[] Random(int n, int seed, bool ties = false)
    {
        var g = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => ties ? (float)(g.Next(5) - 2) : (float)(g.NextDouble() * 2 - 1))];
    }

    public static TheoryData<PruningSetSpec> Specs() =>
    [
        new() { Scheme = PruningSchemes.Get("irregular"), Keep = 1 },
        new() { Scheme = PruningSchemes.Get("irregular"), Keep = 5 },
        new() { Scheme = PruningSchemes.Get("irregular"), Keep = 17 },
        new() { Scheme = PruningSchemes.Get("filter"), Rows = 1 },
        new() { Scheme = PruningSchemes.Get("filter"), Rows = 2 },
        new() { Scheme = PruningSchemes.Get("column"), Columns = 2 },
        new() { Scheme = PruningSchemes.Get("column"), Columns = 5 },
        new() { Scheme = PruningSchemes.Get("channel"), Channels = 1 },
        new() { Scheme = PruningSchemes.Get("channel"), Channels = 2 },
        new() { Scheme = PruningSchemes.Get("filter_column"), Rows = 2, Columns = 3 },
        new() { Scheme = PruningSchemes.Get("filter_column"), Rows = 1, Columns = 4 },
        new() { Scheme = PruningSchemes.Get("filter_column"), Rows = 3, Columns = 2 },
    ];

    [Theory, MemberData(nameof(Specs))]
    public void Projection_is_the_brute_force_nearest_point(PruningSetSpec spec)
    {
        var set = spec.Build(G);
        for (int seed = 0; seed < 25; seed++)
        {
            var w = Random(G.Count, seed, ties: seed % 5 == 0);
            var p = PruningTensors.ApplySupport(w, set.Support(w));
            Assert.Equal(BruteForce.MinDistance(w, spec, G), PruningTensors.SquaredDistance(w, p), 9);
            Assert.Contains(BruteForce.Supports(spec, G), s => s.SequenceEqual(set.Support(w)));
        }
    }

    [Theory, MemberData(nameof(Specs))]
    public void Projection_is_idempotent(PruningSetSpec spec)
    {
        var set = spec.Build(G);
        for (int seed = 0; seed < 10; seed++)
        {
            var w = Random(G.Count, seed);
            var once = PruningTensors.ApplySupport(w, set.Support(w));
            var twice = PruningTensors.ApplySupport(once, set.Support(once));
            Assert.Equal(once, twice);
        }
    }

    [Theory, MemberData(nameof(Specs))]
    public void Support_has_exactly_the_kept_count(PruningSetSpec spec)
    {
        var set = spec.Build(G);
        var w = Random(G.Count, 3, ties: true);
        Assert.Equal(spec.KeptWeights(G), set.Support(w).Count(x => x));
    }

    [Fact]
    public void Irregular_ties_keep_the_lowest_indices()
    {
        var w = new float[] { 1, -1, 1, 1, 0.5f, -1 };
        var keep = new IrregularSet(new LayerGeometry(1, 6), 3).Support(w);
        Assert.Equal([true, true, true, false, false, false], keep);
    }

    [Fact]
    public void Channel_of_a_conv_removes_all_its_kernel_columns()
    {
        var g = new LayerGeometry(2, 6, 3);
        var w = new float[] { 1, 1, 1, 0.1f, 0.1f, 0.1f, 1, 1, 1, 0.1f, 0.1f, 5 };
        var keep = new ChannelSet(g, 1).Support(w);
        Assert.Equal([false, false, false, true, true, true, false, false, false, true, true, true], keep);
    }

    [Fact]
    public void Filter_column_heuristic_is_feasible_and_beats_both_sequential_orders()
    {
        var g = new LayerGeometry(12, 16);
        for (int seed = 0; seed < 20; seed++)
        {
            var w = Random(g.Count, 100 + seed);
            var heuristic = new FilterColumnSet(g, 5, 7, exactLimit: 0).Support(w);
            var exact = new FilterColumnSet(g, 5, 7).Support(w);
            var colsFirst = SequentialColumnsThenRows(w, g, 5, 7);
            var rowsFirst = SequentialRowsThenColumns(w, g, 5, 7);
            double D(bool[] s) => PruningTensors.SquaredDistance(w, PruningTensors.ApplySupport(w, s));
            Assert.True(D(heuristic) <= D(colsFirst) + 1e-9);
            Assert.True(D(heuristic) <= D(rowsFirst) + 1e-9);
            Assert.True(D(exact) <= D(heuristic) + 1e-9);
            var rows = Enumerable.Range(0, g.Rows).Count(r => Enumerable.Range(0, g.Columns).Any(c => heuristic[r * g.Columns + c]));
            var cols = Enumerable.Range(0, g.Columns).Count(c => Enumerable.Range(0, g.Rows).Any(r => heuristic[r * g.Columns + c]));
            Assert.Equal(5, rows);
            Assert.Equal(7, cols);
            Assert.Equal(35, heuristic.Count(x => x));
        }
    }

    static bool[] SequentialColumnsThenRows(float[] w, LayerGeometry g, int r, int c)
    {
        var cols = TopK.Select(GroupNorms.Columns(w, g), c);
        return GroupNorms.Block(g, TopK.Select(GroupNorms.Rows(w, g, cols), r), cols);
    }

    static bool[] SequentialRowsThenColumns(float[] w, LayerGeometry g, int r, int c)
    {
        var rows = TopK.Select(GroupNorms.Rows(w, g), r);
        return GroupNorms.Block(g, rows, TopK.Select(GroupNorms.Columns(w, g, rows), c));
    }

    [Fact]
    public void Sets_reject_impossible_counts()
    {
        var e = Assert.Throws<KitException>(() => new PruningSetSpec { Scheme = PruningSchemes.Get("filter"), Rows = 4 }.Build(G));
        Assert.Contains("keep_rows", e.Message);
        Assert.Throws<KitException>(() => new PruningSetSpec { Scheme = PruningSchemes.Get("irregular") }.Build(G, "layer conv1"));
    }
}
