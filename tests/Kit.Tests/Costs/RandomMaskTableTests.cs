using Kit.Costs;

namespace Kit.Tests.Costs;

public class RandomMaskTableTests
{
    [Fact]
    public void RateBelowOneIsRejected()
    {
        Assert.Equal("rate must be >= 1, got 0.5", Assert.Throws<KitException>(() => RandomMaskTable.Masks(0.5, 1)).Message);
    }

    [Fact]
    public void RateOneKeepsEveryWeight()
    {
        var masks = RandomMaskTable.Masks(1, 1);
        Assert.All(masks, l => Assert.Equal(l.Mask.Weights, l.Mask.Nnz));
    }

    [Fact]
    public void BestKIsTheLargestLayersAndPEqIsDenseBitsOverFormatBits()
    {
        var rows = RandomMaskTable.Build([100], [4], 7);
        var r = Assert.Single(rows);
        // fc1 (500 x 800) is the largest layer; conv1 (20 x 25, 5 nonzeros) needs other index widths.
        Assert.Equal(r.LayerK["fc1"], r.BestK);
        Assert.NotEqual(r.LayerK["conv1"], r.BestK);
        // p_eq = N * b / total bits, with total bits = bits per nonzero * nonzeros.
        double denseBits = 430_500.0 * 4;
        Assert.Equal(denseBits / (r.CsrBitsPerNonzero * r.Nonzeros), r.CsrPEq, 9);
        Assert.Equal(denseBits / (r.CscBitsPerNonzero * r.Nonzeros), r.CscPEq, 9);
        Assert.Equal(denseBits / (r.RelativeBitsPerNonzero * r.Nonzeros), r.RelativePEq, 9);
    }
}
