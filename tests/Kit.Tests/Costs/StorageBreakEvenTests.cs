using Kit.Costs;

namespace Kit.Tests.Costs;

/// <summary><see cref="StorageBreakEven"/> against the closed form written out here: bits per nonzero
/// (b + k) / (1 - (1-d)^(2^k)), p_eq(p) = p b / min over k = 1..16 of it.</summary>
public class StorageBreakEvenTests
{
    static double NaivePEq(double rate, int bits)
    {
        double d = 1 / rate, best = double.PositiveInfinity;
        for (int k = 1; k <= 16; k++) best = Math.Min(best, (bits + k) / (1 - Math.Pow(1 - d, 1 << k)));
        return rate * bits / best;
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void DensityOutside0To1IsRejected(double d)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => StorageBreakEven.ExpectedBitsPerNonzero(d, 4, 3));
        Assert.Equal("density", e.ParamName);
    }

    [Fact]
    public void FullDensityNeedsNoFillers()
    {
        // d = 1: every gap is 1, no fillers, so each nonzero costs b + k and k = 1 is best.
        Assert.Equal(4 + 3, StorageBreakEven.ExpectedBitsPerNonzero(1, 4, 3));
        Assert.Equal((1, 5.0), StorageBreakEven.BestExpected(1, 4));
    }

    [Fact]
    public void VerySparseMasksPickTheWidestField()
    {
        // d = 1e-7: 1 - (1-d)^(2^k) ~ d 2^k for every k <= 16, so the cost ~ (b+k) / (d 2^k) falls with k.
        Assert.Equal(16, StorageBreakEven.BestExpected(1e-7, 4).k);
    }

    [Fact]
    public void StructuredRateBelowOneIsRejected()
    {
        var e = Assert.Throws<KitException>(() => StorageBreakEven.NonStructuredRateToMatch(0.5, 4));
        Assert.Equal("structured rate must be >= 1, got 0.5", e.Message);
    }

    [Theory]
    [InlineData(1.0, 4)]
    [InlineData(3.0, 4)]
    [InlineData(10.0, 8)]
    public void BreakEvenRateHasTheStructuredPEq(double structuredRate, int bits)
    {
        double p = StorageBreakEven.NonStructuredRateToMatch(structuredRate, bits);
        Assert.True(p >= 1);
        Assert.Equal(structuredRate, NaivePEq(p, bits), 1e-6 * structuredRate);
    }
}
