using Kit.Costs;

namespace Kit.Tests.Costs;

/// <summary>Bad input to the format entry points (bits, value counts, layer names, consumers) and empty masks.</summary>
public class FormatGuardTests
{
    const string BadBits = "bits per stored value must be in 1..32, got 0";

    [Fact]
    public void BitmaskRejectsZeroBits() =>
        Assert.Equal(BadBits, Assert.Throws<KitException>(() => BitmaskFormat.Bits(CostTestMasks.Small(), 0)).Message);

    [Fact]
    public void StructuredModelRejectsZeroBitsEvenWithoutLayers() =>
        Assert.Equal(BadBits, Assert.Throws<KitException>(() => StructuredFormat.Model([], 0)).Message);

    [Fact]
    public void ValueWidthsRejectBadArguments()
    {
        Assert.Equal(BadBits, Assert.Throws<KitException>(() => ValueWidths.FromDistinct(3, 0)).Message);
        Assert.Equal("distinct", Assert.Throws<ArgumentOutOfRangeException>(() => ValueWidths.FromDistinct(-1, 4)).ParamName);
    }

    [Fact]
    public void DuplicateLayerNamesAreRejected()
    {
        var e = Assert.Throws<KitException>(() => StructuredFormat.Model(
            [new CostLayer(new LayerMask("a", 1, 2, [0])), new CostLayer(new LayerMask("a", 1, 2, [1]))], 4));
        Assert.Equal("duplicate layer name 'a'", e.Message);
    }

    [Fact]
    public void UnknownConsumerListsTheLayers()
    {
        var e = Assert.Throws<KitException>(() => StructuredFormat.Model(
            [new CostLayer(new LayerMask("a", 1, 2, [0]), "zz"), new CostLayer(new LayerMask("b", 1, 2, [1]))], 4));
        Assert.Equal("layer 'a': consumer 'zz' is not among the layers (a, b)", e.Message);
    }

    [Fact]
    public void TwoProducersOfOneConsumerAreRejected()
    {
        // a (index 0) and b both feed c (2 columns, one per output of a 2-row producer).
        var e = Assert.Throws<KitException>(() => StructuredFormat.Model(
        [
            new CostLayer(new LayerMask("a", 2, 1, [0]), "c"),
            new CostLayer(new LayerMask("b", 2, 1, [1]), "c"),
            new CostLayer(new LayerMask("c", 1, 2, [0])),
        ], 4));
        Assert.Equal("layer 'c' is the consumer of both 'a' and 'b'", e.Message);
    }

    [Fact]
    public void StructuredRejectsAValueCountThatDoesNotMatch()
    {
        var e = Assert.Throws<KitException>(() => StructuredFormat.Model([new CostLayer(CostTestMasks.Small(), Values: [1f])], 4));
        Assert.Equal("mask 'small': 1 values for 3 nonzeros", e.Message);
    }

    [Fact]
    public void HuffmanRejectsAValueCountThatDoesNotMatch()
    {
        var e = Assert.Throws<KitException>(() => HuffmanRelativeFormat.Best(CostTestMasks.Row(), 4, [1f, 2f]));
        Assert.Equal("mask 'row': 2 values for 5 nonzeros", e.Message);
    }

    [Fact]
    public void EmptyMaskCostsNothingPerNonzero()
    {
        var empty = new CostLayer(new LayerMask("e", 2, 3, []));
        var csr = Assert.IsType<IndexedFormatCost>(StorageFormats.Get("csr").Cost(empty, 4));
        Assert.Equal(0.0, csr.BitsPerNonzero);
        var h = HuffmanRelativeFormat.Best(empty.Mask, 4);
        Assert.Equal(0, h.TotalBits);   // no entries: no codes, no tables
        Assert.Equal(0.0, h.BitsPerNonzero);
    }

    [Fact]
    public void HuffmanBitsPerNonzeroIsTotalOverNonzeros()
    {
        var h = HuffmanRelativeFormat.Best(CostTestMasks.Row(), 4);
        Assert.True(h.TotalBits > 0);
        Assert.Equal(h.TotalBits / 5.0, h.BitsPerNonzero);
    }

    sealed class Nm(int n, int m) : NmFormat(n, m);

    [Theory]
    [InlineData(0, 4)]
    [InlineData(4, 4)]
    [InlineData(5, 4)]
    public void NmNeedsNBetween1AndM(int n, int m)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Nm(n, m));
        Assert.Equal("n", e.ParamName);
        Assert.StartsWith($"N:M needs 1 <= N < M, got {n}:{m}", e.Message);
    }

    [Fact]
    public void NmAcceptsAValidRatio() => Assert.Equal("3:8", new Nm(3, 8).Name);
}
