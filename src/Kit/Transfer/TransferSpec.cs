using System.Text.Json.Serialization;
using Kit.Data;
using Kit.Experiments;
using Kit.Training;

namespace Kit.Transfer;

[JsonConverter(typeof(JsonStringEnumConverter<TransferMode>))]
public enum TransferMode
{
    /// <summary>(a) The source's pruning masks are kept; only surviving weights are fine-tuned on the target.</summary>
    [JsonStringEnumMemberName("frozen")] Frozen,
    /// <summary>(b) The source's compressed model is re-pruned by ADMM on the target (same scheme, rate, bits).</summary>
    [JsonStringEnumMemberName("readmm")] Readmm,
    /// <summary>(c) Reference: the source's dense model fine-tuned on the target without constraints.</summary>
    [JsonStringEnumMemberName("dense")] Dense,
}

/// <summary>
/// A transfer experiment (RQ5 extension, method notes section 6): the source is an ordinary compression
/// spec (run by the compression pipeline), the target is a data selection. The classifier head is
/// re-initialized whenever the label sets differ (another dataset or another class list), since a
/// digit "3" and a "dress" sharing an output unit is an accident of numbering, not knowledge to transfer.
/// </summary>
public sealed record TransferSpec
{
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public CompressionSpec Source { get; init; } = new();
    public DataOptions Target { get; init; } = new();
    /// <summary>Fine-tuning on the target for the frozen and dense modes (the readmm mode uses the source's ADMM and retrain schedules).</summary>
    public TrainConfig FineTune { get; init; } = new() { Lr = 0.01, Epochs = 4, WeightDecay = 1e-4 };
    public List<TransferMode> Modes { get; init; } = [TransferMode.Frozen, TransferMode.Readmm, TransferMode.Dense];

    public bool LabelSetsDiffer => !string.Equals(Source.Data.Dataset, Target.Dataset, StringComparison.OrdinalIgnoreCase)
        || !(Source.Data.Classes ?? []).SequenceEqual(Target.Classes ?? []);

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new KitException("name must be a non-empty string");
        try { Source.Validate(); }
        catch (KitException e) { throw new KitException($"source.{e.Message}"); }
        if (Source.Device == DeviceChoice.Cuda)
            throw new KitException("source.device: transfer experiments run on the CPU only (their adapted models are not moved to a GPU); use \"auto\" or \"cpu\"");
        if (Source.Prune is null) throw new KitException("source.prune is missing: transfer compares pruning structures");
        if (!DatasetRegistry.Names.Contains(Target.Dataset, StringComparer.OrdinalIgnoreCase))
            throw new KitException($"target.dataset: unknown dataset '{Target.Dataset}' (known: {string.Join(", ", DatasetRegistry.Names)})");
        if (Target.ValidationSize < 1) throw new KitException($"target.validation_size must be >= 1 (fine-tuning keeps the best validation epoch), got {Target.ValidationSize}");
        var src = DatasetRegistry.Info(Source.Data.Dataset, Source.Data.Classes);
        var dst = DatasetRegistry.Info(Target.Dataset, Target.Classes);
        if (src.Channels != dst.Channels || src.Height != dst.Height || src.Width != dst.Width)
            throw new KitException($"target.dataset: {dst.Name} images are {dst.Channels}x{dst.Height}x{dst.Width}, the source's are {src.Channels}x{src.Height}x{src.Width}");
        FineTune.Validate("fine_tune");
        if (Modes.Count == 0 || Modes.Distinct().Count() != Modes.Count) throw new KitException("modes must list distinct modes (frozen, readmm, dense)");
    }

    public TransferSpec WithDataDir(string dir) => this with
    {
        Source = Source with { Data = Source.Data with { DataDir = dir } },
        Target = Target with { DataDir = dir },
    };

    /// <summary>Quick mode: the source's quick mode, target subsets of the same size, at most 1 fine-tuning epoch.</summary>
    public TransferSpec AsQuick() => this with
    {
        Source = Source.AsQuick(),
        Target = Target with
        {
            TrainLimit = Math.Min(Target.TrainLimit ?? int.MaxValue, 2000),
            ValidationLimit = Math.Min(Target.ValidationLimit ?? int.MaxValue, 500),
            TestLimit = Math.Min(Target.TestLimit ?? int.MaxValue, 2000),
        },
        FineTune = FineTune with { Epochs = Math.Min(FineTune.Epochs, 1) },
    };

    /// <summary>The compression spec the readmm mode runs on the target, from the adapted source model.</summary>
    public CompressionSpec TargetCompression() => Source with
    {
        Name = Name + "-readmm",
        Description = $"re-pruning on {Target.Dataset} of {Source.Name}",
        Data = Target,
    };
}
