using Kit.Data;
using Kit.Models;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Admm;

/// <summary>Per-epoch facts of an ADMM phase (for the progress view and the timing comparison).</summary>
internal sealed record AdmmEpoch(int Epoch, double TrainLoss, double Seconds);

/// <summary>
/// Scaled-form ADMM (method notes, section 2): start Z = Proj(W), U = 0; each period trains W for
/// `period_epochs` on loss + rho/2 ||W - Z + U||^2 with the learning rate restarting, then
/// Z = Proj(W + U), U += W - Z, rho *= growth (capped). The caller then hard-projects W.
/// </summary>
internal sealed class AdmmRunner
{
    public required KitModel Model { get; init; }
    public required AdmmConfig Config { get; init; }
    public required long Seed { get; init; }
    public string Phase { get; init; } = "admm";
    /// <summary>Hooks that run alongside the ADMM term (e.g. masks of an earlier pruning step).</summary>
    public IReadOnlyList<ITrainingHook> ExtraHooks { get; init; } = [];
    public IProgress<TrainProgress>? Progress { get; init; }
    public Action<EpochRecord>? OnEpoch { get; init; }
    /// <summary>Called after each Z/U step with that step's entries (one per layer).</summary>
    public Action<IReadOnlyList<AdmmLogEntry>>? OnStep { get; init; }
    /// <summary>Checkpoints every W-step epoch (Z, U and rho need no file of their own: they are recomputed from the journaled weights on resume).</summary>
    public RunJournal? Journal { get; init; }

    public List<AdmmLogEntry> Log { get; } = [];
    public List<AdmmEpoch> Epochs { get; } = [];

    public void Run(IReadOnlyList<(PrunableLayer layer, Func<Tensor, Tensor> project)> constrained, Dataset train, Dataset validation)
    {
        Config.Validate(Phase);
        var layers = constrained.Select(c => new AdmmLayer(c.layer, c.project, Config.Rho0)).ToList();
        try
        {
            var trainer = new Trainer(Model, Config.Train with { Epochs = Config.PeriodEpochs }, Seed) { Phase = Phase, Progress = Progress, Journal = Journal };
            var hooks = new List<ITrainingHook> { new AdmmHook(layers) };
            hooks.AddRange(ExtraHooks);
            int epoch = 0;
            for (int p = 0; p < Config.Periods; p++)
            {
                double loss = 0, seconds = 0, valAcc = double.NaN, valLoss = double.NaN;
                for (int e = 0; e < Config.PeriodEpochs; e++, epoch++)
                {
                    bool periodEnd = e == Config.PeriodEpochs - 1;
                    var u = trainer.RunEpoch(train, epoch, e, Config.PeriodEpochs, hooks,
                        () => periodEnd ? Evaluator.Evaluate(Model, validation, Config.Train.EvalBatchSize) : null, Config.Epochs);
                    (loss, seconds, valAcc, valLoss) = (u.TrainLoss, u.TrainSeconds, u.ValidationAccuracy, u.ValidationLoss);
                    Epochs.Add(new AdmmEpoch(epoch + 1, loss, seconds));
                    if (!periodEnd)
                        OnEpoch?.Invoke(new EpochRecord(Phase, epoch + 1, loss, double.NaN, double.NaN, double.NaN, double.NaN, seconds));
                }
                var val = new EvalResult(valAcc, valLoss, validation.Count);
                OnEpoch?.Invoke(new EpochRecord(Phase, epoch, loss, double.NaN, val.Accuracy, val.Loss, double.NaN, seconds));
                int first = Log.Count;
                foreach (var l in layers)
                {
                    double rhoUsed = l.Rho;
                    var (primal, dual) = l.Step();
                    Log.Add(new AdmmLogEntry(Phase, p + 1, epoch, l.Layer.Name, rhoUsed, primal, dual, loss, val.Accuracy, seconds));
                    double next = Math.Min(l.Rho * Config.RhoGrowth, Config.RhoMax);
                    if (Config.RescaleDual && next != l.Rho) l.ScaleDual(l.Rho / next);
                    l.Rho = next;
                }
                OnStep?.Invoke(Log.GetRange(first, Log.Count - first));
            }
        }
        finally
        {
            foreach (var l in layers) l.Dispose();
        }
    }
}
