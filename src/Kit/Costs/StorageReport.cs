namespace Kit.Costs;

/// <summary>
/// Storage of one layer in every format (JSON schema in the README section "Cost models"). rate = weights / nonzeros
/// (null when the layer is empty). structured is the layer alone; structured_coupled is the layer inside
/// the model with filter/channel coupling (equal to structured when there is no coupling).
/// p_eq[format] = dense_bits / format bits.
/// </summary>
public sealed record LayerStorage
{
    public string Name { get; init; } = "";
    public int[] Shape { get; init; } = [];
    public long Weights { get; init; }
    public long Nonzeros { get; init; }
    public double Density { get; init; }
    public double? Rate { get; init; }
    public long DenseBits { get; init; }
    public long BitmaskBits { get; init; }
    public StructuredLayerCost? Structured { get; init; }
    public StructuredLayerCost? StructuredCoupled { get; init; }
    public IndexedFormatCost? Relative { get; init; }
    public IndexedFormatCost? Csr { get; init; }
    public IndexedFormatCost? Csc { get; init; }
    public HuffmanFormatCost? RelativeHuffman { get; init; }
    public SortedDictionary<string, double> PEq { get; init; } = [];
}

/// <summary>Sum over layers of one relative-index format, each layer at its own optimal k.</summary>
public sealed record FormatTotal
{
    public long Fillers { get; init; }
    public long Entries { get; init; }
    public long PointerBits { get; init; }
    public long TotalBits { get; init; }
    public double BitsPerNonzero { get; init; }
    public double? PEq { get; init; }
}

/// <summary>Model totals: sums of the layer figures; structured_bits uses the coupled kept sets.</summary>
public sealed record StorageTotal
{
    public long Weights { get; init; }
    public long Nonzeros { get; init; }
    public double? Rate { get; init; }
    public long DenseBits { get; init; }
    public long BitmaskBits { get; init; }
    public long? StructuredBits { get; init; }
    public FormatTotal? Relative { get; init; }
    public FormatTotal? Csr { get; init; }
    public FormatTotal? Csc { get; init; }
    public FormatTotal? RelativeHuffman { get; init; }
    public SortedDictionary<string, double> PEq { get; init; } = [];
}

public sealed record StorageReport
{
    public int Bits { get; init; }
    public LayerStorage[] Layers { get; init; } = [];
    public StorageTotal Total { get; init; } = new();
}

/// <summary>Which formats to compute (dense and bitmask are always reported: they are one multiplication each).</summary>
[Flags]
public enum StorageFormats
{
    None = 0,
    Structured = 1,
    Relative = 2,
    Csr = 4,
    Csc = 8,
    Huffman = 16,
    Default = Structured | Relative | Csr | Csc,
    All = Default | Huffman,
}

public static class StorageAnalysis
{
    public static readonly IReadOnlyDictionary<string, StorageFormats> FormatNames = new Dictionary<string, StorageFormats>(StringComparer.OrdinalIgnoreCase)
    {
        ["all"] = StorageFormats.All,
        ["default"] = StorageFormats.Default,
        ["structured"] = StorageFormats.Structured,
        ["relative"] = StorageFormats.Relative,
        ["csr"] = StorageFormats.Csr,
        ["csc"] = StorageFormats.Csc,
        ["huffman"] = StorageFormats.Huffman,
        ["dense"] = StorageFormats.None,
        ["bitmask"] = StorageFormats.None,
    };

    public static StorageFormats ParseFormats(IEnumerable<string> names)
    {
        var f = StorageFormats.None;
        foreach (var n in names.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            f |= FormatNames.TryGetValue(n, out var v) ? v
                : throw new KitException($"--format: unknown format '{n}' (known: {string.Join(", ", FormatNames.Keys)})");
        return f;
    }

    public static StorageReport Analyze(IReadOnlyList<CostLayer> layers, int bits, StorageFormats formats = StorageFormats.Default)
    {
        IndexWidthSearch.CheckBits(bits);
        if (layers.Count == 0) throw new KitException("no layers to cost");
        var coupled = formats.HasFlag(StorageFormats.Structured) ? StructuredFormat.Model(layers, bits) : null;
        var rows = new LayerStorage[layers.Count];
        // Layers are independent: costing them in parallel keeps big models quick.
        Parallel.For(0, layers.Count, i => rows[i] = Layer(layers[i], bits, formats, coupled?[i]));
        return new StorageReport { Bits = bits, Layers = rows, Total = Sum(rows, formats) };
    }

    static LayerStorage Layer(CostLayer layer, int bits, StorageFormats formats, StructuredLayerCost? coupled)
    {
        var m = layer.Mask;
        long dense = DenseFormat.Bits(m, bits);
        var s = formats.HasFlag(StorageFormats.Structured) ? StructuredFormat.Layer(m, bits) : null;
        var rel = formats.HasFlag(StorageFormats.Relative) ? WithPEq(RelativeIndexFormat.Best(m, bits), dense) : null;
        var csr = formats.HasFlag(StorageFormats.Csr) ? WithPEq(CsrFormat.Best(m, bits), dense) : null;
        var csc = formats.HasFlag(StorageFormats.Csc) ? WithPEq(CscFormat.Best(m, bits), dense) : null;
        var huff = formats.HasFlag(StorageFormats.Huffman) ? HuffmanRelativeFormat.Best(m, bits, layer.Values) : null;
        if (huff is not null) huff = huff with { PEq = Ratio(dense, huff.TotalBits) };
        long bitmask = BitmaskFormat.Bits(m, bits);
        var peq = new SortedDictionary<string, double>();
        Put(peq, "bitmask", dense, bitmask);
        if (coupled is not null) Put(peq, "structured", dense, coupled.TotalBits);
        if (rel is not null) Put(peq, "relative", dense, rel.TotalBits);
        if (csr is not null) Put(peq, "csr", dense, csr.TotalBits);
        if (csc is not null) Put(peq, "csc", dense, csc.TotalBits);
        if (huff is not null) Put(peq, "relative_huffman", dense, huff.TotalBits);
        return new LayerStorage
        {
            Name = m.Name, Shape = [m.Rows, m.Columns], Weights = m.Weights, Nonzeros = m.Nnz, Density = m.Density,
            Rate = m.Nnz == 0 ? null : (double)m.Weights / m.Nnz,
            DenseBits = dense, BitmaskBits = bitmask, Structured = s, StructuredCoupled = coupled,
            Relative = rel, Csr = csr, Csc = csc, RelativeHuffman = huff, PEq = peq,
        };
    }

    static StorageTotal Sum(LayerStorage[] rows, StorageFormats formats)
    {
        long weights = rows.Sum(r => r.Weights), nnz = rows.Sum(r => r.Nonzeros), dense = rows.Sum(r => r.DenseBits), bitmask = rows.Sum(r => r.BitmaskBits);
        FormatTotal? Total(Func<LayerStorage, IndexedFormatCost?> pick)
        {
            if (rows.Any(r => pick(r) is null)) return null;
            long total = rows.Sum(r => pick(r)!.TotalBits);
            return new FormatTotal
            {
                Fillers = rows.Sum(r => pick(r)!.Fillers), Entries = rows.Sum(r => pick(r)!.Entries),
                PointerBits = rows.Sum(r => pick(r)!.PointerBits), TotalBits = total,
                BitsPerNonzero = nnz == 0 ? 0 : (double)total / nnz, PEq = Ratio(dense, total),
            };
        }
        FormatTotal? huff = null;
        if (rows.All(r => r.RelativeHuffman is not null))
        {
            long total = rows.Sum(r => r.RelativeHuffman!.TotalBits);
            huff = new FormatTotal
            {
                Fillers = rows.Sum(r => r.RelativeHuffman!.Fillers), Entries = rows.Sum(r => r.RelativeHuffman!.Entries),
                TotalBits = total, BitsPerNonzero = nnz == 0 ? 0 : (double)total / nnz, PEq = Ratio(dense, total),
            };
        }
        long? structured = rows.All(r => r.StructuredCoupled is not null) ? rows.Sum(r => r.StructuredCoupled!.TotalBits) : null;
        var t = new StorageTotal
        {
            Weights = weights, Nonzeros = nnz, Rate = nnz == 0 ? null : (double)weights / nnz, DenseBits = dense, BitmaskBits = bitmask,
            StructuredBits = structured, Relative = Total(r => r.Relative), Csr = Total(r => r.Csr), Csc = Total(r => r.Csc), RelativeHuffman = huff,
        };
        Put(t.PEq, "bitmask", dense, bitmask);
        if (structured is { } sb) Put(t.PEq, "structured", dense, sb);
        if (t.Relative is not null) Put(t.PEq, "relative", dense, t.Relative.TotalBits);
        if (t.Csr is not null) Put(t.PEq, "csr", dense, t.Csr.TotalBits);
        if (t.Csc is not null) Put(t.PEq, "csc", dense, t.Csc.TotalBits);
        if (huff is not null) Put(t.PEq, "relative_huffman", dense, huff.TotalBits);
        return t;
    }

    static IndexedFormatCost WithPEq(IndexedFormatCost c, long dense) => c with { PEq = Ratio(dense, c.TotalBits) };

    static double? Ratio(long dense, long bits) => bits == 0 ? null : (double)dense / bits;

    static void Put(SortedDictionary<string, double> d, string name, long dense, long bits)
    {
        if (bits > 0) d[name] = (double)dense / bits;
    }

    /// <summary>p_eq = dense bits / non-structured bits: the structured rate at which a structured model of equal b
    /// takes the same storage. Non-structured wins storage iff the structured model's rate is below p_eq.</summary>
    public static double PEq(long denseBits, long nonStructuredBits) =>
        nonStructuredBits <= 0 ? double.PositiveInfinity : (double)denseBits / nonStructuredBits;
}
