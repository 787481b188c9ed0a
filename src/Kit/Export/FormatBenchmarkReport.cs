namespace Kit.Export;

/// <summary>
/// `kit export table` (results/export/formats.json): a few saved models, each exported in every format and as a
/// float32 `.pt`, with each file's bytes against the cost model's bits and its load and evaluation times. The README
/// block is rendered from this record (<see cref="FormatBenchmarkTable"/>), never typed.
/// </summary>
public sealed record FormatBenchmarkReport
{
    public string KitVersion { get; init; } = "";
    /// <summary>UTC date of the measurement, yyyy-MM-dd.</summary>
    public string Date { get; init; } = "";
    public MachineInfo? Machine { get; init; }
    public int Threads { get; init; }
    /// <summary>Timed load-and-evaluate passes per file; the rows give the median.</summary>
    public int Repeats { get; init; }
    /// <summary>`--limit` when the test split was cut (null: the full split).</summary>
    public int? Limit { get; init; }
    /// <summary>/proc/loadavg as written, before the first and after the last timing: the machine may be shared.</summary>
    public string? LoadAverageBefore { get; init; }
    public string? LoadAverageAfter { get; init; }
    public IReadOnlyList<FormatBenchmarkModel> Models { get; init; } = [];
}

/// <summary>One measured model: where it came from and one row per file written from it.</summary>
public sealed record FormatBenchmarkModel
{
    /// <summary>The run folder as given on the command line (forward slashes).</summary>
    public string Run { get; init; } = "";
    public string Architecture { get; init; } = "";
    public string Dataset { get; init; } = "";
    /// <summary>The run's quantization: 32 = float weights (exported as raw float32), else its b.</summary>
    public int RunBits { get; init; }
    /// <summary>The test accuracy the run recorded when it was published (null when it recorded none).</summary>
    public double? RecordedAccuracy { get; init; }
    public int TestImages { get; init; }
    /// <summary>The model saved as a TorchSharp float32 state dict (weights file only, sidecar not counted).</summary>
    public long PtBytes { get; init; }
    /// <summary>The `.pt` first, then one row per format.</summary>
    public IReadOnlyList<FormatBenchmarkRow> Rows { get; init; } = [];
}

/// <summary>
/// One file: a format (or ".pt") with its size and cost-model bits, or the reason the format cannot hold the model.
/// Exact = the loaded file's every state-dict tensor is bit-identical to the source model's.
/// </summary>
public sealed record FormatBenchmarkRow
{
    public const string Pt = ".pt";

    public string Format { get; init; } = "";
    public int? Bits { get; init; }
    public long? FileBytes { get; init; }
    /// <summary>What `kit cost model --bits B --format F` counts (null for the .pt and for formats that cannot hold the model).</summary>
    public long? CostModelBits { get; init; }
    /// <summary>File bits minus cost-model bits: header, level tables, padding, float32 biases, trailer (docs/model-files.md).</summary>
    public long? OverheadBits { get; init; }
    public bool Exact { get; init; }
    public string? Problem { get; init; }
    public double? Accuracy { get; init; }
    public IReadOnlyList<double> LoadMs { get; init; } = [];
    public IReadOnlyList<double> EvalMs { get; init; } = [];
    public double? LoadMsMedian { get; init; }
    public double? EvalMsMedian { get; init; }
}
