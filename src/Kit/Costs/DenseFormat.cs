namespace Kit.Costs;

/// <summary>
/// Dense storage: every weight of the R x C GEMM matrix at b bits, zeros included.
/// bits = R * C * b. This is the numerator of every p_eq.
/// </summary>
public static class DenseFormat
{
    public static long Bits(long rows, long columns, int bits)
    {
        IndexWidthSearch.CheckBits(bits);
        return rows * columns * bits;
    }

    public static long Bits(LayerMask mask, int bits) => Bits(mask.Rows, mask.Columns, bits);
}
