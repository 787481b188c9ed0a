namespace Kit.Study;

/// <summary>How a model's prunable layers are run on the CPU, decided by its pruning scheme (<see cref="ModelCpuBench.KernelFor"/>).</summary>
public enum CpuKernel
{
    /// <summary>The unpruned model: torch GEMM on every layer's full shape.</summary>
    DenseFull,
    /// <summary>A structured model (filter, channel, column, filter_column): torch GEMM on the physically shrunk shapes.</summary>
    DenseShrunk,
    /// <summary>A non-structured model (irregular, and N:M, for which the kit has no kernel of its own): the kit's SIMD CSR kernel on the real mask.</summary>
    Csr,
}

/// <summary>One layer's GEMM as timed: the shape multiplied (shrunk for a structured model), its nonzeros and its median time.</summary>
public sealed record CpuLayerTiming
{
    public string Name { get; init; } = "";
    /// <summary>Rows and columns of the weight matrix the kernel multiplies (kept rows x kept columns for a structured model).</summary>
    public int Rows { get; init; }
    public int Columns { get; init; }
    /// <summary>Weights the kernel reads: the mask's nonzeros for CSR, rows x columns for a dense GEMM.</summary>
    public long Weights { get; init; }
    /// <summary>Output positions per image (H*W of a conv output, 1 for FC): the GEMM's right-hand side has positions x batch columns.</summary>
    public long Positions { get; init; }
    public double MedianUs { get; init; }
}

/// <summary>One batch size: the median over repeats of the time of one forward through every prunable layer's GEMM (whole batch).</summary>
public sealed record CpuBatchTiming
{
    public int Batch { get; init; }
    public double MedianUs { get; init; }
    /// <summary>Quartiles of the same repeats: a wide range flags a noisy measurement.</summary>
    public double P25Us { get; init; }
    public double P75Us { get; init; }
    /// <summary>With `--rounds R` > 1, each round's median: the rounds are minutes apart (every run is timed once per round),
    /// so their range shows the drift of this CPU's speed over time, which the quartiles of one round cannot. Empty with one round.</summary>
    public List<double> RoundsUs { get; init; } = [];
    public List<CpuLayerTiming> Layers { get; init; } = [];
}

/// <summary>
/// `cpu.json` in a published study run's folder, written by `kit study bench`: the run's model timed on this CPU.
/// Times are microseconds per forward of the prunable layers' GEMMs for the whole batch (not per image): im2col,
/// bias, activation and pooling are not timed.
/// </summary>
public sealed record CpuReport
{
    public string Run { get; init; } = "";
    public string Scheme { get; init; } = "";
    public CpuKernel Kernel { get; init; }
    public string KernelNote { get; init; } = "";
    /// <summary>The model file timed (as found, relative to the working directory) and its SHA-256.</summary>
    public string Model { get; init; } = "";
    public string ModelSha256 { get; init; } = "";
    public long Nonzero { get; init; }
    public int Threads { get; init; }
    public int Repeats { get; init; }
    public int Warmup { get; init; }
    /// <summary>Rounds of timing (1 in files written before rounds existed); the medians above are medians over rounds.</summary>
    public int Rounds { get; init; } = 1;
    public string Unit { get; init; } = ModelCpuBench.Unit;
    public List<CpuBatchTiming> Batches { get; init; } = [];
    /// <summary>/proc/loadavg before and after: other load on the machine inflates the times.</summary>
    public string? LoadBefore { get; init; }
    public string? LoadAfter { get; init; }
    public string OmpWaitPolicy { get; init; } = "";
    public MachineInfo? Machine { get; init; }
    public string KitVersion { get; init; } = KitInfo.Version;
    public string MeasuredUtc { get; init; } = "";

    /// <summary>The median at one batch size, null when that batch was not timed.</summary>
    public double? MedianUs(int batch) => Batches.FirstOrDefault(b => b.Batch == batch)?.MedianUs;

    /// <summary>The fastest and slowest round's median at one batch size; null with fewer than two rounds.</summary>
    public (double Low, double High)? RoundRange(int batch) =>
        Batches.FirstOrDefault(b => b.Batch == batch)?.RoundsUs is { Count: >= 2 } r ? (r.Min(), r.Max()) : null;
}
