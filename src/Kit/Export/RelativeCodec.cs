using Kit.Costs;

namespace Kit.Export;

/// <summary>
/// relative (cost: (nnz + fillers(k)) * (b + k), k from the cost model): one <see cref="GapStream"/> run over the
/// row-major flattened layer. entries = nnz + fillers; the zero code is on iff there are fillers (the cost model's
/// stores_zeros, which also sets b). Zeros after the last nonzero are not stored (the header's entry count ends the run).
/// </summary>
internal sealed class RelativeCodec : ILayerCodec
{
    public string Name => "relative";
    public bool HasIndexBits => true;

    public LayerPlan? Plan(CostLayer layer, int bits)
    {
        var cost = RelativeIndexFormat.Best(layer.Mask, ValueWidths.Of(layer, bits));
        return LayerPlan.From(layer, cost, cost.IndexBits, cost.Entries);
    }

    public void Encode(CostLayer layer, LayerPlan plan, ValueCodes codes, BitWriter writer) =>
        GapStream.Write(writer, layer.Mask.Nonzero, [.. LayerValues.Nonzero(layer).Select(codes.Code)], plan.IndexBits, plan.Bits);

    public void Decode(LayerPlan plan, ValueCodes codes, BitReader reader, float[] weights) =>
        GapStream.Read(reader, plan.Entries, plan.IndexBits, plan.Bits, weights.Length, codes, (p, v) => weights[p] = v);
}
