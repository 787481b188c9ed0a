using System.Text.Json.Serialization;
using Kit.Training;

namespace Kit.Admm;

/// <summary>
/// Schedule of one ADMM phase: `periods` Z/U updates, each after `period_epochs` epochs of the W-step.
/// The learning-rate schedule of `train` spans one period (train.epochs = period_epochs) and restarts at every period. rho starts at `rho0`, is multiplied by
/// `rho_growth` after every Z/U step and capped at `rho_max` (dynamic ADMM regularization).
/// `rescale_dual`: the scaled dual U = Y / rho is divided by the growth whenever rho grows, so the
/// unscaled dual Y is unchanged (Boyd et al. 3.4.1); the authors' code does not rescale (set false to match it).
/// </summary>
public sealed record AdmmConfig
{
    public double Rho0 { get; init; } = 1e-3;
    public double RhoGrowth { get; init; } = 1.3;
    public double RhoMax { get; init; } = 1.0;
    public int PeriodEpochs { get; init; } = 3;
    public int Periods { get; init; } = 4;
    public bool RescaleDual { get; init; } = true;
    public TrainConfig Train { get; init; } = new() { Lr = 0.01, WeightDecay = 0, Epochs = 3 };

    [JsonIgnore] public int Epochs => PeriodEpochs * Periods;

    public void Validate(string where)
    {
        if (!(Rho0 > 0) || double.IsInfinity(Rho0)) throw new KitException($"{where}.rho0 must be > 0, got {Rho0}");
        if (!(RhoGrowth >= 1) || double.IsInfinity(RhoGrowth)) throw new KitException($"{where}.rho_growth must be >= 1, got {RhoGrowth}");
        if (!(RhoMax >= Rho0) || double.IsInfinity(RhoMax)) throw new KitException($"{where}.rho_max must be >= rho0 ({Rho0}), got {RhoMax}");
        if (PeriodEpochs < 1 || PeriodEpochs > 1000) throw new KitException($"{where}.period_epochs must be in 1..1000, got {PeriodEpochs}");
        if (Periods < 0 || Periods > 1000) throw new KitException($"{where}.periods must be in 0..1000, got {Periods}");
        Train.Validate($"{where}.train");
        if (Train.Epochs != PeriodEpochs)
            throw new KitException($"{where}.train.epochs must equal {where}.period_epochs ({PeriodEpochs}): the learning-rate schedule spans one period, got {Train.Epochs}");
    }
}
