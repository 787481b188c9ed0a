using Kit.Training;

namespace Kit.Experiments;

/// <summary>How a <see cref="CompressionPipeline"/> run is started and observed.</summary>
public sealed record CompressionOptions
{
    public bool Quick { get; init; }
    /// <summary>Start from this dense checkpoint instead of training one (architecture and dataset must match).</summary>
    public string? DenseCheckpoint { get; init; }
    /// <summary>
    /// Stage cache folder (<see cref="Experiments.StageCache"/>): the dense model and each prune step are taken from it when another
    /// run published them and published when trained here. Null (`kit compress`): everything is trained here. Not used with
    /// <see cref="DenseCheckpoint"/> or <see cref="Journal"/>.
    /// </summary>
    public string? StageCache { get; init; }
    public IProgress<TrainProgress>? Progress { get; init; }
    public Action<EpochRecord>? OnEpoch { get; init; }
    public Action<string>? Log { get; init; }
    /// <summary>How to treat a checkpoint already in the output folder (see <see cref="RunJournal"/>).</summary>
    public ResumeMode Resume { get; init; } = ResumeMode.Fresh;
    /// <summary>A journal opened by an enclosing run (e.g. a transfer experiment) that this run's epochs join; this run then neither opens nor completes one.</summary>
    public RunJournal? Journal { get; init; }
}
