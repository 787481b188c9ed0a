using Kit.Costs;

namespace Kit.Tests.Costs;

/// <summary><see cref="GapHistogram"/> against a naive reference over the list of gaps, including gaps beyond the
/// dense histogram (g - 1 &gt;= 2^17) that take the list path.</summary>
public class GapHistogramTests
{
    // 2^17 = 131072: g - 1 = 131071 is the last dense bucket, 131072 the first listed gap.
    static readonly long[] Gaps = [1, 3, 8, 131072, 131073, 262150, 5];

    static GapHistogram Of(IEnumerable<long> gaps)
    {
        var h = new GapHistogram();
        foreach (var g in gaps) h.Add(g);
        return h;
    }

    static long NaiveFillers(IEnumerable<long> gaps, int k) => gaps.Sum(g => (g - 1) / (1L << k));

    /// <summary>Each gap writes (g-1) / 2^k fillers of field 2^k, then one entry of field ((g-1) mod 2^k) + 1.</summary>
    static long[] NaiveFieldCounts(IEnumerable<long> gaps, int k)
    {
        long size = 1L << k;
        var r = new long[size];
        foreach (var g in gaps)
        {
            r[size - 1] += (g - 1) / size;
            r[(g - 1) % size]++;
        }
        return r;
    }

    [Fact]
    public void CountAndMaxGap()
    {
        var h = Of(Gaps);
        Assert.Equal(7, h.Count);
        Assert.Equal(262150, h.MaxGap);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    public void FillersMatchTheDefinition(int k)
    {
        var h = Of(Gaps);
        Assert.Equal(NaiveFillers(Gaps, k), h.FillersDirect(k));
        Assert.Equal(NaiveFillers(Gaps, k), h.FillersByIndexBits()[k]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(16)]
    public void FieldCountsMatchTheEntryStream(int k) =>
        Assert.Equal(NaiveFieldCounts(Gaps, k), Of(Gaps).FieldCounts(k));

    [Fact]
    public void FieldCountsOfOneListedGap()
    {
        // g = 262150, k = 2: g-1 = 262149 = 4 * 65537 + 1 -> 65537 fillers (field 4, slot 3) and one entry of field 2 (slot 1).
        Assert.Equal([0L, 1, 0, 65537], Of([262150]).FieldCounts(2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void FieldCountsRejectWidthsOutside1To16(int k) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Of(Gaps).FieldCounts(k));

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void GapsBelowOneAreRejected(long gap)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new GapHistogram().Add(gap));
        Assert.Equal("gap", e.ParamName);
        Assert.StartsWith("gaps are >= 1 by definition", e.Message);
    }

    [Theory]
    [InlineData(-5L, 0)]
    [InlineData(0L, 0)]
    [InlineData(1L, 1)]
    [InlineData(255L, 8)]
    [InlineData(256L, 9)]
    public void BitLengthOfUnsignedValues(long x, int bits)
    {
        Assert.Equal(bits, GapHistogram.BitLength(x));
        if (x >= 0) Assert.Equal(CostTestMasks.BitLength(x), GapHistogram.BitLength(x));
    }
}
