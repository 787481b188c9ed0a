using Kit.Costs;

namespace Kit.Export;

/// <summary>
/// bitmask (cost: R*C + nnz*b): R*C presence bits, row-major (1 = the weight is nonzero), then the nnz values in
/// row-major order as b-bit codes. Only nonzeros are stored, so there is no zero code. entries = nnz.
/// </summary>
internal sealed class BitmaskCodec : ILayerCodec
{
    public string Name => "bitmask";

    public LayerPlan? Plan(CostLayer layer, int bits) =>
        LayerPlan.From(layer, new BitmaskFormat().Cost(layer, bits)!, 0, layer.Mask.Nnz);

    public void Encode(CostLayer layer, LayerPlan plan, ValueCodes codes, BitWriter writer)
    {
        var present = new bool[layer.Mask.Weights];
        foreach (var p in layer.Mask.Nonzero) present[p] = true;
        foreach (var b in present) writer.WriteBit(b);
        foreach (var v in LayerValues.Nonzero(layer)) writer.Write(codes.Code(v), plan.Bits);
    }

    public void Decode(LayerPlan plan, ValueCodes codes, BitReader reader, float[] weights)
    {
        var positions = new List<int>();
        for (int i = 0; i < weights.Length; i++)
            if (reader.ReadBit()) positions.Add(i);
        if (positions.Count != plan.Entries)
            throw new InvalidDataException($"the bitmask has {positions.Count} presence bits set, the header says {plan.Entries} entries");
        foreach (var p in positions)
        {
            var code = reader.Read(plan.Bits);
            if (codes.IsZero(code)) throw new InvalidDataException($"weight {p} is marked present but holds the zero code");
            weights[p] = codes.Value(code);
        }
    }
}
