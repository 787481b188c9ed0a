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
        var all = BruteForce.Supports(spec, G).ToList();
        for (int seed = 0; seed < 25; seed++)
        {
            var w = Random(G.Count, seed, ties: seed % 5 == 0);
            var support = set.Support(w);
            Assert.Equal(all.Min(s => BruteForce.Distance(w, s)), BruteForce.Distance(w, support), 9);
            Assert.Contains(all, s => s.SequenceEqual(support));
        }
    }

    /// <summary>
    /// Filter+column on a 6 x 4 layer keeping 3 rows (20 row sets) and 2 columns (6 column sets): the exact limit
    /// decides the path. 20_000 enumerates row sets, 10 enumerates column sets (rows exceed it), so both exact
    /// paths must find the brute-force optimum.
    /// </summary>
    [Theory]
    [InlineData(20_000)]
    [InlineData(10)]
    public void Filter_column_exact_paths_are_the_brute_force_nearest_point(long exactLimit)
    {
        var g = new LayerGeometry(6, 4);
        var spec = new PruningSetSpec { Scheme = PruningSchemes.Get("filter_column"), Rows = 3, Columns = 2 };
        var set = new FilterColumnSet(g, 3, 2, exactLimit);
        for (int seed = 0; seed < 40; seed++)
        {
            var w = Random(g.Count, 300 + seed, ties: seed % 4 == 0);
            var support = set.Support(w);
            Assert.Equal(BruteForce.MinDistance(w, spec, g), BruteForce.Distance(w, support), 9);
            Assert.Contains(BruteForce.Supports(spec, g), s => s.SequenceEqual(support));
        }
    }

    [Theory, MemberData(nameof(Specs))]
    public void Projection_is_idempotent(PruningSetSpec spec)
    {
        var set = spec.Build(G);
        for (int seed = 0; seed < 10; seed++)
        {
            var w = Random(G.Count, seed);
            var once = Apply(w, set.Support(w));
            var twice = Apply(once, set.Support(once));
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
            double D(bool[] s) => BruteForce.Distance(w, s);
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

    // The sequential orders, written here from their definition (top groups by energy, lowest index on ties).
    static bool[] SequentialColumnsThenRows(float[] w, LayerGeometry g, int r, int c)
    {
        var cols = Top(Enumerable.Range(0, g.Columns).Select(j => Enumerable.Range(0, g.Rows).Sum(i => Sq(w[i * g.Columns + j]))), c);
        var rows = Top(Enumerable.Range(0, g.Rows).Select(i => Enumerable.Range(0, g.Columns).Where(j => cols[j]).Sum(j => Sq(w[i * g.Columns + j]))), r);
        return BruteForce.Block(g, rows, cols);
    }

    static bool[] SequentialRowsThenColumns(float[] w, LayerGeometry g, int r, int c)
    {
        var rows = Top(Enumerable.Range(0, g.Rows).Select(i => Enumerable.Range(0, g.Columns).Sum(j => Sq(w[i * g.Columns + j]))), r);
        var cols = Top(Enumerable.Range(0, g.Columns).Select(j => Enumerable.Range(0, g.Rows).Where(i => rows[i]).Sum(i => Sq(w[i * g.Columns + j]))), c);
        return BruteForce.Block(g, rows, cols);
    }

    static double Sq(float x) => (double)x * x;

    static bool[] Top(IEnumerable<double> energies, int k)
    {
        var e = energies.ToArray();
        var keep = new bool[e.Length];
        foreach (var i in Enumerable.Range(0, e.Length).OrderByDescending(i => e[i]).ThenBy(i => i).Take(k)) keep[i] = true;
        return keep;
    }

    static float[] Apply(float[] w, bool[] keep) => [.. w.Select((x, i) => keep[i] ? x : 0f)];

    [Fact]
    public void Sets_reject_impossible_counts()
    {
        var e = Assert.Throws<KitException>(() => new PruningSetSpec { Scheme = PruningSchemes.Get("filter"), Rows = 4 }.Build(G));
        Assert.Contains("keep_rows", e.Message);
        Assert.Throws<KitException>(() => new PruningSetSpec { Scheme = PruningSchemes.Get("irregular") }.Build(G, "layer conv1"));
    }
}
