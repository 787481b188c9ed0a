namespace Kit.Costs;

/// <summary>MACs of one layer per image and, given a profile, its estimated times (ns) and break-even rates.
/// JSON: name, output_positions, dense_macs, structured_macs, nonstructured_macs, and with a profile
/// dense_ns, structured_ns, nonstructured_ns, break_even_rate_vs_dense, break_even_rate_vs_structured
/// (null = never breaks even).</summary>
public sealed record LayerCompute
{
    public string Name { get; init; } = "";
    public long OutputPositions { get; init; }
    public long DenseMacs { get; init; }
    public long StructuredMacs { get; init; }
    public long NonstructuredMacs { get; init; }
    public int? IndexBits { get; init; }
    public double? DenseNs { get; init; }
    public double? StructuredNs { get; init; }
    public double? NonstructuredNs { get; init; }
    public double? BreakEvenRateVsDense { get; init; }
    public double? BreakEvenRateVsStructured { get; init; }
}

/// <summary>
/// The compute model (method notes section 5), per layer and per image:
/// <list type="bullet">
/// <item>dense MACs = R * C * P, structured MACs = kept_rows * kept_columns * P, non-structured MACs = nnz * P,
/// with P the output positions (H*W of a conv output, 1 for FC).</item>
/// <item>T_dense = dense MACs * t_mac(b); T_structured = structured MACs * t_mac(b) (dense GEMM on the shrunk shape).</item>
/// <item>T_sparse = nnz MACs * (t_mac(b) + t_idx(k) + t_gather) * lambda + t_fixed.</item>
/// <item>Break-even vs dense: with M = dense MACs and c = (t_mac + t_idx + t_gather) * lambda, T_sparse = T_dense at
/// p_n = c / (t_mac - t_fixed / M); none (null) when the denominator is &lt;= 0.</item>
/// <item>Break-even vs a structured model of rate p_s: p_n = c / (t_mac / p_s - t_fixed / M).</item>
/// </list>
/// </summary>
internal static class ComputeModel
{
    public static double DenseNs(long macs, HardwareProfile p, int bits) => macs * p.TMac(bits);

    public static double SparseNs(long nonzeroMacs, HardwareProfile p, int bits, int k) =>
        nonzeroMacs * (p.TMac(bits) + p.TIdx(k) + p.TGatherNs) * p.Lambda + p.TFixedNs;

    /// <summary>The non-structured rate at which sparse time equals the time of a dense layer of rate
    /// <paramref name="structuredRate"/> (1 = the unpruned dense layer); null if it never does.</summary>
    public static double? BreakEvenRate(long denseMacs, HardwareProfile p, int bits, int k, double structuredRate = 1)
    {
        if (structuredRate < 1) throw new KitException($"structured rate must be >= 1, got {structuredRate}");
        double c = (p.TMac(bits) + p.TIdx(k) + p.TGatherNs) * p.Lambda;
        double denom = p.TMac(bits) / structuredRate - p.TFixedNs / denseMacs;
        if (denom <= 0) return null;
        return Math.Max(1, c / denom);
    }

    public static LayerCompute Layer(CostLayer layer, StructuredLayerCost? structured, int? indexBits, HardwareProfile? profile, int bits)
    {
        var m = layer.Mask;
        long p = layer.OutputPositions;
        long dense = m.Weights * p;
        long str = structured is null ? dense : (long)structured.KeptRows * structured.KeptColumns * p;
        long nz = (long)m.Nnz * p;
        var r = new LayerCompute { Name = m.Name, OutputPositions = p, DenseMacs = dense, StructuredMacs = str, NonstructuredMacs = nz, IndexBits = indexBits };
        if (profile is null) return r;
        int k = indexBits ?? 8;
        double ps = str == 0 ? double.PositiveInfinity : (double)dense / str;
        return r with
        {
            DenseNs = DenseNs(dense, profile, bits),
            StructuredNs = DenseNs(str, profile, bits),
            NonstructuredNs = nz == 0 ? 0 : SparseNs(nz, profile, bits, k),
            BreakEvenRateVsDense = BreakEvenRate(dense, profile, bits, k),
            BreakEvenRateVsStructured = double.IsFinite(ps) ? BreakEvenRate(dense, profile, bits, k, ps) : null,
        };
    }
}
