using System.Text.Json.Serialization;

namespace Kit.Training;

/// <summary>
/// A learning-rate schedule is an object asked once per optimizer step (TF-MOT style), given the
/// fractional epoch inside the current run or ADMM period. Each serializes to its spec.
/// </summary>
public interface ILrSchedule
{
    double Rate(double baseLr, double epochProgress, int totalEpochs);
}

internal sealed class ConstantSchedule : ILrSchedule
{
    public double Rate(double baseLr, double epochProgress, int totalEpochs) => baseLr;
}

/// <summary>lr * gamma^floor(epoch / stepEpochs).</summary>
internal sealed class StepSchedule(int stepEpochs, double gamma) : ILrSchedule
{
    public double Rate(double baseLr, double epochProgress, int totalEpochs) =>
        baseLr * Math.Pow(gamma, Math.Floor(epochProgress / stepEpochs));
}

/// <summary>Cosine from lr down to lr * minFraction over the run, after an optional linear warm-up.</summary>
internal sealed class CosineSchedule(double minFraction, double warmupEpochs) : ILrSchedule
{
    public double Rate(double baseLr, double epochProgress, int totalEpochs)
    {
        if (warmupEpochs > 0 && epochProgress < warmupEpochs) return baseLr * (epochProgress + 1e-3) / warmupEpochs;
        double t = Math.Clamp((epochProgress - warmupEpochs) / Math.Max(1e-9, totalEpochs - warmupEpochs), 0, 1);
        return baseLr * (minFraction + (1 - minFraction) * 0.5 * (1 + Math.Cos(Math.PI * t)));
    }
}

[JsonConverter(typeof(JsonStringEnumConverter<ScheduleType>))]
public enum ScheduleType { Constant, Step, Cosine }

/// <summary>The serializable form of a schedule.</summary>
public sealed record LrScheduleSpec
{
    public ScheduleType Type { get; init; } = ScheduleType.Cosine;
    public int StepEpochs { get; init; } = 5;
    public double Gamma { get; init; } = 0.1;
    public double MinFraction { get; init; } = 0.0;
    public double WarmupEpochs { get; init; } = 0.0;

    public ILrSchedule Build(string where = "schedule") => Type switch
    {
        ScheduleType.Constant => new ConstantSchedule(),
        ScheduleType.Step => StepEpochs >= 1 && Gamma > 0 && double.IsFinite(Gamma) ? new StepSchedule(StepEpochs, Gamma)
            : throw new KitException($"{where}.step_epochs must be >= 1 and {where}.gamma > 0 (got {StepEpochs}, {Gamma})"),
        ScheduleType.Cosine => MinFraction is >= 0 and <= 1 && WarmupEpochs >= 0 && double.IsFinite(WarmupEpochs) ? new CosineSchedule(MinFraction, WarmupEpochs)
            : throw new KitException($"{where}.min_fraction must be in [0,1] and {where}.warmup_epochs >= 0 (got {MinFraction}, {WarmupEpochs})"),
        _ => throw new KitException($"unknown schedule type {Type}"),
    };
}
