using Kit.Costs;

namespace Kit.Tests.Costs;

/// <summary><see cref="StorageAnalysis"/>: coupled structured p_eq, empty layers, the best-format guard and p_eq.</summary>
public class StorageAnalysisEdgeTests
{
    /// <summary>a (2 x 2) holds (0,0), (1,0): its column 1 is empty. b (2 x 3) feeds a (one column per output) and holds
    /// (0,0), (1,1). b's output 1 feeds a's empty column 1, so coupling drops b's row 1 and with it column 1:
    /// coupled b keeps 1 x 1 -> 1*1*4 + (2+3) metadata = 9 bits; alone it keeps 2 x 2 -> 2*2*4 + 5 = 21 bits.</summary>
    static CostLayer[] Coupled() =>
    [
        new(new LayerMask("a", 2, 2, [0, 2])),
        new(new LayerMask("b", 2, 3, [0, 4]), "a"),
    ];

    [Fact]
    public void StructuredPEqUsesTheCoupledBits()
    {
        var r = StorageAnalysis.Analyze(Coupled(), 4, ["structured"]);
        var b = r.Layers[1];
        Assert.Equal(21, b.Formats["structured"].TotalBits);
        Assert.Equal(9, b.StructuredCoupled!.TotalBits);
        Assert.Equal(24.0 / 9, b.PEq["structured"], 12);   // dense 6 * 4 = 24
    }

    [Fact]
    public void CouplingThroughTheFirstLayerDropsRows()
    {
        var c = StructuredFormat.Model(Coupled(), 4);
        Assert.Equal((2, 1), (c[0].KeptRows, c[0].KeptColumns));
        Assert.Equal((1, 1), (c[1].KeptRows, c[1].KeptColumns));
    }

    [Fact]
    public void EmptyLayerHasNoRate()
    {
        var r = StorageAnalysis.Analyze([new CostLayer(new LayerMask("e", 2, 3, [])), new CostLayer(CostTestMasks.Small())], 4);
        Assert.Null(r.Layers[0].Rate);
        Assert.Equal(8.0, r.Layers[1].Rate);   // 24 weights / 3 nonzeros
    }

    [Fact]
    public void BestFormatNeedsEverySparseFormat()
    {
        var partial = StorageAnalysis.Analyze([new CostLayer(CostTestMasks.Small())], 4, ["csr"]);
        var e = Assert.Throws<KitException>(() => StorageAnalysis.BestFormat(partial));
        Assert.StartsWith("best format: the report did not compute ", e.Message);
        Assert.Contains("csc", e.Message);
        Assert.Contains(", ", e.Message);   // several missing formats, listed with separators
        Assert.EndsWith(" (analyze with every format)", e.Message);
        Assert.Null(StorageAnalysis.TryBestFormat(partial));
    }

    [Fact]
    public void TryBestFormatIsTheCheapestSparseTotal()
    {
        var full = StorageAnalysis.Analyze([new CostLayer(CostTestMasks.Row())], 4, StorageFormats.AllNames);
        var sparse = StorageFormats.All.Where(f => f.Kind == FormatKind.Sparse).Select(f => f.Name).ToHashSet();
        long min = full.Total.Formats.Where(kv => sparse.Contains(kv.Key)).Min(kv => kv.Value.TotalBits);
        var best = StorageAnalysis.TryBestFormat(full);
        Assert.NotNull(best);
        Assert.Equal(min, best.Value.Bits);
        Assert.Equal(min, full.Total.Formats[best.Value.Format].TotalBits);
    }

    [Theory]
    [InlineData(100L, 25L, 4.0)]
    [InlineData(100L, 0L, double.PositiveInfinity)]
    [InlineData(100L, -1L, double.PositiveInfinity)]
    [InlineData(0L, 0L, double.PositiveInfinity)]
    public void PEqIsDenseOverNonStructured(long dense, long sparse, double expected) =>
        Assert.Equal(expected, StorageAnalysis.PEq(dense, sparse));
}
