using System.Diagnostics;
using Kit.Admm;
using Kit.Data;
using Kit.Models;
using Kit.Pruning;
using Kit.Quantization;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Experiments;

/// <summary>The shared state of one pipeline run: model, data, seeds, timings, logs.</summary>
internal sealed class PipelineRun(KitModel model, DataSplits data, CompressionSpec spec, CompressionOptions options, RunJournal journal)
{
    int phaseIndex;
    readonly Kit.Robustness.AdversarialTrainingHook? adversarial =
        spec.Adversarial is { } a ? new(a.Attack, spec.Seed * 7919 + 13) : null;
    public KitModel Model => model;

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
}
