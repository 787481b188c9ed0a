namespace Kit.Costs;

/// <summary>
/// Bitmask storage: one presence bit per weight of the R x C matrix, then the nonzero values in
/// row-major order at b bits each. bits = R * C * 1 + nnz * b. No index width to choose.
/// </summary>
public static class BitmaskFormat
{
    public static long Bits(LayerMask mask, int bits)
    {
        IndexWidthSearch.CheckBits(bits);
        return mask.Weights + (long)mask.Nnz * bits;
    }
}
