using Kit.Costs;

namespace Kit.Tests.Costs;

/// <summary>The model totals of <see cref="ModelCost"/> on two hand-costed layers (no torch).</summary>
public class ModelCostTotalsTests
{
    /// <summary>Small() (3 x 8, rows 0 and 2, columns 0, 5, 7; 2 output positions): dense 24*2 = 48 MACs,
    /// structured 2*3*2 = 12, non-structured 3*2 = 6. Row() (1 x 20, columns 0, 3, 4, 12, 19): dense 20,
    /// structured 1*5 = 5, non-structured 5. Totals: 68, 17, 11.</summary>
    static CostLayer[] Layers() => [new(CostTestMasks.Small(), OutputPositions: 2), new(CostTestMasks.Row())];

    // t_mac = 1 ns, t_idx(k) = k ns, nothing else: dense ns = MACs, sparse ns = MACs * (1 + k).
    static readonly HardwareProfile Unit = new() { Name = "unit", TMacNs = 1, TIdxNsPerBit = 1, Lambda = 1 };

    [Fact]
    public void TotalsSumTheLayersWithoutAProfile()
    {
        var storage = StorageAnalysis.Analyze(Layers(), 4, ["csr", "structured"]);
        var (layers, total) = ModelCost.Compute(Layers(), storage, null, 4);
        Assert.Equal(2, layers.Length);
        Assert.Equal("total", total.Name);
        Assert.Equal((68L, 17L, 11L), (total.DenseMacs, total.StructuredMacs, total.NonstructuredMacs));
        Assert.Null(total.DenseNs);
        Assert.Null(total.StructuredNs);
        Assert.Null(total.NonstructuredNs);
    }

    [Fact]
    public void TotalsSumTheLayerTimesWithAProfile()
    {
        var storage = StorageAnalysis.Analyze(Layers(), 4, ["csr", "structured"]);
        int ka = storage.Layers[0].IndexBits("csr")!.Value, kb = storage.Layers[1].IndexBits("csr")!.Value;
        Assert.False(ka == 8 && kb == 8);   // else the CSR width would be indistinguishable from the k = 8 fallback
        var (_, total) = ModelCost.Compute(Layers(), storage, Unit, 4);
        Assert.Equal(68.0, total.DenseNs);
        Assert.Equal(17.0, total.StructuredNs);
        Assert.Equal(6.0 * (1 + ka) + 5.0 * (1 + kb), total.NonstructuredNs!.Value, 9);
    }

    [Fact]
    public void OfCostsOnlyTheAskedFormatsPlusStructured()
    {
        var r = ModelCost.Of(Layers(), "m.pt", "lenet5", 4, ["csr"]);
        Assert.Equal(("m.pt", "lenet5", 4), (r.Model, r.Architecture, r.Bits));
        Assert.Contains("csr", r.Storage.Formats);
        Assert.Contains("structured", r.Storage.Formats);
        Assert.DoesNotContain("csc", r.Storage.Formats);
        Assert.Contains("csc", ModelCost.Of(Layers(), "m.pt", "lenet5", 4).Storage.Formats);
    }
}
