namespace Kit.Costs;

/// <summary>The cost of <see cref="NmFormat"/>: groups = R * ceil(C / M), value_bits = groups * N * w,
/// metadata_bits = groups * N * ceil(log2 M), total_bits = their sum; value_width = w, stores_zeros = some slot is padding.</summary>
internal sealed record NmFormatCost : FormatCost
{
    public long Groups { get; init; }
    public long ValueBits { get; init; }
    public long MetadataBits { get; init; }
}

/// <summary>
/// N:M semi-structured storage as sparse tensor cores hold it (e.g. NVIDIA's 2:4 layout).
/// <list type="bullet">
/// <item>Each row of the R x C matrix is zero-padded to a multiple of M and cut into groups of M consecutive
/// weights: groups = R * ceil(C / M).</item>
/// <item>Every group stores exactly N values of w bits (explicit zeros when it holds fewer nonzeros) and, per
/// value, its position in the group in ceil(log2 M) bits: bits = groups * N * (w + ceil(log2 M)).
/// For 2:4 that is 4 metadata bits per group, for 1:4 two. w is the value width (<see cref="ValueWidths"/>): b, or
/// b + 1 when some slot is padding (groups * N &gt; nnz) and the known nonzero values fill all 2^b codes.</item>
/// <item>A mask with more than N nonzeros in some group cannot be stored (no cost, so the format drops out of
/// that report's totals and of the best-format choice).</item>
/// <item>Not used: the information-theoretic minimum of ceil(log2 C(M, N)) metadata bits per group (3 for 2:4,
/// 2 for 1:4), which needs a decoding table that hardware does not use.</item>
/// </list>
/// A new ratio is one more two-line class below.
/// </summary>
internal abstract class NmFormat(int n, int m) : IStorageFormat
{
    public int N { get; } = n is >= 1 && n < m ? n : throw new ArgumentOutOfRangeException(nameof(n), $"N:M needs 1 <= N < M, got {n}:{m}");
    public int M { get; } = m;

    public string Name => $"{N}:{M}";
    public FormatKind Kind => FormatKind.Sparse;
    public FormatSelection Selection => FormatSelection.OnRequest;

    /// <summary>ceil(log2 M): the bits that name one position in a group.</summary>
    public int PositionBits => GapHistogram.BitLength(M - 1);

    public FormatCost? Cost(CostLayer layer, int bits)
    {
        var widths = ValueWidths.Of(layer, bits);
        var mask = layer.Mask;
        int groupsPerRow = (mask.Columns + M - 1) / M;
        var count = new int[(long)mask.Rows * groupsPerRow];
        foreach (var p in mask.Nonzero)
        {
            int r = p / mask.Columns, c = p - r * mask.Columns;
            if (++count[(long)r * groupsPerRow + c / M] > N) return null;
        }
        long groups = count.LongLength, slots = groups * N;
        bool padding = slots > mask.Nnz;
        int w = widths.For(padding);
        long values = slots * w, meta = slots * PositionBits;
        return new NmFormatCost { Groups = groups, ValueBits = values, MetadataBits = meta, TotalBits = values + meta, ValueWidth = w, StoresZeros = padding };
    }
}

internal sealed class TwoFourFormat() : NmFormat(2, 4) { }

internal sealed class OneFourFormat() : NmFormat(1, 4) { }
