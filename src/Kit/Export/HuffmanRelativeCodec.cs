using Kit.Costs;

namespace Kit.Export;

/// <summary>
/// relative_huffman (cost: gap codewords + gap table + values + value table, k from the cost model): the entries of
/// the relative format's single run (<see cref="GapStream.Entries"/>), with the k-bit gap fields replaced by
/// canonical Huffman codewords over the field values (<see cref="CanonicalHuffman"/>, symbols of k bits). When the
/// cost model Huffman-codes the values (flag ValuesHuffman: the values are a level table of at most 2^b values), the
/// value codes are codewords too (symbols of b bits, fillers are the zero code); otherwise b-bit codes. b is the
/// layer's value width from the cost model (the nominal b, plus one when there are fillers and the levels fill 2^b).
/// Payload, when entries &gt; 0: gap table, value table (if ValuesHuffman), then per entry its gap codeword and its value
/// (codeword or b bits). With no entries the payload is empty.
/// </summary>
internal sealed class HuffmanRelativeCodec : ILayerCodec
{
    public string Name => "relative_huffman";
    public bool HasIndexBits => true;

    public LayerPlan? Plan(CostLayer layer, int bits)
    {
        var cost = HuffmanRelativeFormat.Best(layer.Mask, bits, LayerValues.Nonzero(layer));
        return LayerPlan.From(layer, cost, cost.IndexBits, cost.Entries, cost.ValuesHuffman);
    }

    public void Encode(CostLayer layer, LayerPlan plan, ValueCodes codes, BitWriter writer)
    {
        var entries = GapStream.Entries(layer.Mask.Nonzero, [.. LayerValues.Nonzero(layer).Select(codes.Code)], plan.IndexBits);
        if (entries.Count == 0) return;
        var gaps = CanonicalHuffman.FromCounts(Counts(entries.Select(e => e.field)));
        gaps.WriteTable(writer, plan.IndexBits);
        CanonicalHuffman? values = null;
        if (plan.ValuesHuffman)
        {
            values = CanonicalHuffman.FromCounts(Counts(entries.Select(e => (ulong)e.code)));
            values.WriteTable(writer, plan.Bits);
        }
        foreach (var (field, code) in entries)
        {
            gaps.Write(writer, field);
            if (values is null) writer.Write(code, plan.Bits);
            else values.Write(writer, code);
        }
    }

    public void Decode(LayerPlan plan, ValueCodes codes, BitReader reader, float[] weights)
    {
        if (plan.Entries == 0) return;
        var gaps = CanonicalHuffman.ReadTable(reader, plan.IndexBits);
        var values = plan.ValuesHuffman ? CanonicalHuffman.ReadTable(reader, plan.Bits) : null;
        GapStream.Read(plan.Entries, () => gaps.Read(reader), () => values is null ? reader.Read(plan.Bits) : values.Read(reader),
            weights.Length, codes, (p, v) => weights[p] = v);
    }

    static SortedDictionary<ulong, long> Counts(IEnumerable<ulong> symbols)
    {
        var counts = new SortedDictionary<ulong, long>();
        foreach (var s in symbols) counts[s] = counts.GetValueOrDefault(s) + 1;
        return counts;
    }
}
