namespace Kit.Costs;

/// <summary>
/// Dense storage: every weight of the R x C GEMM matrix at b bits, zeros included.
/// bits = R * C * b. This is the numerator of every p_eq.
/// </summary>
internal sealed class DenseFormat : IStorageFormat
{
    public string Name => "dense";
    public FormatKind Kind => FormatKind.Dense;
    public FormatSelection Selection => FormatSelection.Always;
    public FormatCost? Cost(CostLayer layer, int bits) => new BitsCost { TotalBits = Bits(layer.Mask, bits) };

    public static long Bits(long rows, long columns, int bits)
    {
        IndexWidthSearch.CheckBits(bits);
        return rows * columns * bits;
    }

    public static long Bits(LayerMask mask, int bits) => Bits(mask.Rows, mask.Columns, bits);
}
