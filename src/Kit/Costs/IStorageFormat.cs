namespace Kit.Costs;

/// <summary>
/// One way to store a layer's mask and values. <see cref="StorageFormats"/> registers every implementation of
/// the kit with a public parameterless constructor, so a new format is one new file.
/// </summary>
public interface IStorageFormat
{
    /// <summary>The report key and `--format` name ("csr", "relative_huffman", "2:4").</summary>
    string Name { get; }

    /// <summary>Other names `--format` accepts.</summary>
    IReadOnlyList<string> Aliases => [];

    FormatKind Kind { get; }

    /// <summary>Whether a report computes it when no format is named.</summary>
    FormatSelection Selection { get; }

    /// <summary>Bits to store the layer at <paramref name="bits"/> bits per value; null when the format cannot hold this mask.</summary>
    FormatCost? Cost(CostLayer layer, int bits);
}

public enum FormatKind
{
    /// <summary>Every weight, zeros included: the numerator of every p_eq.</summary>
    Dense,
    /// <summary>An exact encoding of the non-structured mask: a candidate for <see cref="StorageAnalysis.BestFormat"/>.</summary>
    Sparse,
    /// <summary>The physically shrunk model (rows and columns removed).</summary>
    Structured,
}

public enum FormatSelection
{
    /// <summary>In every report (one multiplication each).</summary>
    Always,
    /// <summary>In `default` and `all`.</summary>
    Default,
    /// <summary>Only in `all` or when named.</summary>
    OnRequest,
}
