using Kit.Pruning;

namespace Kit.Tests.Pruning;

/// <summary>
/// The documented path choice, tie rules and refinement of filter+column projection, on matrices small enough to
/// solve by hand. Supports are written as the kept (row, column) cells.
/// </summary>
public class FilterColumnSetTests
{
    static bool[] Cells(LayerGeometry g, params (int r, int c)[] kept)
    {
        var keep = new bool[g.Count];
        foreach (var (r, c) in kept) keep[r * g.Columns + c] = true;
        return keep;
    }

    /// <summary>
    /// Keeping 1 row and 2 columns of this 3 x 4 matrix, the optimum is row 0 with its two largest entries
    /// (13^2 + 10^2 = 269; row 1 gives 12^2 + 9^2 = 225, row 2 gives 14^2 + 7^2 = 245). Both greedy starts end on
    /// row 2 (245), so the answer tells which path ran.
    /// </summary>
    static readonly float[] Wide = [-3, 10, -13, 2, 5, -12, 8, 9, -4, -6, 7, -14];

    [Fact]
    public void Rows_are_enumerated_when_their_subset_count_equals_the_exact_limit()
    {
        var g = new LayerGeometry(3, 4);
        // C(3,1) = 3 row sets <= limit 3 (exact); C(4,2) = 6 column sets > 3.
        Assert.Equal(Cells(g, (0, 1), (0, 2)), new FilterColumnSet(g, 1, 2, exactLimit: 3).Support(Wide));
        Assert.True(BruteForce.Distance(Wide, new FilterColumnSet(g, 1, 2, exactLimit: 0).Support(Wide)) > BruteForce.Distance(Wide, Cells(g, (0, 1), (0, 2))));
    }

    [Fact]
    public void Columns_are_enumerated_when_their_subset_count_equals_the_exact_limit()
    {
        // The transpose: keep 2 rows and 1 column; C(4,2) = 6 row sets > limit 3, C(3,1) = 3 column sets <= 3.
        var g = new LayerGeometry(4, 3);
        float[] tall = [.. Enumerable.Range(0, 12).Select(i => Wide[i % 3 * 4 + i / 3])];
        Assert.Equal(Cells(g, (1, 0), (2, 0)), new FilterColumnSet(g, 2, 1, exactLimit: 3).Support(tall));
        Assert.True(BruteForce.Distance(tall, new FilterColumnSet(g, 2, 1, exactLimit: 0).Support(tall)) > BruteForce.Distance(tall, Cells(g, (1, 0), (2, 0))));
    }

    [Fact]
    public void Enumeration_keeps_the_first_best_subset_in_lexicographic_order()
    {
        // Two equal rows: row set {0} and {1} tie; {0} comes first.
        var g = new LayerGeometry(2, 2);
        Assert.Equal(Cells(g, (0, 0)), new FilterColumnSet(g, 1, 1).Support([1, 0, 1, 0]));
        // Over columns (C(3,1) = 3 row sets > limit 2 = C(2,1) column sets): columns {0} and {1} tie; {0} comes first.
        var h = new LayerGeometry(3, 2);
        Assert.Equal(Cells(h, (0, 0)), new FilterColumnSet(h, 1, 1, exactLimit: 2).Support([1, 1, 0, 0, 0, 0]));
    }

    [Fact]
    public void Heuristic_prefers_start_a_on_equal_energy()
    {
        // 1 x 1 block. Columns first: column 1 (norm 25) -> row 0 -> cell (0,1) = 4. Rows first: row 1 (norm 25)
        // -> column 0 -> cell (1,0) = 4. Neither moves when refined; the energies tie and A (columns first) wins.
        var g = new LayerGeometry(3, 3);
        Assert.Equal(Cells(g, (0, 1)), new FilterColumnSet(g, 1, 1, exactLimit: 0).Support([0, 4, 0, 4, 0, 3, 0, 3, 0]));
    }

    [Fact]
    public void Heuristic_stays_on_its_start_when_refining_does_not_raise_the_energy()
    {
        // [[1, 1], [0, 0.5]], 1 x 1 block. A: column 1 (norm 1.25) -> row 0 -> cell (0,1), energy 1; refining moves to
        // the tied cell (0,0) at the same energy, so A keeps (0,1). B: row 0 -> cell (0,0), energy 1. Tie: A.
        var g = new LayerGeometry(2, 2);
        Assert.Equal(Cells(g, (0, 1)), new FilterColumnSet(g, 1, 1, exactLimit: 0).Support([1, 1, 0, 0.5f]));
    }

    [Fact]
    public void Refining_climbs_past_both_greedy_starts()
    {
        // [[4, 6, -5], [-7, -9, -11], [-12, -10, 1]], 1 x 1 block: the optimum is the largest |w|, 12 at (2,0).
        // Columns first starts at column 1 -> cell (2,1) = -10; rows first at row 1 -> cell (1,2) = -11. Only
        // refinement reaches (2,0): from row 2 the best column is 0, and row 2 is column 0's best row.
        var g = new LayerGeometry(3, 3);
        Assert.Equal(Cells(g, (2, 0)), new FilterColumnSet(g, 1, 1, exactLimit: 0).Support([4, 6, -5, -7, -9, -11, -12, -10, 1]));
    }

    [Fact]
    public void Refinement_stops_after_max_rounds()
    {
        // A staircase that one round climbs by one step: row i holds (i,i) = 100 + 2i and (i,i+1) = 101 + 2i, so
        // from row i the best column is i+1 and that column's best row is i+1. Ten filler entries of 99 below
        // (0,0) and right of (0,1) make column 0 and row 0 the largest groups, so both starts begin at the bottom.
        // The top (59,60) needs 60 rounds; after MaxRounds both starts are at (MaxRounds, MaxRounds).
        const int steps = 60, filler = 10;
        var g = new LayerGeometry(steps + filler, steps + 1 + filler);
        var w = new float[g.Count];
        for (int i = 0; i < steps; i++)
        {
            w[i * g.Columns + i] = 100 + 2 * i;
            w[i * g.Columns + i + 1] = 101 + 2 * i;
        }
        for (int k = 0; k < filler; k++)
        {
            w[(steps + k) * g.Columns] = 99;
            w[steps + 1 + k] = 99;
        }
        Assert.True(FilterColumnSet.MaxRounds < steps - 1);
        var r = FilterColumnSet.MaxRounds;
        Assert.Equal(Cells(g, (r, r)), new FilterColumnSet(g, 1, 1, exactLimit: 0).Support(w));
    }

    [Fact]
    public void Binomial_matches_pascals_triangle_and_is_zero_outside_it()
    {
        // Pascal's triangle by addition, up to n = 40 (C(40,20) ~ 1.4e11, exact in a double).
        var row = new long[] { 1 };
        for (int n = 0; n <= 40; n++)
        {
            for (int k = -2; k <= n + 2; k++)
                Assert.Equal(k < 0 || k > n ? 0 : row[k], FilterColumnSet.Binomial(n, k));
            row = [.. Enumerable.Range(0, n + 2).Select(k => (k > 0 ? row[k - 1] : 0) + (k <= n ? row[k] : 0))];
        }
    }

    [Fact]
    public void Binomial_saturates_beyond_1e18()
    {
        // C(100,50) ~ 1.0e29 and C(64,32) ~ 1.8e18; C(60,30) ~ 1.2e17 stays a count.
        Assert.Equal(long.MaxValue, FilterColumnSet.Binomial(100, 50));
        Assert.Equal(long.MaxValue, FilterColumnSet.Binomial(64, 32));
        Assert.InRange(FilterColumnSet.Binomial(60, 30), 118_264_581_564_000_000L, 118_264_581_565_000_000L);
    }
}
