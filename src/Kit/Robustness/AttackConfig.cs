using System.Text.Json.Serialization;
using Kit.Models;
using static TorchSharp.torch;

namespace Kit.Robustness;

[JsonConverter(typeof(JsonStringEnumConverter<AttackKind>))]
public enum AttackKind
{
    [JsonStringEnumMemberName("fgsm")] Fgsm,
    [JsonStringEnumMemberName("pgd")] Pgd,
}

/// <summary>
/// An L-infinity attack on [0,1] pixels (normalization is inside the model, so eps is in pixel units).
/// Defaults are the MNIST setting of the method notes (Madry et al. / Ye et al.): eps 0.3, step 0.01,
/// 40 steps, random start.
/// </summary>
public sealed record AttackConfig
{
    public AttackKind Kind { get; init; } = AttackKind.Pgd;
    public double Eps { get; init; } = 0.3;
    public int Steps { get; init; } = 40;
    public double StepSize { get; init; } = 0.01;
    public bool RandomStart { get; init; } = true;
    /// <summary>Seeds the random start, so a robust accuracy is reproducible.</summary>
    public long Seed { get; init; } = 1;

    public static AttackKind ParseKind(string name) => name.Trim().ToLowerInvariant() switch
    {
        "fgsm" => AttackKind.Fgsm,
        "pgd" => AttackKind.Pgd,
        _ => throw new KitException($"unknown attack '{name}' (known: fgsm, pgd)"),
    };

    public void Validate(string where = "attack")
    {
        if (!(Eps >= 0) || double.IsInfinity(Eps)) throw new KitException($"{where}.eps must be >= 0 (pixel units on [0,1]), got {Eps}");
        if (Eps > 1) throw new KitException($"{where}.eps must be <= 1 (pixels are in [0,1]), got {Eps}");
        if (Kind == AttackKind.Pgd)
        {
            if (Steps < 1 || Steps > 10000) throw new KitException($"{where}.steps must be in 1..10000, got {Steps}");
            if (!(StepSize > 0) || double.IsInfinity(StepSize)) throw new KitException($"{where}.step_size must be > 0, got {StepSize}");
        }
    }

    /// <summary>Adversarial versions of <paramref name="x"/> (the caller chooses the model's train/eval mode).</summary>
    public Tensor Apply(KitModel model, Tensor x, Tensor y, Generator? generator = null) => Kind switch
    {
        AttackKind.Fgsm => Fgsm.Perturb(model, x, y, Eps),
        _ => Pgd.Perturb(model, x, y, Eps, Steps, StepSize, RandomStart, generator),
    };

    public string Describe() => $"{DescribeMethod()}, eps {Eps:G4}";

    /// <summary>The attack without its radius, for sweeps that vary eps.</summary>
    public string DescribeMethod() => Kind == AttackKind.Fgsm
        ? "FGSM"
        : $"PGD {Steps} steps of {StepSize:G4}{(RandomStart ? ", random start" : "")}";
}
