using System.Text.Json.Serialization;

namespace Kit.Costs;

/// <summary>
/// Storage of one layer in every computed format (JSON schema in the README section "Cost models"). Each
/// format's cost sits under its name (`"csr": {...}`, each with the value_width it used); bitmask_bits repeats that
/// format's total. dense_bits = R * C * b at the report's nominal b: the p_eq numerator (the paper's N*b, the unpruned
/// dense model, which stores no zero and so needs no zero code). It equals the `dense` format's total_bits unless that
/// format widens (the layer has pruned weights, stored as zeros, and its nonzero values fill all 2^b codes).
/// rate = weights / nonzeros (null when the layer is empty). structured_coupled is the layer inside the model
/// with filter/channel coupling (equal to `structured` when there is no coupling).
/// p_eq[format] = dense_bits / format bits (structured: the coupled bits).
/// </summary>
public sealed record LayerStorage
{
    public string Name { get; init; } = "";
    public int[] Shape { get; init; } = [];
    public long Weights { get; init; }
    public long Nonzeros { get; init; }
    public double Density { get; init; }
    public double? Rate { get; init; }
    [JsonIgnore] public IReadOnlyDictionary<string, FormatCost> Formats { get; init; } = new SortedDictionary<string, FormatCost>();
    /// <summary>R * C * b at the nominal b: the p_eq numerator (not the `dense` format's cost, which may widen).</summary>
    public long DenseBits { get; init; }
    public long BitmaskBits => Formats["bitmask"].TotalBits;
    public StructuredLayerCost? StructuredCoupled { get; init; }
    public SortedDictionary<string, double> PEq { get; init; } = [];

    /// <summary>The cost in one format as its own type (e.g. <see cref="IndexedFormatCost"/> for csr); null when not computed.</summary>
    public T? Format<T>(string name) where T : FormatCost => Formats.GetValueOrDefault(name) as T;

    /// <summary>The index width k a format chose for this layer (null for formats without one, or not computed).</summary>
    public int? IndexBits(string format) => Formats.GetValueOrDefault(format) switch
    {
        IndexedFormatCost c => c.IndexBits,
        HuffmanFormatCost h => h.IndexBits,
        _ => null,
    };

    [JsonExtensionData, JsonInclude] internal Dictionary<string, object> FormatFields
    {
        get => Formats.ToDictionary(kv => kv.Key, kv => (object)kv.Value);
        set { }
    }
}

/// <summary>Sum over layers of one format (each layer at its own optimal k); entry counts for entry-stream formats;
/// widened_layers = layers whose value_width exceeds the report's b.</summary>
public sealed record FormatTotal
{
    public long? Fillers { get; init; }
    public long? Entries { get; init; }
    public long? PointerBits { get; init; }
    public long TotalBits { get; init; }
    public int WidenedLayers { get; init; }
    public double BitsPerNonzero { get; init; }
    public double? PEq { get; init; }
}

/// <summary>Model totals: sums of the layer figures, per format when every layer has that format; structured_bits uses the
/// coupled kept sets; dense_bits = sum of the layers' N*b at the nominal b (the p_eq numerator).</summary>
public sealed record StorageTotal
{
    public long Weights { get; init; }
    public long Nonzeros { get; init; }
    public double? Rate { get; init; }
    [JsonIgnore] public IReadOnlyDictionary<string, FormatTotal> Formats { get; init; } = new SortedDictionary<string, FormatTotal>();
    /// <summary>Sum of R * C * b at the nominal b: the p_eq numerator.</summary>
    public long DenseBits { get; init; }
    public long BitmaskBits => Formats["bitmask"].TotalBits;
    public long? StructuredBits { get; init; }
    public SortedDictionary<string, double> PEq { get; init; } = [];

    public FormatTotal? Format(string name) => Formats.GetValueOrDefault(name);

    [JsonExtensionData, JsonInclude] internal Dictionary<string, object> FormatFields
    {
        get => Formats.ToDictionary(kv => kv.Key, kv => (object)kv.Value);
        set { }
    }
}

/// <summary>The storage cost model's report: <c>formats</c> lists what was computed, per layer and in total. bits is the
/// nominal b; each layer's format records the width it used (value_width: b, or b + 1, see <see cref="ValueWidths"/>).</summary>
public sealed record StorageReport
{
    public int Bits { get; init; }
    public IReadOnlyList<string> Formats { get; init; } = [];
    public LayerStorage[] Layers { get; init; } = [];
    public StorageTotal Total { get; init; } = new();
}
