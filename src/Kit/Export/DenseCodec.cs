using Kit.Costs;

namespace Kit.Export;

/// <summary>
/// dense (cost: R*C*b): every weight of the R x C matrix, row-major, as a b-bit code. Zeros are stored, so the
/// zero code is on whenever the layer has a pruned weight (the cost model's stores_zeros, which also sets b). entries = R*C.
/// </summary>
internal sealed class DenseCodec : ILayerCodec
{
    public string Name => "dense";

    public LayerPlan? Plan(CostLayer layer, int bits)
    {
        var cost = new DenseFormat().Cost(layer, bits)!;
        return LayerPlan.From(layer, cost, 0, layer.Mask.Weights);
    }

    public void Encode(CostLayer layer, LayerPlan plan, ValueCodes codes, BitWriter writer)
    {
        var dense = LayerValues.Dense(layer);
        foreach (var v in dense) writer.Write(codes.Code(v), plan.Bits);
    }

    public void Decode(LayerPlan plan, ValueCodes codes, BitReader reader, float[] weights)
    {
        for (int i = 0; i < weights.Length; i++) weights[i] = codes.Value(reader.Read(plan.Bits));
    }
}
