namespace Kit.Costs;

/// <summary>
/// The width of one stored value code of a layer at nominal b bits: <see cref="Bits"/> for an encoding that holds only
/// nonzeros, <see cref="WithZeros"/> for one that also holds zero entries (fillers, dense zeros, N:M padding slots,
/// zeros inside a structured block). Each format says which case its encoding of the layer is
/// (<see cref="FormatCost.StoresZeros"/>) and costs its values at <see cref="For"/>.
/// <list type="bullet">
/// <item>Why: the kit's b-bit quantizer gives a pruned layer 2^b nonzero levels (zero is the sparsity structure's).
/// An encoding that stores a zero entry needs a code for it, so a layer whose n distinct nonzero values fill all
/// 2^b codes needs b + 1 bits there: the smallest b' with n + 1 &lt;= 2^b'. The exporter writes exactly these
/// widths (docs/model-files.md, "Value codes").</item>
/// <item>WithZeros = b + 1 iff the nonzero values are known and n = 2^b exactly (b &lt; 32); otherwise b.</item>
/// <item>Values unknown (masks only: random-mask tables, RQ1/RQ4 analyses): the convention stays that the levels fit
/// with the zero code (at most 2^b - 1 nonzero levels), so WithZeros = b.</item>
/// <item>n &gt; 2^b (e.g. a float model costed at b = 4): the values are not a b-bit level table, so the layer is costed
/// as if quantized to b bits under the same convention (WithZeros = b); such a layer cannot be exported at b.</item>
/// <item>b = 32 stores raw float32 bit patterns, where +0.0 is code 0: a zero never costs a code.</item>
/// </list>
/// </summary>
public readonly record struct ValueWidths
{
    ValueWidths(int bits, int withZeros, int? distinct) => (Bits, WithZeros, Distinct) = (bits, withZeros, distinct);

    /// <summary>The nominal b: the width of an encoding without zero entries.</summary>
    public int Bits { get; }

    /// <summary>The width of an encoding that holds zero entries.</summary>
    public int WithZeros { get; }

    /// <summary>Distinct nonzero values of the layer (by float32 bit pattern); null when the values are unknown.</summary>
    public int? Distinct { get; }

    /// <summary>Whether the values are a level table of at most 2^b values (so an exporter can write them at b).</summary>
    public bool FitsBits => Distinct is { } n && (Bits >= 32 || n <= 1L << Bits);

    /// <summary>The width of an encoding that does (true) or does not (false) hold zero entries.</summary>
    public int For(bool storesZeros) => storesZeros ? WithZeros : Bits;

    /// <summary>Values unknown: b in both cases.</summary>
    public static ValueWidths Nominal(int bits)
    {
        IndexWidthSearch.CheckBits(bits);
        return new(bits, bits, null);
    }

    /// <summary>A layer whose nonzero values take <paramref name="distinct"/> distinct values.</summary>
    public static ValueWidths FromDistinct(int distinct, int bits)
    {
        IndexWidthSearch.CheckBits(bits);
        ArgumentOutOfRangeException.ThrowIfNegative(distinct);
        bool full = bits < 32 && distinct == 1L << bits;
        return new(bits, full ? bits + 1 : bits, distinct);
    }

    /// <summary>The widths of a layer from its nonzero values.</summary>
    public static ValueWidths Of(ReadOnlySpan<float> values, int bits)
    {
        var distinct = new HashSet<int>();
        foreach (var v in values) distinct.Add(BitConverter.SingleToInt32Bits(v));
        return FromDistinct(distinct.Count, bits);
    }

    /// <summary>The widths of a cost layer: from <see cref="CostLayer.Values"/> when known (one per nonzero), else nominal.</summary>
    public static ValueWidths Of(CostLayer layer, int bits)
    {
        if (layer.Values is not { } values) return Nominal(bits);
        if (values.Length != layer.Mask.Nnz)
            throw new KitException($"mask '{layer.Name}': {values.Length} values for {layer.Mask.Nnz} nonzeros");
        return Of(values, bits);
    }
}
