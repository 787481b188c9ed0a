using Kit.Costs;

namespace Kit.Tests.Costs;

public class CsrCscFormatTests
{
    // CSR of Small(): row gaps 1, 5 (row 0) and 8 (row 2). b = 2, 4 pointers of bitlength(entries) bits.
    [Theory]
    [InlineData(1, 5, 4, 8 * 3 + 4 * 4)]
    [InlineData(2, 2, 3, 5 * 4 + 4 * 3)]
    [InlineData(3, 0, 2, 3 * 5 + 4 * 2)]
    [InlineData(4, 0, 2, 3 * 6 + 4 * 2)]
    public void CsrHandComputed(int k, long fillers, int pointerWidth, long bits)
    {
        var m = CostTestMasks.Small();
        var g = CsrFormat.Gaps(m);
        var c = CsrFormat.At(g, g.FillersByIndexBits(), 2, k, m.Rows + 1);
        Assert.Equal(fillers, c.Fillers);
        Assert.Equal(pointerWidth, CsrFormat.PointerWidth(c.Entries));
        Assert.Equal(4L * pointerWidth, c.PointerBits);
        Assert.Equal(bits, c.TotalBits);
        Assert.Equal(3, CsrFormat.Best(m, 2).IndexBits);
        Assert.Equal(23, CsrFormat.Best(m, 2).TotalBits);
    }

    // CSC of Small(): column gaps 1 (col 0), 1 (col 5), 3 (col 7). b = 2, 9 pointers.
    [Theory]
    [InlineData(1, 1, 3, 4 * 3 + 9 * 3)]
    [InlineData(2, 0, 2, 3 * 4 + 9 * 2)]
    [InlineData(3, 0, 2, 3 * 5 + 9 * 2)]
    public void CscHandComputed(int k, long fillers, int pointerWidth, long bits)
    {
        var m = CostTestMasks.Small();
        var g = CscFormat.Gaps(m);
        var c = CscFormat.At(g, g.FillersByIndexBits(), 2, k, m.Columns + 1);
        Assert.Equal(fillers, c.Fillers);
        Assert.Equal(pointerWidth, CsrFormat.PointerWidth(c.Entries));
        Assert.Equal(bits, c.TotalBits);
        Assert.Equal(2, CscFormat.Best(m, 2).IndexBits);
        Assert.Equal(30, CscFormat.Best(m, 2).TotalBits);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(7, 3)]
    [InlineData(8, 4)]
    [InlineData(1023, 10)]
    [InlineData(1024, 11)]
    public void PointerWidthIsCeilLog2OfEntriesPlusOne(long entries, int width)
    {
        Assert.Equal(width, CsrFormat.PointerWidth(entries));
        Assert.Equal(entries == 0 ? 0 : (int)Math.Ceiling(Math.Log2(entries + 1)), width);
    }
}
