using Kit.Data;

namespace Kit.Training;

/// <summary>A complete, serializable description of a training run (written into metrics.json).</summary>
public sealed record TrainSpec
{
    public string Model { get; init; } = "lenet5";
    public DataOptions Data { get; init; } = new();
    public TrainConfig Train { get; init; } = new();
    public long Seed { get; init; } = 1;
    public int Threads { get; init; } = 0;
    /// <summary>auto (CUDA when available, else CPU), cpu or cuda.</summary>
    /// <remarks>Not written when auto, so specs and cache keys from before the field existed stay the same.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public DeviceChoice Device { get; init; } = DeviceChoice.Auto;

    /// <summary>Quick mode: a data subset and few epochs, for the README's main command, tests and CI.</summary>
    public TrainSpec AsQuick() => this with
    {
        Data = Data with { TrainLimit = Data.TrainLimit ?? 20000, ValidationLimit = Data.ValidationLimit ?? 2000 },
        Train = Train with { Epochs = Math.Min(Train.Epochs, 3) },
    };
}
