using Kit.Costs;

namespace Kit.Tests.Costs;

/// <summary>Crafted masks with hand-computed costs, and a reference encoder that writes the entry stream one
/// entry at a time (the definition the fast histogram search must agree with).</summary>
static class CostTestMasks
{
    /// <summary>1 x 20, nonzeros at 0, 3, 4, 12, 19: gaps 1, 3, 1, 8, 7.</summary>
    public static LayerMask Row() => new("row", 1, 20, [0, 3, 4, 12, 19]);

    /// <summary>3 x 8: row 0 has columns 0 and 5, row 1 is empty, row 2 has column 7 (flat 0, 5, 23).</summary>
    public static LayerMask Small() => new("small", 3, 8, [0, 5, 23]);

    /// <summary>Entries (nonzeros + fillers) of one traversal, by literally emitting fillers of 2^k.</summary>
    public static long EncodeEntries(IEnumerable<IEnumerable<int>> segments, int k)
    {
        long entries = 0, max = 1L << k;
        foreach (var seg in segments)
        {
            long prev = -1;
            foreach (var p in seg)
            {
                long g = p - prev;
                while (g > max) { entries++; g -= max; }
                entries++;
                prev = p;
            }
        }
        return entries;
    }

    public static IEnumerable<IEnumerable<int>> WholeLayer(LayerMask m) => [m.Nonzero];

    public static IEnumerable<IEnumerable<int>> ByRow(LayerMask m) =>
        Enumerable.Range(0, m.Rows).Select(r => m.Nonzero.Where(p => p / m.Columns == r).Select(p => p % m.Columns));

    public static IEnumerable<IEnumerable<int>> ByColumn(LayerMask m) =>
        Enumerable.Range(0, m.Columns).Select(c => m.Nonzero.Where(p => p % m.Columns == c).Select(p => p / m.Columns));

    public static int BitLength(long x) { int n = 0; while (x > 0) { n++; x >>= 1; } return n; }
}
