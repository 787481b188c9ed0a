using Kit.Costs;

namespace Kit.Export;

/// <summary>
/// structured (cost: kept_rows*kept_columns*b + R + C, the layer alone): R row bits (1 = kept), C column bits
/// (1 = kept), then the kept rows x kept columns block, row-major, as b-bit codes. A row or column is kept iff it
/// holds a nonzero, so the block holds every nonzero; zeros inside it are stored (zero code on when the block has
/// any: the cost model's stores_zeros, which also sets b). entries = kept_rows * kept_columns. The coupled figure (`structured_coupled`) may drop weights that no
/// kept output reads; it is a cost only, not a lossless encoding, so it has no codec.
/// </summary>
internal sealed class StructuredCodec : ILayerCodec
{
    public string Name => "structured";

    public LayerPlan? Plan(CostLayer layer, int bits)
    {
        var cost = StructuredFormat.Layer(layer, bits);
        return LayerPlan.From(layer, cost, 0, (long)cost.KeptRows * cost.KeptColumns);
    }

    public void Encode(CostLayer layer, LayerPlan plan, ValueCodes codes, BitWriter writer)
    {
        var (rows, cols) = (layer.Mask.RowCounts(), layer.Mask.ColumnCounts());
        foreach (var c in rows) writer.WriteBit(c > 0);
        foreach (var c in cols) writer.WriteBit(c > 0);
        var dense = LayerValues.Dense(layer);
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r] == 0) continue;
            for (int c = 0; c < cols.Length; c++)
                if (cols[c] > 0) writer.Write(codes.Code(dense[(long)r * cols.Length + c]), plan.Bits);
        }
    }

    public void Decode(LayerPlan plan, ValueCodes codes, BitReader reader, float[] weights)
    {
        var rows = Kept(reader, plan.Rows);
        var cols = Kept(reader, plan.Columns);
        if ((long)rows.Count * cols.Count != plan.Entries)
            throw new InvalidDataException($"{rows.Count} kept rows x {cols.Count} kept columns do not make the header's {plan.Entries} entries");
        foreach (var r in rows)
            foreach (var c in cols)
                weights[(long)r * plan.Columns + c] = codes.Value(reader.Read(plan.Bits));
    }

    static List<int> Kept(BitReader reader, int count)
    {
        var kept = new List<int>();
        for (int i = 0; i < count; i++)
            if (reader.ReadBit()) kept.Add(i);
        return kept;
    }
}
