namespace Kit.Costs;

/// <summary>The cost of <see cref="HuffmanRelativeFormat"/> at its best k. JSON: index_bits, fillers, entries,
/// gap_code_bits, gap_table_bits, value_bits (all value codewords or codes), value_table_bits, values_huffman,
/// total_bits, value_width (bits of a value code: of each value, or of each value-table symbol), stores_zeros
/// (fillers &gt; 0), bits_per_nonzero, p_eq.</summary>
internal sealed record HuffmanFormatCost : FormatCost, IEntryCounts
{
    public int IndexBits { get; init; }
    public long Fillers { get; init; }
    public long Entries { get; init; }
    public long GapCodeBits { get; init; }
    public long GapTableBits { get; init; }
    public long ValueBits { get; init; }
    public long ValueTableBits { get; init; }
    public bool ValuesHuffman { get; init; }
    public double BitsPerNonzero { get; init; }
    long IEntryCounts.PointerBits => 0;
}

/// <summary>
/// Optional entropy-coded variant of <see cref="RelativeIndexFormat"/> (Deep Compression's last stage).
/// <list type="bullet">
/// <item>Entry stream: exactly the whole-layer relative-index entries at width k (nnz real entries plus
/// floor((g-1)/2^k) fillers per gap).</item>
/// <item>Gap fields (values 1..2^k) are Huffman-coded over that stream: gap_code_bits = sum count * code length;
/// the table costs 16 + used_fields * (k + 6) bits (<see cref="HuffmanCode.TableBits"/>).</item>
/// <item>Value codes have the width w(k) of <see cref="ValueWidths"/>: b, or b + 1 when fillers(k) &gt; 0 (zero is
/// the fillers' code) and the known nonzero values fill all 2^b codes.</item>
/// <item>Values: when the nonzero values are known and take at most 2^b distinct values, they are Huffman-coded,
/// fillers counting as the symbol 0, with a table of 16 + used_values * (w(k) + 6) bits. Otherwise (values unknown,
/// or not a b-bit level table) every entry keeps a fixed w(k)-bit value (values_huffman = false).</item>
/// <item>total = gap_code_bits + gap_table_bits + value_bits + value_table_bits; k by exact search over 1..16.</item>
/// </list>
/// </summary>
internal sealed class HuffmanRelativeFormat : IStorageFormat
{
    public string Name => "relative_huffman";
    public IReadOnlyList<string> Aliases => ["huffman"];
    public FormatKind Kind => FormatKind.Sparse;
    public FormatSelection Selection => FormatSelection.OnRequest;
    public FormatCost? Cost(CostLayer layer, int bits) => Best(layer.Mask, bits, layer.Values);

    public static HuffmanFormatCost Best(LayerMask mask, int bits, ReadOnlySpan<float> values = default)
    {
        var widths = ValueWidths.Nominal(bits);
        var gaps = RelativeIndexFormat.Gaps(mask);
        var fillers = gaps.FillersByIndexBits();
        Dictionary<float, long>? valueCounts = null;
        if (!values.IsEmpty)
        {
            if (values.Length != mask.Nnz)
                throw new KitException($"mask '{mask.Name}': {values.Length} values for {mask.Nnz} nonzeros");
            widths = ValueWidths.Of(values, bits);
            valueCounts = [];
            foreach (var v in values) valueCounts[v] = valueCounts.GetValueOrDefault(v) + 1;
            if (valueCounts.ContainsKey(0f) || !widths.FitsBits) valueCounts = null;
        }
        HuffmanFormatCost? best = null;
        for (int k = 1; k <= GapHistogram.MaxIndexBits; k++)
        {
            long f = fillers[k], entries = mask.Nnz + f;
            int w = widths.For(f > 0);
            var fields = gaps.FieldCounts(k);
            long gapCode = HuffmanCode.PayloadBits(fields), gapTable = entries == 0 ? 0 : HuffmanCode.TableBits(fields, k);
            long valueBits, valueTable = 0;
            if (valueCounts is not null)
            {
                var freq = valueCounts.Values.ToList();
                if (f > 0) freq.Add(f);
                valueBits = HuffmanCode.PayloadBits(freq);
                valueTable = HuffmanCode.TableBits(freq, w); // values known, so nnz > 0 and entries > 0
            }
            else valueBits = entries * w;
            long total = gapCode + gapTable + valueBits + valueTable;
            if (best is null || total < best.TotalBits)
                best = new HuffmanFormatCost
                {
                    IndexBits = k, Fillers = f, Entries = entries, GapCodeBits = gapCode, GapTableBits = gapTable,
                    ValueBits = valueBits, ValueTableBits = valueTable, ValuesHuffman = valueCounts is not null,
                    TotalBits = total, ValueWidth = w, StoresZeros = f > 0, BitsPerNonzero = mask.Nnz == 0 ? 0 : (double)total / mask.Nnz,
                };
        }
        return best!;
    }
}
