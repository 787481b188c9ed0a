namespace Kit.Costs;

/// <summary>Kept rows and columns of one layer in the physically shrunk model, and its storage.
/// JSON: kept_rows, kept_columns, shrunk_bits (kept_rows * kept_columns * w), metadata_bits (R + C), total_bits,
/// value_width (w), stores_zeros (the kept block holds a zero).</summary>
public sealed record StructuredLayerCost : FormatCost
{
    public int KeptRows { get; init; }
    public int KeptColumns { get; init; }
    public long ShrunkBits { get; init; }
    public long MetadataBits { get; init; }
}

/// <summary>
/// Structured storage: the physically shrunk dense matrix plus which-survive metadata.
/// <list type="bullet">
/// <item>bits = kept_rows * kept_columns * w + (R + C): one bit per row and per column of the original shape.</item>
/// <item>A layer alone (<see cref="Layer(CostLayer, int)"/>): a row is kept iff it holds a nonzero, a column is kept iff it
/// holds a nonzero. (Zeros inside the kept rows x kept columns block are stored as dense zeros.)</item>
/// <item>w is the value width (<see cref="ValueWidths"/>) of the values inside the kept block: b, or b + 1 when the block
/// holds a zero and its known nonzero values fill all 2^b codes. A block without zeros (the truly shrunk model) is
/// always at b.</item>
/// <item>A model (<see cref="Model"/>): kept sets are the largest sets consistent with the coupling, found by iterating to a
/// fixed point:
/// (1) a row of layer L is kept iff it has a nonzero in a kept column of L and, when L has a consumer,
/// the consumer keeps at least one of the columns [r*m, (r+1)*m) that read that output (an output no kept
/// weight reads is dead);
/// (2) a column j of a consumer is kept iff it has a nonzero in a kept row and its producer keeps row
/// floor(j/m) (a removed filter removes the matching input channel of the consumer).
/// Each rule only removes, so the iteration ends; a single layer without coupling reduces to the layer rule.</item>
/// </list>
/// </summary>
internal sealed class StructuredFormat : IStorageFormat
{
    public string Name => "structured";
    public FormatKind Kind => FormatKind.Structured;
    public FormatSelection Selection => FormatSelection.Default;
    public FormatCost? Cost(CostLayer layer, int bits) => Layer(layer, bits);

    /// <summary>The layer alone (no coupling), its values (if known) setting the value width.</summary>
    public static StructuredLayerCost Layer(CostLayer layer, int bits) =>
        Model([new CostLayer(layer.Mask, Values: layer.Values)], bits)[0];

    /// <summary>Values unknown (a mask only): b bits per value.</summary>
    public static StructuredLayerCost Layer(LayerMask mask, int bits) => Layer(new CostLayer(mask), bits);

    public static StructuredLayerCost[] Model(IReadOnlyList<CostLayer> layers, int bits)
    {
        IndexWidthSearch.CheckBits(bits);
        var byName = new Dictionary<string, int>();
        for (int i = 0; i < layers.Count; i++)
            if (!byName.TryAdd(layers[i].Name, i)) throw new KitException($"duplicate layer name '{layers[i].Name}'");
        var consumer = new int[layers.Count];
        var producer = Enumerable.Repeat(-1, layers.Count).ToArray();
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            consumer[i] = -1;
            if (l.Consumer is null) continue;
            if (!byName.TryGetValue(l.Consumer, out var c))
                throw new KitException($"layer '{l.Name}': consumer '{l.Consumer}' is not among the layers ({string.Join(", ", byName.Keys)})");
            var cm = layers[c].Mask;
            if (l.ConsumerColumnsPerOutput < 1 || (long)l.Mask.Rows * l.ConsumerColumnsPerOutput != cm.Columns)
                throw new KitException($"layer '{l.Name}': {l.Mask.Rows} outputs x {l.ConsumerColumnsPerOutput} columns each do not match the {cm.Columns} columns of consumer '{cm.Name}'");
            if (producer[c] >= 0) throw new KitException($"layer '{cm.Name}' is the consumer of both '{layers[producer[c]].Name}' and '{l.Name}'");
            consumer[i] = c;
            producer[c] = i;
        }
        var rowKept = layers.Select(l => Enumerable.Repeat(true, l.Mask.Rows).ToArray()).ToArray();
        var colKept = layers.Select(l => Enumerable.Repeat(true, l.Mask.Columns).ToArray()).ToArray();
        for (bool changed = true; changed;)
        {
            changed = false;
            for (int i = 0; i < layers.Count; i++)
            {
                var m = layers[i].Mask;
                var rowHas = new bool[m.Rows];
                var colHas = new bool[m.Columns];
                foreach (var p in m.Nonzero)
                {
                    int r = p / m.Columns, c = p - r * m.Columns;
                    if (rowKept[i][r] && colKept[i][c]) { rowHas[r] = true; colHas[c] = true; }
                }
                int cons = consumer[i], per = layers[i].ConsumerColumnsPerOutput;
                for (int r = 0; r < m.Rows; r++)
                {
                    bool keep = rowHas[r];
                    if (keep && cons >= 0)
                    {
                        keep = false;
                        for (int j = r * per; j < (r + 1) * per && !keep; j++) keep = colKept[cons][j];
                    }
                    if (rowKept[i][r] && !keep) { rowKept[i][r] = false; changed = true; }
                }
                int prod = producer[i];
                int perIn = prod >= 0 ? layers[prod].ConsumerColumnsPerOutput : 1;
                for (int c = 0; c < m.Columns; c++)
                {
                    bool keep = colHas[c] && (prod < 0 || rowKept[prod][c / perIn]);
                    if (colKept[i][c] && !keep) { colKept[i][c] = false; changed = true; }
                }
            }
        }
        return layers.Select((l, i) =>
        {
            int kr = rowKept[i].Count(x => x), kc = colKept[i].Count(x => x);
            var (inBlock, widths) = Block(l, rowKept[i], colKept[i], bits);
            bool zeros = (long)kr * kc > inBlock;
            int w = widths.For(zeros);
            long shrunk = (long)kr * kc * w, meta = l.Mask.Rows + (long)l.Mask.Columns;
            return new StructuredLayerCost
            {
                KeptRows = kr, KeptColumns = kc, ShrunkBits = shrunk, MetadataBits = meta, TotalBits = shrunk + meta, ValueWidth = w, StoresZeros = zeros,
            };
        }).ToArray();
    }

    /// <summary>The nonzeros inside the kept block and the value widths of their values (coupling may drop some nonzeros, and with them levels).</summary>
    static (long Nonzeros, ValueWidths Widths) Block(CostLayer layer, bool[] rowKept, bool[] colKept, int bits)
    {
        var m = layer.Mask;
        var values = layer.Values;
        if (values is not null && values.Length != m.Nnz) throw new KitException($"mask '{m.Name}': {values.Length} values for {m.Nnz} nonzeros");
        var distinct = new HashSet<int>();
        long count = 0;
        for (int j = 0; j < m.Nonzero.Length; j++)
        {
            int p = m.Nonzero[j], r = p / m.Columns, c = p - r * m.Columns;
            if (!rowKept[r] || !colKept[c]) continue;
            count++;
            if (values is not null) distinct.Add(BitConverter.SingleToInt32Bits(values[j]));
        }
        return (count, values is null ? ValueWidths.Nominal(bits) : ValueWidths.FromDistinct(distinct.Count, bits));
    }
}
