using Kit.Costs;
using Kit.Export;

namespace Kit.Tests.Export;

/// <summary>The worked example of docs/model-files.md, byte for byte.</summary>
public class DocExampleTests
{
    [Fact]
    public void Relative_payload_of_the_worked_example()
    {
        var layer = new CostLayer(new LayerMask("example", 2, 5, [1, 8]), Values: [-0.5f, 0.25f]);
        var codec = LayerCodecs.Get("relative");
        var plan = codec.Plan(layer, 1)!;
        Assert.Equal((3, false, 2L, 8L), (plan.IndexBits, plan.ZeroCode, plan.Entries, plan.PayloadBits));
        var codes = ValueCodes.For("example", layer.Values, 1, plan.ZeroCode);
        Assert.Equal([-0.5f, 0.25f], codes.Levels);
        var w = new BitWriter();
        codec.Encode(layer, plan, codes, w);
        Assert.Equal(new byte[] { 0x2D }, w.ToArray());

        var weights = new float[10];
        codec.Decode(plan, codes, new BitReader([0x2D], 0, 8), weights);
        Assert.Equal([0, -0.5f, 0, 0, 0, 0, 0, 0, 0.25f, 0], weights);
    }
}
