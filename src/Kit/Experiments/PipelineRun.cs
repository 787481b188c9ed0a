using System.Diagnostics;
using Kit.Admm;
using Kit.Data;
using Kit.Models;
using Kit.Pruning;
using Kit.Quantization;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Experiments;

/// <summary>
/// The shared state of one pipeline run: model, data, seeds, timings, logs, and what one stage hands the next (masks,
/// pruning sets, stage results). <see cref="StageSnapshot"/> saves and restores all of it, so keep the two in step.
/// </summary>
internal sealed class PipelineRun(KitModel model, DataSplits data, CompressionSpec spec, CompressionOptions options, RunJournal journal) : IDisposable
{
    int phaseIndex;
    readonly Kit.Robustness.AdversarialTrainingHook? adversarial =
        spec.Adversarial is { } a ? new(a.Attack, spec.Seed * 7919 + 13) : null;
    public KitModel Model => model;
    public RunJournal Journal => journal;
    /// <summary>Training phases started so far (each draws its seed from it).</summary>
    public int PhaseIndex { get => phaseIndex; set => phaseIndex = value; }
    /// <summary>The adversarial hook's generator state (null without adversarial training).</summary>
    public byte[]? AdversarialState
    {
        get => adversarial?.SaveState();
        set { if (adversarial is not null && value is not null) adversarial.LoadState(value); }
    }
    public MaskHook Hook { get; } = new();
    /// <summary>The pruning support of every pruned layer (the intersection of all steps so far).</summary>
    public Dictionary<string, Tensor> PruneMasks { get; } = new();
    /// <summary>The last prune step's set of every layer.</summary>
    public Dictionary<string, PruningSetSpec> Sets { get; } = new();
    public List<StageResult> Stages { get; } = [];
    public double AccuracyAfterMapping { get; set; }

    /// <summary>Every training phase sees the adversarial inputs when the spec asks for them.</summary>
    IReadOnlyList<ITrainingHook> WithAdversarial(IReadOnlyList<ITrainingHook> hooks) => adversarial is null ? hooks : [adversarial, .. hooks];
    public List<double> DenseSeconds { get; } = [];
    public List<double> RetrainSeconds { get; } = [];
    public List<double> AdmmSeconds { get; } = [];
    public List<AdmmLogEntry> AdmmLog { get; } = [];

    public double Test() => Evaluator.Evaluate(model, data.Test, spec.Dense.Train.EvalBatchSize).Accuracy;
    public double Validation() => Evaluator.Evaluate(model, data.Validation, spec.Dense.Train.EvalBatchSize).Accuracy;

    public double Rate()
    {
        long total = 0, nnz = 0;
        foreach (var l in model.PrunableLayers)
        {
            using var c = l.Weight.count_nonzero();
            total += l.Weights; nnz += c.item<long>();
        }
        return nnz == 0 ? double.PositiveInfinity : (double)total / nnz;
    }

    /// <summary>Each phase gets its own seed so phases do not replay one another's batch order.</summary>
    long NextSeed() => spec.Seed * 1000 + ++phaseIndex;

    public void Admm(AdmmConfig config, List<(PrunableLayer, Func<Tensor, Tensor>)> constrained, IReadOnlyList<ITrainingHook> hooks, string phase)
    {
        var runner = new AdmmRunner
        {
            Model = model, Config = config, Seed = NextSeed(), Phase = phase, ExtraHooks = WithAdversarial(hooks), Journal = journal,
            Progress = options.Progress, OnEpoch = options.OnEpoch,
            OnStep = entries => options.Log?.Invoke($"{phase} Z/U step {entries[0].Step}/{config.Periods}: rho {entries[0].Rho:G3}, " +
                string.Join(", ", entries.Select(e => $"{e.Layer} primal {e.PrimalResidual:F4} dual {e.DualResidual:F4}"))),
        };
        runner.Run(constrained, data.Train, data.Validation);
        AdmmLog.AddRange(runner.Log);
        AdmmSeconds.AddRange(runner.Epochs.Select(e => e.Seconds));
    }

    /// <summary>Trains and restores the epoch with the best validation accuracy (<see cref="Trainer.Fit"/>, timing train epochs alone).</summary>
    public void Fit(TrainConfig config, IReadOnlyList<ITrainingHook> hooks, string phase, List<double> seconds)
    {
        // No trainer (and no seed drawn) for an empty phase, so later phases keep their seeds.
        if (config.Epochs == 0) return;
        var trainer = new Trainer(model, config, NextSeed()) { Phase = phase, Progress = options.Progress, Journal = journal, TimeTrainingOnly = true };
        var history = trainer.Fit(data.Train, data.Validation, WithAdversarial(hooks), options.OnEpoch);
        seconds.AddRange(history.Select(e => e.Seconds));
    }

    public void Dispose()
    {
        foreach (var m in PruneMasks.Values) m.Dispose();
        PruneMasks.Clear();
        Hook.Dispose();
        adversarial?.Dispose();
    }
}
