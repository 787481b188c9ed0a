namespace Kit.Export;

/// <summary>One layer of an export: its plan (Bits = the layer's value width: the report's b, or b + 1 where the format
/// stores zeros and the levels fill 2^b codes) and what its section adds beyond the cost model's payload bits.</summary>
/// <remarks>RowLevels: magnitudes per row when the section has row levels (a model quantized per filter), else 0;
/// LevelTableBits then counts them too.</remarks>
public sealed record ExportedLayer(string Name, int[] Shape, int Bits, int IndexBits, bool ZeroCode, bool ValuesHuffman, int Levels,
    long Nonzeros, long Entries, long PayloadBits, long SectionHeaderBits, long LevelTableBits, long PaddingBits, int RowLevels = 0);

/// <summary>
/// The bit accounting of an exported file (docs/model-files.md, "Size"): file bits = cost-model bits + overhead, with
/// overhead = header + per layer (section header + level table + padding to a byte) + parameters (float32) + trailer.
/// </summary>
public sealed record ExportReport
{
    public string Format { get; init; } = "";
    public string Architecture { get; init; } = "";
    /// <summary>The nominal b (`kit cost model --bits`); each layer's own width is in <see cref="ExportedLayer.Bits"/>.</summary>
    public int Bits { get; init; }
    public long FileBytes { get; init; }
    public long FileBits => 8 * FileBytes;
    /// <summary>What `kit cost model --bits B --format F` reports for this model: the format's cost summed over the prunable layers.</summary>
    public long CostModelBits { get; init; }
    /// <summary>Payload bits the encoders wrote, summed over layers (the writer checks each layer against its cost).</summary>
    public long PayloadBits { get; init; }
    public long HeaderBits { get; init; }
    public long LayerHeaderBits { get; init; }
    public long LevelTableBits { get; init; }
    public long PaddingBits { get; init; }
    /// <summary>Biases and every other non-prunable tensor, float32, with their names and shapes.</summary>
    public long ParameterBits { get; init; }
    public long ParameterValues { get; init; }
    public long TrailerBits { get; init; }
    public long OverheadBits => HeaderBits + LayerHeaderBits + LevelTableBits + PaddingBits + ParameterBits + TrailerBits;
    public IReadOnlyList<ExportedLayer> Layers { get; init; } = [];

    /// <summary>One line per overhead part, for the CLI.</summary>
    public IEnumerable<(string Part, long Bits)> OverheadParts() =>
    [
        ("header", HeaderBits), ("layer section headers", LayerHeaderBits), ("level tables (float32; one per row in layers with row levels)", LevelTableBits),
        ("padding to bytes", PaddingBits), ($"non-prunable parameters ({ParameterValues:N0} float32 + names, shapes)", ParameterBits),
        ("SHA-256 trailer", TrailerBits),
    ];
}
