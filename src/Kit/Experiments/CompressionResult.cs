using Kit.Pruning;

namespace Kit.Experiments;

/// <summary>A layer of the compressed model in result.json.</summary>
public sealed record LayerResult
{
    public string Name { get; init; } = "";
    /// <summary>GEMM view: rows x columns.</summary>
    public int[] Shape { get; init; } = [];
    public long[] TensorShape { get; init; } = [];
    public long Weights { get; init; }
    public long Nonzero { get; init; }
    public double Density { get; init; }
    public double Rate { get; init; }
    public int KeptRows { get; init; }
    public int KeptColumns { get; init; }
    public int KeptChannels { get; init; }
    /// <summary>Weight bits (32 = float, not quantized).</summary>
    public int Bits { get; init; } = 32;
    /// <summary>Distinct nonzero values.</summary>
    public int Levels { get; init; }
    public double[]? LevelValues { get; init; }
    /// <summary>The pruning set of the last step, in kept units.</summary>
    public PruningSetSpec? PruningSet { get; init; }

    public static LayerResult From(LayerStats s, int bits, PruningSetSpec? set) => new()
    {
        Name = s.Name, Shape = s.Shape, TensorShape = s.TensorShape, Weights = s.Weights, Nonzero = s.Nonzero,
        Density = s.Density, Rate = s.Nonzero == 0 ? double.PositiveInfinity : (double)s.Weights / s.Nonzero,
        KeptRows = s.KeptRows, KeptColumns = s.KeptColumns, KeptChannels = s.KeptChannels, Bits = bits,
        Levels = s.Levels, LevelValues = s.LevelValues, PruningSet = set,
    };
}

/// <summary>One phase of the pipeline (a prune step or a quantization stage).</summary>
public sealed record StageResult
{
    public string Phase { get; init; } = "";
    public double? TargetRate { get; init; }
    public double Rate { get; init; }
    public int AdmmEpochs { get; init; }
    public int RetrainEpochs { get; init; }
    /// <summary>Test accuracy right after the hard projection (before retraining).</summary>
    public double AccuracyAfterMapping { get; init; }
    public double ValidationAfterMapping { get; init; }
    /// <summary>Test accuracy after retraining (checkpoint chosen on validation).</summary>
    public double AccuracyAfterRetrain { get; init; }
    public double ValidationAfterRetrain { get; init; }
    public double Seconds { get; init; }
    /// <summary>Prune steps: the per-layer budget this step's hard mapping kept (the allocation as it ran).</summary>
    public List<LayerBudget>? Budget { get; init; }
    /// <summary>Prune steps with a budget search: the exponent chosen on validation and every candidate's score.</summary>
    public BudgetChoice? BudgetSearch { get; init; }
}

/// <summary>One layer's share of a prune step's budget: the set it was projected onto and the weights it kept.</summary>
public sealed record LayerBudget(string Layer, string Set, long Kept, long Weights)
{
    public double KeptFraction => Weights == 0 ? 0 : (double)Kept / Weights;
}

/// <summary>
/// A shared prefix of the run (see <see cref="StageCache"/>): its stage (dense, prune N/M), its stage cache key, and whether
/// this run restored it (<see cref="Reused"/>: it trained none of its epochs) or trained it and published it.
/// </summary>
public sealed record SharedStage(string Stage, string Key, bool Reused, int Epochs);

public sealed record TimingResult
{
    /// <summary>Mean seconds of a plain (dense) training epoch of this run.</summary>
    public double DenseEpochSeconds { get; init; }
    /// <summary>Mean seconds of an ADMM W-step epoch (training only, no evaluation).</summary>
    public double AdmmEpochSeconds { get; init; }
    public double RetrainEpochSeconds { get; init; }
    public double AdmmOverPlain { get; init; }
}

/// <summary>What `kit compress` writes to result.json.</summary>
public sealed record CompressionResult
{
    public string KitVersion { get; init; } = KitInfo.Version;
    public MachineInfo? Machine { get; init; }
    public string Name { get; init; } = "";
    public bool Quick { get; init; }
    public CompressionSpec Spec { get; init; } = new();
    public int TrainImages { get; init; }
    public int ValidationImages { get; init; }
    public int TestImages { get; init; }
    /// <summary>"trained" or the checkpoint file the dense model came from.</summary>
    public string DenseSource { get; init; } = "trained";
    /// <summary>SHA-256 of the starting checkpoint's weights file when the run started from one.</summary>
    public string? DenseSha256 { get; init; }
    public double DenseAccuracy { get; init; }
    public double DenseValidationAccuracy { get; init; }
    /// <summary>Test accuracy right after the last prune step's hard mapping.</summary>
    public double AccuracyAfterMapping { get; init; }
    /// <summary>Test accuracy of the pruned, retrained, not yet quantized model.</summary>
    public double AccuracyAfterRetrain { get; init; }
    /// <summary>Final test accuracy (pruned and quantized).</summary>
    public double Accuracy { get; init; }
    public double ValidationAccuracy { get; init; }
    public double AccuracyDrop { get; init; }
    public double? TargetRate { get; init; }
    /// <summary>Total prunable weights / nonzero prunable weights (biases excluded).</summary>
    public double OverallRate { get; init; }
    public long Weights { get; init; }
    public long Nonzero { get; init; }
    /// <summary>Default weight bits of the run (32 = not quantized); per-layer bits are in layers[].</summary>
    public int Bits { get; init; } = 32;
    public string LevelConvention { get; init; } = "";
    public List<LayerResult> Layers { get; init; } = [];
    public List<StageResult> Stages { get; init; } = [];
    public TimingResult Timing { get; init; } = new();
    /// <summary>The run's stages in the stage cache, when it ran with one (null otherwise): provenance of every reused prefix.</summary>
    public List<SharedStage>? SharedStages { get; init; }
    public double Seconds { get; init; }
    public double CpuSeconds { get; init; }
    public int Threads { get; init; }
    /// <summary>"cpu" or "cuda": where it ran (the spec's `device` resolved).</summary>
    public string Device { get; init; } = "cpu";
    /// <summary>The experiment's identity (<see cref="SpecIdentity"/>): `kit merge` finds duplicates and missing runs by it.</summary>
    public string SpecSha256 { get; init; } = "";
    public string ModelFile { get; init; } = "model.pt";
    public string AdmmLogFile { get; init; } = "admm_log.json";
}
