using Kit.Costs;

namespace Kit.Export;

/// <summary>
/// csr (cost: entries * (b + k) + (R + 1) * ceil(log2(entries + 1))): <see cref="CompressedRuns"/> with one run per
/// row, positions = columns. entries = nnz + fillers; zero code on iff there are fillers (the cost model's
/// stores_zeros, which also sets b).
/// </summary>
internal sealed class CsrCodec : ILayerCodec
{
    public string Name => "csr";
    public bool HasIndexBits => true;

    public LayerPlan? Plan(CostLayer layer, int bits)
    {
        var cost = CsrFormat.Best(layer.Mask, ValueWidths.Of(layer, bits));
        return LayerPlan.From(layer, cost, cost.IndexBits, cost.Entries);
    }

    public void Encode(CostLayer layer, LayerPlan plan, ValueCodes codes, BitWriter writer)
    {
        var mask = layer.Mask;
        var values = LayerValues.Nonzero(layer);
        var runs = new List<(int[], uint[])>(mask.Rows);
        int i = 0;
        foreach (var count in mask.RowCounts())
        {
            var cols = new int[count];
            var c = new uint[count];
            for (int j = 0; j < count; j++, i++)
            {
                cols[j] = mask.Nonzero[i] % mask.Columns;
                c[j] = codes.Code(values[i]);
            }
            runs.Add((cols, c));
        }
        CompressedRuns.Write(writer, runs, plan.IndexBits, plan.Bits, plan.Entries);
    }

    public void Decode(LayerPlan plan, ValueCodes codes, BitReader reader, float[] weights) =>
        CompressedRuns.Read(reader, plan.Rows, plan.Columns, plan.Entries, plan.IndexBits, plan.Bits, codes,
            (row, col, v) => weights[(long)row * plan.Columns + col] = v);
}
