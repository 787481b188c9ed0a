using Kit.Training;

namespace Kit.Transfer;

public sealed record TransferSourceResult
{
    public string Dataset { get; init; } = "";
    public int[]? Classes { get; init; }
    public string Scheme { get; init; } = "";
    public double DenseAccuracy { get; init; }
    public double Accuracy { get; init; }
    public double Rate { get; init; }
    public int Bits { get; init; }
    public string Folder { get; init; } = "";
}

public sealed record TransferModeResult
{
    public TransferMode Mode { get; init; }
    public bool HeadReplaced { get; init; }
    /// <summary>Target test accuracy of the adapted model before any training on the target.</summary>
    public double AccuracyBeforeFineTune { get; init; }
    /// <summary>Float accuracy after fine-tuning, before the weights are snapped back to the source's levels (frozen mode of a quantized source).</summary>
    public double? AccuracyBeforeRequantize { get; init; }
    public double TargetAccuracy { get; init; }
    public double TargetValidationAccuracy { get; init; }
    public double Rate { get; init; }
    public int Bits { get; init; }
    public int FineTuneEpochs { get; init; }
    public string ModelFile { get; init; } = "";
    public double Seconds { get; init; }
}

/// <summary>result.json of `kit transfer`: spec, kit version and machine, the source run and one entry per mode.</summary>
public sealed record TransferResult
{
    public string KitVersion { get; init; } = KitInfo.Version;
    public MachineInfo? Machine { get; init; }
    public string Name { get; init; } = "";
    public bool Quick { get; init; }
    public TransferSpec Spec { get; init; } = new();
    public TransferSourceResult Source { get; init; } = new();
    public string TargetDataset { get; init; } = "";
    public int[]? TargetClasses { get; init; }
    public int TargetTrainImages { get; init; }
    public int TargetValidationImages { get; init; }
    public int TargetTestImages { get; init; }
    public bool LabelSetsDiffer { get; init; }
    public List<TransferModeResult> Modes { get; init; } = [];
    public double Seconds { get; init; }
    public int Threads { get; init; }
    /// <summary>Transfer experiments run on the CPU.</summary>
    public string Device { get; init; } = "cpu";
}
