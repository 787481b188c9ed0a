using Kit.Costs;

namespace Kit.Tests.Costs;

public class DenseBitmaskFormatTests
{
    [Fact]
    public void DenseAndBitmaskBits()
    {
        var m = CostTestMasks.Small();
        Assert.Equal(24 * 2, DenseFormat.Bits(m, 2));
        Assert.Equal(24 + 3 * 2, BitmaskFormat.Bits(m, 2));
        Assert.Equal(430_500L * 4, DenseFormat.Bits(1, 430_500, 4));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void BitsOutside1To32AreRejected(int bits)
    {
        Assert.Contains("1..32", Assert.Throws<KitException>(() => DenseFormat.Bits(CostTestMasks.Small(), bits)).Message);
        Assert.Throws<KitException>(() => RelativeIndexFormat.Best(CostTestMasks.Small(), bits));
    }
}
