using Kit.Costs;

namespace Kit.Export;

/// <summary>
/// csc (cost: entries * (b + k) + (C + 1) * ceil(log2(entries + 1))): <see cref="CompressedRuns"/> with one run per
/// column, positions = rows. entries = nnz + fillers; zero code on iff there are fillers (the cost model's
/// stores_zeros, which also sets b).
/// </summary>
internal sealed class CscCodec : ILayerCodec
{
    public string Name => "csc";
    public bool HasIndexBits => true;

    public LayerPlan? Plan(CostLayer layer, int bits)
    {
        var cost = CscFormat.Best(layer.Mask, ValueWidths.Of(layer, bits));
        return LayerPlan.From(layer, cost, cost.IndexBits, cost.Entries);
    }

    public void Encode(CostLayer layer, LayerPlan plan, ValueCodes codes, BitWriter writer)
    {
        var mask = layer.Mask;
        var dense = LayerValues.Dense(layer);
        var (rows, start) = mask.ColumnMajor();
        var runs = new List<(int[], uint[])>(mask.Columns);
        for (int c = 0; c < mask.Columns; c++)
        {
            var rs = rows[start[c]..start[c + 1]];
            runs.Add((rs, [.. rs.Select(r => codes.Code(dense[(long)r * mask.Columns + c]))]));
        }
        CompressedRuns.Write(writer, runs, plan.IndexBits, plan.Bits, plan.Entries);
    }

    public void Decode(LayerPlan plan, ValueCodes codes, BitReader reader, float[] weights) =>
        CompressedRuns.Read(reader, plan.Columns, plan.Rows, plan.Entries, plan.IndexBits, plan.Bits, codes,
            (col, row, v) => weights[row * plan.Columns + col] = v);
}
