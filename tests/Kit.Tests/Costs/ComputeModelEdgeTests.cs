using Kit.Costs;

namespace Kit.Tests.Costs;

public class ComputeModelEdgeTests
{
    static readonly HardwareProfile Unit = new() { Name = "unit", TMacNs = 1, TIdxNs = 1, TGatherNs = 1, Lambda = 1 };

    [Fact]
    public void StructuredRateBelowOneIsRejected()
    {
        var e = Assert.Throws<KitException>(() => ComputeModel.BreakEvenRate(100, Unit, 8, 4, 0.5));
        Assert.Equal("structured rate must be >= 1, got 0.5", e.Message);
    }

    [Fact]
    public void NoBreakEvenWhenTheFixedCostEatsTheWholeDenseTime()
    {
        // t_mac = 1 ns on 100 MACs = 100 ns = t_fixed: the denominator is exactly 0.
        Assert.Null(ComputeModel.BreakEvenRate(100, Unit with { TFixedNs = 100 }, 8, 4));
    }

    [Fact]
    public void LayerWithoutStructuredCostUsesTheDenseMacs()
    {
        var layer = new CostLayer(CostTestMasks.Small(), OutputPositions: 10);
        var c = ComputeModel.Layer(layer, null, 3, null, 8);
        Assert.Equal(240, c.DenseMacs);
        Assert.Equal(240, c.StructuredMacs);
        Assert.Null(c.DenseNs);
    }

    [Fact]
    public void IndexWidthDefaultsToEightBits()
    {
        // 3 nonzeros x 10 positions = 30 MACs at t_mac 1 + t_idx(k) = k ns.
        var p = new HardwareProfile { Name = "p", TMacNs = 1, TIdxNsPerBit = 1 };
        var layer = new CostLayer(CostTestMasks.Small(), OutputPositions: 10);
        Assert.Equal(30 * (1 + 8), ComputeModel.Layer(layer, null, null, p, 8).NonstructuredNs);
        Assert.Equal(30 * (1 + 3), ComputeModel.Layer(layer, null, 3, p, 8).NonstructuredNs);
    }

    [Fact]
    public void BreakEvenVsStructuredUsesTheStructuredRate()
    {
        // 240 dense MACs, 60 structured: p_s = 4; c = 3 ns, so p_n = 3 / (1 / 4) = 12.
        var layer = new CostLayer(CostTestMasks.Small(), OutputPositions: 10);
        var c = ComputeModel.Layer(layer, new StructuredLayerCost { KeptRows = 2, KeptColumns = 3 }, 3, Unit, 8);
        Assert.Equal(60, c.StructuredMacs);
        Assert.Equal(12, c.BreakEvenRateVsStructured!.Value, 12);
        Assert.Equal(3, c.BreakEvenRateVsDense!.Value, 12);
        // A structured model that keeps nothing has no finite rate to compare with.
        var none = ComputeModel.Layer(layer, new StructuredLayerCost { KeptRows = 0, KeptColumns = 0 }, 3, Unit, 8);
        Assert.Null(none.BreakEvenRateVsStructured);
    }

    [Fact]
    public void AnEmptyLayerCostsNoSparseTime()
    {
        var layer = new CostLayer(new LayerMask("empty", 2, 3, []), OutputPositions: 4);
        var c = ComputeModel.Layer(layer, null, 4, Unit with { TFixedNs = 50 }, 8);
        Assert.Equal(0, c.NonstructuredMacs);
        Assert.Equal(0, c.NonstructuredNs);
    }
}
