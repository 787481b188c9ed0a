using Kit.Costs;

namespace Kit.Tests.Costs;

/// <summary>Relative+Huffman choices that hand counting can pin: the widest field, the value code without fillers,
/// and an empty layer (zero bits, so no p_eq).</summary>
public class HuffmanEdgeTests
{
    [Fact]
    public void OneFarNonzeroPicksTheWidestField()
    {
        // One nonzero at 999,999: g - 1 = 999,999 needs floor(999,999 / 2^k) fillers: 30 at k = 15, 15 at k = 16.
        // Each entry costs at least 1 gap-code bit + 4 value bits, so 15 fewer entries beat one more index bit
        // in the (two-symbol) table; k = 16 is the cheapest.
        var h = HuffmanRelativeFormat.Best(new LayerMask("far", 1, 1_000_000, [999_999]), 4);
        Assert.Equal(16, h.IndexBits);
        Assert.Equal(15, h.Fillers);
    }

    [Fact]
    public void WithoutFillersTheValueCodeHasOnlyTheValues()
    {
        // Row(): gaps 1, 3, 1, 8, 7 -> no fillers from k = 3 on (largest g - 1 = 7 < 8).
        // Values 1, 1, 1, 2, 2: two symbols, one bit each -> 5 value bits; no zero symbol may join the code.
        var h = HuffmanRelativeFormat.Best(CostTestMasks.Row(), 4, [1f, 1f, 1f, 2f, 2f]);
        Assert.True(h.ValuesHuffman);
        Assert.Equal(0, h.Fillers);
        Assert.False(h.StoresZeros);
        Assert.Equal(5, h.ValueBits);
    }

    [Fact]
    public void EmptyLayerHasNoPEq()
    {
        var r = StorageAnalysis.Analyze([new CostLayer(new LayerMask("e", 2, 3, []))], 4, ["relative_huffman"]);
        var l = r.Layers[0];
        Assert.Equal(0, l.Formats["relative_huffman"].TotalBits);
        Assert.Null(l.Formats["relative_huffman"].PEq);
        Assert.False(l.PEq.ContainsKey("relative_huffman"));
    }
}
