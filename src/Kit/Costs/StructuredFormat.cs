namespace Kit.Costs;

/// <summary>Kept rows and columns of one layer in the physically shrunk model, and its storage.
/// JSON: kept_rows, kept_columns, shrunk_bits (kept_rows * kept_columns * b), metadata_bits (R + C), total_bits.</summary>
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
/// <item>bits = kept_rows * kept_columns * b + (R + C): one bit per row and per column of the original shape.</item>
/// <item>A layer alone (<see cref="Layer"/>): a row is kept iff it holds a nonzero, a column is kept iff it holds a nonzero.
/// (Zeros inside the kept rows x kept columns block are stored as dense zeros.)</item>
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
    public FormatCost? Cost(CostLayer layer, int bits) => Layer(layer.Mask, bits);

    public static StructuredLayerCost Layer(LayerMask mask, int bits) =>
        Model([new CostLayer(mask)], bits)[0];

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
            long shrunk = (long)kr * kc * bits, meta = l.Mask.Rows + (long)l.Mask.Columns;
            return new StructuredLayerCost { KeptRows = kr, KeptColumns = kc, ShrunkBits = shrunk, MetadataBits = meta, TotalBits = shrunk + meta };
        }).ToArray();
    }
}
