using Kit.Costs;

namespace Kit.Tests.Costs;

public class RelativeIndexFormatTests
{
    // Gaps 1, 3, 1, 8, 7: fillers floor((g-1)/2^k) are 0+1+0+3+3 = 7 at k=1, 0+0+0+1+1 = 2 at k=2, 0 at k=3.
    [Theory]
    [InlineData(1, 7, 12 * 5)]
    [InlineData(2, 2, 7 * 6)]
    [InlineData(3, 0, 5 * 7)]
    [InlineData(4, 0, 5 * 8)]
    public void HandComputedFillersAndBits(int k, long fillers, long bits)
    {
        var m = CostTestMasks.Row();
        var g = RelativeIndexFormat.Gaps(m);
        var c = RelativeIndexFormat.At(g, g.FillersByIndexBits(), 4, k);
        Assert.Equal(fillers, c.Fillers);
        Assert.Equal(5 + fillers, c.Entries);
        Assert.Equal(bits, c.TotalBits);
        Assert.Equal(0, c.PointerBits);
    }

    [Fact]
    public void BestKIsThreeForTheHandCase()
    {
        var c = RelativeIndexFormat.Best(CostTestMasks.Row(), 4);
        Assert.Equal(3, c.IndexBits);
        Assert.Equal(35, c.TotalBits);
        Assert.Equal(7.0, c.BitsPerNonzero);
    }

    [Fact]
    public void GapsRunAcrossRowsInTheWholeLayerFormat()
    {
        // Flat 0, 5, 23: gaps 1, 5, 18 (the empty row 1 is crossed, not restarted).
        var g = RelativeIndexFormat.Gaps(CostTestMasks.Small());
        var f = g.FillersByIndexBits();
        Assert.Equal(18, g.MaxGap);
        Assert.Equal([10L, 5, 2, 1, 0], f[1..6]);
        var best = RelativeIndexFormat.Best(CostTestMasks.Small(), 2);
        Assert.Equal(5, best.IndexBits);
        Assert.Equal(21, best.TotalBits);
    }

    [Fact]
    public void EmptyMaskCostsNothing()
    {
        var c = RelativeIndexFormat.Best(new LayerMask("e", 4, 4, []), 8);
        Assert.Equal(0, c.TotalBits);
        Assert.Equal(1, c.IndexBits);
    }

    [Fact]
    public void HugeGapsBeyondTheDenseHistogramAreExact()
    {
        // Gaps 1 and 300,000 (above the 2^17 dense histogram).
        var m = new LayerMask("far", 1, 400_000, [0, 300_000]);
        var f = RelativeIndexFormat.Gaps(m).FillersByIndexBits();
        for (int k = 1; k <= 16; k++) Assert.Equal((300_000L - 1) >> k, f[k]);
    }
}
