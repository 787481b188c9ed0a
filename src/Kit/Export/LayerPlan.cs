using Kit.Costs;

namespace Kit.Export;

/// <summary>
/// What one layer section's header says about its payload (docs/model-files.md, "Layer section"): the GEMM shape,
/// the layer's value width b, the index width k (0 for formats without one), the flags, the nonzero and entry counts
/// and the payload length. An encoder makes it from the cost model; a decoder reads it from the file and must consume
/// exactly PayloadBits.
/// </summary>
public sealed record LayerPlan
{
    public required string Name { get; init; }
    public required int Rows { get; init; }
    public required int Columns { get; init; }
    public required int Bits { get; init; }
    public int IndexBits { get; init; }
    /// <summary>Code 0 is the value 0 (<see cref="ValueCodes.ZeroCode"/>).</summary>
    public bool ZeroCode { get; init; }
    /// <summary>relative_huffman: the values are Huffman-coded too (else b bits each).</summary>
    public bool ValuesHuffman { get; init; }
    public required long Nonzeros { get; init; }
    /// <summary>Stored entries; what counts as one is the format's (documented per format).</summary>
    public required long Entries { get; init; }
    public required long PayloadBits { get; init; }

    public long Weights => (long)Rows * Columns;

    /// <summary>
    /// The plan of a layer from its cost record: shape and counts from the mask; payload bits, value width and zero code
    /// from the cost model (b = the format's value width for this layer, zero code on iff the encoding stores zeros).
    /// </summary>
    public static LayerPlan From(CostLayer layer, FormatCost cost, int indexBits, long entries, bool valuesHuffman = false) => new()
    {
        Name = layer.Name, Rows = layer.Mask.Rows, Columns = layer.Mask.Columns, Bits = cost.ValueWidth, IndexBits = indexBits,
        ZeroCode = cost.StoresZeros, ValuesHuffman = valuesHuffman, Nonzeros = layer.Mask.Nnz, Entries = entries, PayloadBits = cost.TotalBits,
    };
}
