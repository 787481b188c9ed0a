namespace Kit.Costs;

/// <summary>
/// Costs layers in the registered storage formats (<see cref="StorageFormats"/>) and names the cheapest exact one.
/// <list type="bullet">
/// <item>b is nominal. Each format costs each layer at its value width (<see cref="ValueWidths"/>): b, or b + 1 when
/// that format's encoding of the layer holds zero entries and the layer's known nonzero values fill all 2^b codes (the
/// width the exporter writes). When the values are unknown (<see cref="CostLayer.Values"/> null: random masks, mask
/// files, RQ1/RQ4 mask-only analyses) every format stays at b: the levels are assumed to fit with the zero code.</item>
/// <item>p_eq[format] = N*b / format bits, N*b at the nominal b (dense_bits): the paper's numerator, the unpruned dense
/// model (equivalently the structured model of rate p_s stores N*b/p_s: a fully dense block without zeros, so no zero
/// code). The `dense` format's own cost can exceed N*b (its pruned weights are stored zeros), so its p_eq can be below 1.</item>
/// </list>
/// </summary>
public static class StorageAnalysis
{
    /// <summary>Every layer in <paramref name="formats"/> (default: <see cref="StorageFormats.Default"/>) plus the formats always computed.</summary>
    public static StorageReport Analyze(IReadOnlyList<CostLayer> layers, int bits, IEnumerable<string>? formats = null)
    {
        IndexWidthSearch.CheckBits(bits);
        if (layers.Count == 0) throw new KitException("no layers to cost");
        var selected = StorageFormats.Selected(formats ?? StorageFormats.Default);
        var coupled = selected.Any(f => f.Kind == FormatKind.Structured) ? StructuredFormat.Model(layers, bits) : null;
        var rows = new LayerStorage[layers.Count];
        // Layers are independent: costing them in parallel keeps big models quick.
        Parallel.For(0, layers.Count, i => rows[i] = Layer(layers[i], bits, selected, coupled?[i]));
        return new StorageReport { Bits = bits, Formats = [.. selected.Select(f => f.Name)], Layers = rows, Total = Sum(rows, selected, bits) };
    }

    /// <summary>
    /// The cheapest exact encoding of a non-structured mask: the minimum total over every <see cref="FormatKind.Sparse"/>
    /// format (bitmask, relative, CSR, CSC, relative+Huffman, N:M when the masks fit). The report must have computed
    /// all of them (<see cref="StorageFormats.AllNames"/>), so there is one definition for the RQs, the CLI and the notebooks.
    /// </summary>
    public static (string Format, long Bits) BestFormat(StorageReport report)
    {
        var missing = MissingSparse(report);
        if (missing.Count > 0) throw new KitException($"best format: the report did not compute {string.Join(", ", missing)} (analyze with every format)");
        return report.Total.Formats.Where(kv => StorageFormats.Get(kv.Key).Kind == FormatKind.Sparse)
            .Select(kv => (kv.Key, kv.Value.TotalBits)).MinBy(x => x.TotalBits);
    }

    /// <summary><see cref="BestFormat"/>, or null when the report lacks some sparse format.</summary>
    public static (string Format, long Bits)? TryBestFormat(StorageReport report) => MissingSparse(report).Count == 0 ? BestFormat(report) : null;

    static List<string> MissingSparse(StorageReport report) =>
        [.. StorageFormats.All.Where(f => f.Kind == FormatKind.Sparse && !report.Formats.Contains(f.Name)).Select(f => f.Name)];

    static LayerStorage Layer(CostLayer layer, int bits, IReadOnlyList<IStorageFormat> formats, StructuredLayerCost? coupled)
    {
        var m = layer.Mask;
        var costs = new SortedDictionary<string, FormatCost>(StringComparer.Ordinal);
        foreach (var f in formats)
            if (f.Cost(layer, bits) is { } c) costs[f.Name] = c;
        long dense = DenseFormat.Bits(m, bits);
        var peq = new SortedDictionary<string, double>();
        foreach (var f in formats)
        {
            if (!costs.TryGetValue(f.Name, out var c)) continue;
            costs[f.Name] = c with { PEq = Ratio(dense, c.TotalBits) };
            long compared = f.Kind == FormatKind.Structured && coupled is not null ? coupled.TotalBits : c.TotalBits;
            if (f.Kind != FormatKind.Dense) Put(peq, f.Name, dense, compared);
        }
        return new LayerStorage
        {
            Name = m.Name, Shape = [m.Rows, m.Columns], Weights = m.Weights, Nonzeros = m.Nnz, Density = m.Density,
            Rate = m.Nnz == 0 ? null : (double)m.Weights / m.Nnz,
            Formats = costs, DenseBits = dense, StructuredCoupled = coupled, PEq = peq,
        };
    }

    static StorageTotal Sum(LayerStorage[] rows, IReadOnlyList<IStorageFormat> formats, int bits)
    {
        long weights = rows.Sum(r => r.Weights), nnz = rows.Sum(r => r.Nonzeros), dense = rows.Sum(r => r.DenseBits);
        var totals = new SortedDictionary<string, FormatTotal>(StringComparer.Ordinal);
        foreach (var f in formats)
        {
            if (rows.Any(r => !r.Formats.ContainsKey(f.Name))) continue;
            var costs = rows.Select(r => r.Formats[f.Name]).ToList();
            long total = costs.Sum(c => c.TotalBits);
            var counts = costs.All(c => c is IEntryCounts) ? costs.Cast<IEntryCounts>().ToList() : null;
            totals[f.Name] = new FormatTotal
            {
                Fillers = counts?.Sum(c => c.Fillers), Entries = counts?.Sum(c => c.Entries), PointerBits = counts?.Sum(c => c.PointerBits),
                TotalBits = total, WidenedLayers = costs.Count(c => c.ValueWidth > bits), BitsPerNonzero = nnz == 0 ? 0 : (double)total / nnz, PEq = Ratio(dense, total),
            };
        }
        long? structured = rows.All(r => r.StructuredCoupled is not null) ? rows.Sum(r => r.StructuredCoupled!.TotalBits) : null;
        var peq = new SortedDictionary<string, double>();
        foreach (var f in formats)
        {
            if (f.Kind == FormatKind.Dense || !totals.TryGetValue(f.Name, out var t)) continue;
            Put(peq, f.Name, dense, f.Kind == FormatKind.Structured && structured is { } sb ? sb : t.TotalBits);
        }
        return new StorageTotal
        {
            Weights = weights, Nonzeros = nnz, Rate = nnz == 0 ? null : (double)weights / nnz,
            Formats = totals, DenseBits = dense, StructuredBits = structured, PEq = peq,
        };
    }

    static double? Ratio(long dense, long bits) => bits == 0 ? null : (double)dense / bits;

    static void Put(SortedDictionary<string, double> d, string name, long dense, long bits)
    {
        if (bits > 0) d[name] = (double)dense / bits;
    }

    /// <summary>p_eq = dense bits (N*b at the nominal b) / non-structured bits: the structured rate at which a structured
    /// model of equal b takes the same storage. Non-structured wins storage iff the structured model's rate is below p_eq.</summary>
    public static double PEq(long denseBits, long nonStructuredBits) =>
        nonStructuredBits <= 0 ? double.PositiveInfinity : (double)denseBits / nonStructuredBits;
}
