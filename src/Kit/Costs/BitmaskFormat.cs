namespace Kit.Costs;

/// <summary>
/// Bitmask storage: one presence bit per weight of the R x C matrix, then the nonzero values in
/// row-major order at b bits each. bits = R * C * 1 + nnz * b. No index width to choose. Only nonzeros are stored,
/// so it never needs a zero code and never widens (value_width = b).
/// </summary>
internal sealed class BitmaskFormat : IStorageFormat
{
    public string Name => "bitmask";
    public FormatKind Kind => FormatKind.Sparse;
    public FormatSelection Selection => FormatSelection.Always;
    public FormatCost? Cost(CostLayer layer, int bits) => new BitsCost { TotalBits = Bits(layer.Mask, bits), ValueWidth = bits, StoresZeros = false };

    public static long Bits(LayerMask mask, int bits)
    {
        IndexWidthSearch.CheckBits(bits);
        return mask.Weights + (long)mask.Nnz * bits;
    }
}
