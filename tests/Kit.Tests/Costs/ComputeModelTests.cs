using Kit.Costs;
using Kit.IO;

namespace Kit.Tests.Costs;

public class ComputeModelTests
{
    static readonly HardwareProfile Unit = new() { Name = "unit", TMacNs = 1, TIdxNs = 1, TGatherNs = 1, Lambda = 1 };

    [Fact]
    public void LeNet5MacsFromTheOutputTable()
    {
        long total = RandomMaskTable.LeNet5Shapes.Sum(s => (long)s.rows * s.columns * OutputGeometry.OutputPositions("lenet5", s.name));
        Assert.Equal(500 * 576 + 25_000 * 64 + 400_000 + 5_000, total);
        Assert.Equal(2_293_000, total);
        Assert.Equal(4, OutputGeometry.OutputPositions("vgg16", "conv13"));
        Assert.Equal(16 * 16, OutputGeometry.OutputPositions("resnet18", "block3.shortcut"));
        Assert.Throws<KitException>(() => OutputGeometry.OutputPositions("lenet5", "conv9"));
    }

    [Fact]
    public void LayerMacsDenseStructuredNonzero()
    {
        var layer = new CostLayer(CostTestMasks.Small(), OutputPositions: 10);
        var c = ComputeModel.Layer(layer, StructuredFormat.Layer(layer.Mask, 8), 3, Unit, 8);
        Assert.Equal(240, c.DenseMacs);
        Assert.Equal(60, c.StructuredMacs);
        Assert.Equal(30, c.NonstructuredMacs);
        Assert.Equal(240, c.DenseNs);
        Assert.Equal(90, c.NonstructuredNs);
    }

    [Fact]
    public void BreakEvenRates()
    {
        // c = 3 ns per nonzero MAC vs 1 ns per dense MAC: sparse must skip 2 of every 3 MACs.
        Assert.Equal(3, ComputeModel.BreakEvenRate(1000, Unit, 8, 4)!.Value, 12);
        Assert.Equal(6, ComputeModel.BreakEvenRate(1000, Unit, 8, 4, structuredRate: 2)!.Value, 12);
        // t_fixed = 500 ns on 1000 MACs: p = 3 / (1 - 0.5) = 6.
        Assert.Equal(6, ComputeModel.BreakEvenRate(1000, Unit with { TFixedNs = 500 }, 8, 4)!.Value, 12);
        Assert.Null(ComputeModel.BreakEvenRate(1000, Unit with { TFixedNs = 2000 }, 8, 4));
        // At the break-even rate the two times agree.
        var p = Unit with { TFixedNs = 300, Lambda = 1.5, TMacNsPerBit = 0.1 };
        double rate = ComputeModel.BreakEvenRate(100_000, p, 4, 7)!.Value;
        Assert.InRange(ComputeModel.SparseNs((long)Math.Round(100_000 / rate), p, 4, 7) / ComputeModel.DenseNs(100_000, p, 4), 0.999, 1.001);
    }

    [Fact]
    public void ProfileJsonRoundTripAndValidation()
    {
        var p = HardwareProfile.BuiltIn[0];
        var back = Json.Parse<HardwareProfile>(Json.Serialize(p), "p");
        Assert.Equal(p, back);
        Assert.Contains("\"t_idx_ns\"", Json.Serialize(p));
        Assert.Contains("lambda", Assert.Throws<KitException>(() => (p with { Lambda = 0.5 }).Validate("p")).Message);
        Assert.Contains("t_lambda", Assert.Throws<KitException>(() => Json.Parse<HardwareProfile>("""{"name":"x","t_lambda":1}""", "p")).Message);
        Assert.Contains("neither", Assert.Throws<KitException>(() => HardwareProfile.Resolve("no-such-profile")).Message);
    }
}
