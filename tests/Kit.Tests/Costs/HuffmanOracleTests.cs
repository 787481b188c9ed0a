using Kit.Costs;

namespace Kit.Tests.Costs;

/// <summary>
/// Huffman code lengths against a brute-force optimal prefix code, and the entropy-coded relative index against
/// its definition evaluated at every index width. The oracles write out the entry stream and search code
/// lengths themselves; they call nothing of <see cref="HuffmanCode"/> or <see cref="GapHistogram"/>.
/// </summary>
public class HuffmanOracleTests
{
    /// <summary>
    /// The least sum f_i * l_i over all codes with a prefix-free code (Kraft: sum 2^-l_i &lt;= 1), by search. Lengths are
    /// tried non-decreasing along non-increasing frequencies (swapping any pair that breaks this order cannot cost
    /// more), every length in 1..n-1.
    /// </summary>
    static long OptimalPayload(IReadOnlyList<long> frequencies)
    {
        var f = frequencies.Where(x => x > 0).OrderByDescending(x => x).ToArray();
        if (f.Length == 0) return 0;
        if (f.Length == 1) return f[0]; // the kit's convention: a lone symbol still takes one bit per entry
        long best = long.MaxValue;
        void Search(int i, int minLength, double kraft, long cost)
        {
            if (cost >= best) return;
            if (i == f.Length) { best = cost; return; }
            for (int l = minLength; l < f.Length; l++)
            {
                double k = kraft + Math.Pow(2, -l);
                if (k > 1 + 1e-12) continue;
                Search(i + 1, l, k, cost + f[i] * l);
            }
        }
        Search(0, 1, 0, 0);
        return best;
    }

    [Fact]
    public void Code_lengths_are_a_prefix_code_as_cheap_as_the_best_one()
    {
        var g = new Random(21);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = g.Next(1, 9);
            var freq = Enumerable.Range(0, n).Select(_ => g.NextDouble() < 0.2 ? 0L : g.Next(1, trial % 3 == 0 ? 4 : 200)).ToArray();
            var len = HuffmanCode.CodeLengths(freq);
            Assert.Equal(n, len.Length);
            for (int i = 0; i < n; i++) Assert.Equal(freq[i] == 0, len[i] == 0);
            int used = freq.Count(x => x > 0);
            if (used >= 2) Assert.True(len.Where(l => l > 0).Sum(l => Math.Pow(2, -l)) <= 1 + 1e-12, $"not a prefix code: {string.Join(",", len)}");
            long payload = freq.Select((x, i) => x * len[i]).Sum();
            Assert.Equal(OptimalPayload(freq), payload);
            Assert.Equal(payload, HuffmanCode.PayloadBits(freq));
        }
    }

    /// <summary>The k-bit gap fields of the whole-layer relative index, by literally emitting fillers (field 2^k) then the remainder.</summary>
    static List<long> Fields(LayerMask m, int k)
    {
        var fields = new List<long>();
        long prev = -1, max = 1L << k;
        foreach (var p in m.Nonzero)
        {
            long gap = p - prev;
            for (; gap > max; gap -= max) fields.Add(max);
            fields.Add(gap);
            prev = p;
        }
        return fields;
    }

    /// <summary>Total bits of the entropy-coded relative index at width k with fixed b-bit values, from its definition.</summary>
    static long TotalAt(LayerMask m, int bits, int k)
    {
        var fields = Fields(m, k);
        if (fields.Count == 0) return 0;
        var counts = fields.GroupBy(x => x).Select(x => (long)x.Count()).ToList();
        return OptimalPayload(counts) + 16 + counts.Count * (k + 6) + fields.Count * (long)bits;
    }

    static IEnumerable<LayerMask> Masks()
    {
        yield return CostTestMasks.Row();
        yield return CostTestMasks.Small();
        // Few distinct gaps (1, 2, 5, 40, 300) so the search stays small; long gaps make small k pay in fillers.
        int[] gaps = [1, 2, 5, 40, 300, 1, 1, 2, 5, 1, 40, 2, 1];
        var pos = new List<int>();
        int p = -1;
        foreach (var gap in gaps) { p += gap; pos.Add(p); }
        yield return new LayerMask("gappy", 4, 200, [.. pos]);
        var g = new Random(5);
        yield return new LayerMask("random", 20, 50, [.. Enumerable.Range(0, 1000).Where(_ => g.NextDouble() < 0.01)]);
    }

    [Theory]
    [InlineData(1)] [InlineData(4)] [InlineData(8)]
    public void Best_is_the_cheapest_of_every_index_width(int bits)
    {
        foreach (var m in Masks())
        {
            var totals = Enumerable.Range(1, 16).Select(k => TotalAt(m, bits, k)).ToArray();
            long min = totals.Min();
            int bestK = Array.IndexOf(totals, min) + 1;
            var c = HuffmanRelativeFormat.Best(m, bits);
            Assert.True(min == c.TotalBits, $"{m.Name}, b={bits}: kit {c.TotalBits} bits at k={c.IndexBits}; by definition {string.Join(", ", totals.Select((t, i) => $"k{i + 1}:{t}"))}");
            Assert.Equal(bestK, c.IndexBits);
            var fields = Fields(m, bestK);
            Assert.Equal(fields.Count, c.Entries);
            Assert.Equal(fields.Count - m.Nnz, c.Fillers);
            Assert.Equal(fields.Count * (long)bits, c.ValueBits);
            Assert.False(c.ValuesHuffman);
        }
    }

    [Fact]
    public void Values_are_coded_with_the_fillers_as_one_more_symbol()
    {
        // A gap beyond 2^16 forces a filler at every width, so the fillers' value symbol is always in the code.
        var far = new LayerMask("far", 1, 70_100, [0, 1, 3, 4, 6, 7, 9, 70_000, 70_001, 70_090]);
        var g = new Random(8);
        float[] palette = [-0.5f, 0.25f, 0.75f];
        var values = Enumerable.Range(0, far.Nnz).Select(i => palette[i % 4 == 0 ? 0 : g.Next(1, 3)]).ToArray();
        var valueCounts = values.GroupBy(v => v).Select(x => (long)x.Count()).ToList();
        long TotalWithValues(int k)
        {
            var fields = Fields(far, k);
            var gapCounts = fields.GroupBy(x => x).Select(x => (long)x.Count()).ToList();
            long fillers = fields.Count - far.Nnz;
            Assert.True(fillers > 0);
            List<long> symbols = [.. valueCounts, fillers];
            return OptimalPayload(gapCounts) + 16 + gapCounts.Count * (k + 6) + OptimalPayload(symbols) + 16 + symbols.Count * (2 + 6);
        }
        var totals = Enumerable.Range(1, 16).Select(TotalWithValues).ToArray();
        var c = HuffmanRelativeFormat.Best(far, 2, values);
        Assert.True(c.ValuesHuffman);
        Assert.Equal(totals.Min(), c.TotalBits);
        Assert.Equal(Array.IndexOf(totals, totals.Min()) + 1, c.IndexBits);
    }
}
