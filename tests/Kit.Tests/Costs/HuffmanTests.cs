using Kit.Costs;

namespace Kit.Tests.Costs;

public class HuffmanTests
{
    [Fact]
    public void CodeLengthsAreOptimal()
    {
        Assert.Equal([3, 3, 2, 1], HuffmanCode.CodeLengths([1, 1, 2, 4]));
        Assert.Equal([0, 1, 0], HuffmanCode.CodeLengths([0, 9, 0]));
        Assert.Equal(1 * 3 + 1 * 3 + 2 * 2 + 4 * 1, HuffmanCode.PayloadBits([1, 1, 2, 4]));
        Assert.Equal(16 + 4 * (5 + 6), HuffmanCode.TableBits([1, 1, 2, 4], 5));
    }

    [Fact]
    public void AllOnesRowHandComputed()
    {
        // 8 consecutive nonzeros: every gap is 1. At k = 1 one field symbol: 8 code bits + table 16 + 1*(1+6),
        // values fixed at b = 1: 8 bits. Total 39; k = 2 costs one more table bit.
        var c = HuffmanRelativeFormat.Best(new LayerMask("ones", 1, 8, [0, 1, 2, 3, 4, 5, 6, 7]), 1);
        Assert.Equal(1, c.IndexBits);
        Assert.Equal(8, c.GapCodeBits);
        Assert.Equal(23, c.GapTableBits);
        Assert.Equal(8, c.ValueBits);
        Assert.False(c.ValuesHuffman);
        Assert.Equal(39, c.TotalBits);
    }

    [Fact]
    public void FieldCountsSplitGapsIntoFillersAndRemainders()
    {
        // Gaps 1, 3, 1, 8, 7 at k = 2: fields 1, 3, 1, (4 filler + 4), (4 filler + 3).
        var g = RelativeIndexFormat.Gaps(CostTestMasks.Row());
        Assert.Equal([2L, 0, 2, 3], g.FieldCounts(2));
    }

    [Fact]
    public void QuantizedValuesAreHuffmanCoded()
    {
        var m = new LayerMask("q", 1, 8, [0, 1, 2, 3, 4, 5, 6, 7]);
        var c = HuffmanRelativeFormat.Best(m, 2, [0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, -0.5f, 1f]);
        Assert.True(c.ValuesHuffman);
        // Value frequencies 6, 1, 1 (no fillers): lengths 1, 2, 2 = 10 bits; table 16 + 3 * (2 + 6).
        Assert.Equal(10, c.ValueBits);
        Assert.Equal(16 + 3 * 8, c.ValueTableBits);
        // Two levels fill b = 1, and with no filler there is no zero to code: still Huffman-coded at 1 bit per symbol.
        var full = HuffmanRelativeFormat.Best(m, 1, [1, 2, 1, 1, 1, 1, 1, 1]);
        Assert.True(full.ValuesHuffman);
        Assert.Equal((0L, 1, 8L, 16 + 2 * (1 + 6L)), (full.Fillers, full.ValueWidth, full.ValueBits, full.ValueTableBits));
        // Three values are not a 1-bit level table: fall back to fixed b bits.
        Assert.False(HuffmanRelativeFormat.Best(m, 1, [1, 2, 3, 1, 1, 1, 1, 1]).ValuesHuffman);
    }
}
