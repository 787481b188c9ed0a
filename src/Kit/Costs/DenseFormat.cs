namespace Kit.Costs;

/// <summary>
/// Dense storage: every weight of the R x C GEMM matrix, zeros included. bits = R * C * w, with w the layer's value
/// width (<see cref="ValueWidths"/>): b, or b + 1 when the layer has a pruned weight (a stored zero) and its nonzero
/// values fill all 2^b codes.
/// The p_eq numerator is not this format's cost but <see cref="Bits(LayerMask, int)"/> at the nominal b, R * C * b:
/// the unpruned dense (or the fully dense structured) model, which stores no zero and so needs no zero code.
/// </summary>
internal sealed class DenseFormat : IStorageFormat
{
    public string Name => "dense";
    public FormatKind Kind => FormatKind.Dense;
    public FormatSelection Selection => FormatSelection.Always;
    public FormatCost? Cost(CostLayer layer, int bits) => Of(layer.Mask, ValueWidths.Of(layer, bits));

    public static BitsCost Of(LayerMask mask, ValueWidths widths)
    {
        bool zeros = mask.Nnz < mask.Weights;
        int w = widths.For(zeros);
        return new BitsCost { TotalBits = Bits(mask.Rows, mask.Columns, w), ValueWidth = w, StoresZeros = zeros };
    }

    public static long Bits(long rows, long columns, int bits)
    {
        IndexWidthSearch.CheckBits(bits);
        return rows * columns * bits;
    }

    /// <summary>R * C * b at the nominal b: the p_eq numerator.</summary>
    public static long Bits(LayerMask mask, int bits) => Bits(mask.Rows, mask.Columns, bits);
}
