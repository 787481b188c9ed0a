using Kit.Training;

namespace Kit.Experiments;

/// <summary>How a <see cref="CompressionPipeline"/> run is started and observed.</summary>
public sealed record CompressionOptions
{
    public bool Quick { get; init; }
    /// <summary>Start from this dense checkpoint instead of training one (architecture and dataset must match).</summary>
    public string? DenseCheckpoint { get; init; }
    public IProgress<TrainProgress>? Progress { get; init; }
    public Action<EpochRecord>? OnEpoch { get; init; }
    public Action<string>? Log { get; init; }
    /// <summary>How to treat a checkpoint already in the output folder (see <see cref="RunJournal"/>).</summary>
    public ResumeMode Resume { get; init; } = ResumeMode.Fresh;
    /// <summary>A journal opened by an enclosing run (e.g. a transfer experiment) that this run's epochs join; this run then neither opens nor completes one.</summary>
    public RunJournal? Journal { get; init; }
}
