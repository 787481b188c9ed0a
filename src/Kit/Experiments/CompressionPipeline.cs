using TorchSharp;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kit.Admm;
using Kit.Data;
using Kit.IO;
using Kit.Models;
using Kit.Pruning;
using Kit.Quantization;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Experiments;

public sealed record CompressionOptions
{
    public bool Quick { get; init; }
    /// <summary>Start from this dense checkpoint instead of training one (architecture and dataset must match).</summary>
    public string? DenseCheckpoint { get; init; }
    public IProgress<TrainProgress>? Progress { get; init; }
    public Action<EpochRecord>? OnEpoch { get; init; }
    public Action<string>? Log { get; init; }
    /// <summary>How to treat a checkpoint already in the output folder (see <see cref="RunJournal"/>).</summary>
    public ResumeMode Resume { get; init; } = ResumeMode.Fresh;
    /// <summary>A journal opened by an enclosing run (e.g. a transfer experiment) that this run's epochs join; this run then neither opens nor completes one.</summary>
    public RunJournal? Journal { get; init; }
}

/// <summary>
/// Runs a <see cref="CompressionSpec"/>: dense -> prune steps (ADMM or magnitude, hard mapping, masked
/// retraining) -> quantization stages (ADMM with the mask kept, snap, retrain what is not frozen) ->
/// test. Every checkpoint choice uses the validation split; the test set is only reported.
/// Writes model.pt (+ model.json), dense.pt (when trained here), prune-step-N.pt (progressive runs),
/// result.json, admm_log.json/.csv.
/// </summary>
public static class CompressionPipeline
{
    public static CompressionResult Run(CompressionSpec spec, string outDir, CompressionOptions? options = null)
    {
        options ??= new CompressionOptions();
        if (options.Quick) spec = spec.AsQuick();
        spec.Validate();
        TorchRuntime.Start(spec.Threads);
        var device = Devices.Resolve(spec.Device);
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var log = options.Log ?? (_ => { });

        using var data = DatasetRegistry.Load(spec.Data);
        using var model = ModelRegistry.Create(spec.Model, data.Info, spec.Seed);
        model.to(TorchSharp.torch.device(device));
        spec.Validate(model);
        if (options.DenseCheckpoint is { } dense0) Checkpoint.ReadInfo(dense0);
        // Opened after every check of the input, so bad input writes nothing.
        using var ownJournal = options.Journal is null ? RunJournal.Open(outDir, "compress", RunDescription(spec, options), options.Resume) : null;
        var journal = options.Journal ?? ownJournal!;
        if (ownJournal is { Replayable: > 0 }) log($"resuming {outDir}: {journal.Replayable} epochs done, replaying them from {RunJournal.FolderName}/");
        Directory.CreateDirectory(outDir);
        var layers = model.PrunableLayers;
        var run = new PipelineRun(model, data, spec, options, journal);

        // Dense starting point.
        string denseSource = "trained";
        if (options.DenseCheckpoint is { } ck)
        {
            var info = Checkpoint.ReadInfo(ck);
            if (!string.Equals(info.Architecture, model.Architecture, StringComparison.OrdinalIgnoreCase))
                throw new KitException($"--dense {ck}: checkpoint is a {info.Architecture}, the spec's model is {model.Architecture}");
            if (!string.Equals(info.Dataset, spec.Data.Dataset, StringComparison.OrdinalIgnoreCase) ||
                !(info.Classes ?? []).SequenceEqual(spec.Data.Classes ?? []))
                throw new KitException($"--dense {ck}: checkpoint was trained on {info.Dataset}, the spec's data is {spec.Data.Dataset}");
            Checkpoint.LoadWeights(model, ck);
            denseSource = ck;
            log($"dense model from {ck}");
        }
        else
        {
            run.Fit(spec.Dense.Train, [], "dense", run.DenseSeconds);
            Checkpoint.Save(model, Path.Combine(outDir, "dense.pt"), new CheckpointInfo
            {
                Dataset = spec.Data.Dataset, Classes = spec.Data.Classes, Seed = spec.Seed, Spec = Json.ToNode(spec),
            });
        }
        var denseTest = run.Test();
        var denseVal = run.Validation();
        log($"dense: test {denseTest:F2}%, validation {denseVal:F2}%");

        using var hook = new MaskHook();
        var pruneMasks = new Dictionary<string, Tensor>();
        var sets = new Dictionary<string, PruningSetSpec>();
        var stages = new List<StageResult>();
        double accAfterMapping = denseTest;
        try
        {
            if (options.DenseCheckpoint is not null) KeepCheckpointSupport(layers, hook, pruneMasks, log);
            if (spec.Prune is { } prune)
                for (int i = 0; i < prune.Steps.Count; i++)
                {
                    var stage = PruneStep(run, prune, i, hook, pruneMasks, sets, log);
                    stages.Add(stage);
                    // A long progressive run can resume from here with --dense and the remaining steps.
                    if (prune.Steps.Count > 1)
                        Checkpoint.Save(model, Path.Combine(outDir, $"prune-step-{i + 1}.pt"), new CheckpointInfo
                        {
                            Dataset = spec.Data.Dataset, Classes = spec.Data.Classes, Seed = spec.Seed, Spec = Json.ToNode(spec),
                            Metrics = new JsonObject { ["step"] = i + 1, ["rate"] = stage.Rate, ["test_accuracy"] = stage.AccuracyAfterRetrain },
                        });
                    accAfterMapping = stage.AccuracyAfterMapping;
                }
            double accAfterRetrain = run.Test();

            var bits = layers.ToDictionary(l => l.Name, l => spec.Quantize?.BitsOf(l.Name) ?? 32);
            if (spec.Quantize is { } quant)
                foreach (var (stageLayers, index, count) in QuantStages(quant, layers, bits))
                    stages.Add(QuantStage(run, quant, stageLayers, bits, index, count, hook, pruneMasks, log));

            // Final numbers and files.
            double final = run.Test(), finalVal = run.Validation();
            var layerResults = layers.Select(l => LayerResult.From(
                LayerStats.Of(l.Name, LayerGeometry.Of(l), l.TensorShape, PruningTensors.ToArray(l.Weight)),
                bits[l.Name], sets.GetValueOrDefault(l.Name))).ToList();
            long total = layerResults.Sum(l => l.Weights), nnz = layerResults.Sum(l => l.Nonzero);
            double rate = nnz == 0 ? double.PositiveInfinity : (double)total / nnz;
            var admmSeconds = run.AdmmSeconds;
            var timing = new TimingResult
            {
                DenseEpochSeconds = Mean(run.DenseSeconds),
                AdmmEpochSeconds = Mean(admmSeconds),
                RetrainEpochSeconds = Mean(run.RetrainSeconds),
                AdmmOverPlain = run.DenseSeconds.Count > 0 && admmSeconds.Count > 0 ? Mean(admmSeconds) / Mean(run.DenseSeconds) : double.NaN,
            };
            Checkpoint.Save(model, Path.Combine(outDir, "model.pt"), new CheckpointInfo
            {
                Dataset = spec.Data.Dataset, Classes = spec.Data.Classes, Seed = spec.Seed, Spec = Json.ToNode(spec),
                Metrics = new JsonObject
                {
                    ["accuracy"] = final, ["dense_accuracy"] = denseTest, ["overall_rate"] = rate,
                    ["bits"] = Json.ToNode(bits),
                },
            });
            WriteLog(outDir, run.AdmmLog);
            var result = new CompressionResult
            {
                Machine = KitInfo.Machine(),
                Name = spec.Name,
                Quick = options.Quick,
                Spec = spec,
                TrainImages = data.Train.Count, ValidationImages = data.Validation.Count, TestImages = data.Test.Count,
                DenseSource = denseSource,
                DenseSha256 = options.DenseCheckpoint is { } dck ? AtomicFile.Sha256(dck) : null,
                DenseAccuracy = denseTest, DenseValidationAccuracy = denseVal,
                AccuracyAfterMapping = accAfterMapping, AccuracyAfterRetrain = accAfterRetrain,
                Accuracy = final, ValidationAccuracy = finalVal, AccuracyDrop = denseTest - final,
                TargetRate = spec.Prune?.Steps[^1].Rate,
                OverallRate = rate, Weights = total, Nonzero = nnz,
                Bits = spec.Quantize?.Bits ?? 32,
                LevelConvention = spec.Quantize is { } q ? q.Spec(q.Bits).Convention : "not quantized (float32)",
                Layers = layerResults,
                Stages = stages,
                Timing = timing,
                Seconds = clock.Elapsed.TotalSeconds,
                CpuSeconds = (process.TotalProcessorTime - cpu0).TotalSeconds,
                Threads = TorchRuntime.Threads,
                Device = device,
                SpecSha256 = SpecIdentity.Hash(spec),
            };
            AtomicFile.WriteWithChecksum(Path.Combine(outDir, "result.json"), Json.Serialize(result));
            ownJournal?.Complete();
            return result;
        }
        finally
        {
            foreach (var m in pruneMasks.Values) m.Dispose();
        }
    }

    static StageResult PruneStep(PipelineRun run, PruneSpec prune, int i, MaskHook hook, Dictionary<string, Tensor> pruneMasks,
        Dictionary<string, PruningSetSpec> sets, Action<string> log)
    {
        var sw = Stopwatch.StartNew();
        var step = prune.Steps[i];
        var layers = run.Model.PrunableLayers;
        string phase = prune.Steps.Count > 1 ? $"prune {i + 1}/{prune.Steps.Count}" : "prune";
        var alloc = KeepAllocation.Resolve(prune.Scheme,
            layers.Select((l, k) => new KeepAllocation.Layer(l.Name, LayerGeometry.Of(l), k == layers.Count - 1)).ToList(),
            step.Rate, prune.AllocationExponent, step.Layers, $"prune.steps[{i}]");
        var built = layers.ToDictionary(l => l.Name, l => alloc[l.Name].Build(LayerGeometry.Of(l), $"prune.steps[{i}].{l.Name}"));
        log($"{phase}: {string.Join(", ", layers.Select(l => $"{l.Name} {Describe(alloc[l.Name], LayerGeometry.Of(l))}"))}");

        var admm = step.Admm ?? prune.Admm;
        int admmEpochs = 0;
        if (prune.Method == PruneMethod.Admm && admm.Periods > 0)
        {
            run.Admm(admm, layers.Select(l => (l, (Func<Tensor, Tensor>)(w => ProjectInside(built[l.Name], w, pruneMasks.GetValueOrDefault(l.Name))))).ToList(),
                [hook], $"{phase} admm");
            admmEpochs = admm.Epochs;
        }

        // Hard mapping: project W itself; the mask is the projection's support within the earlier mask.
        foreach (var l in layers)
        {
            var mask = built[l.Name].Mask(l.Weight);
            if (pruneMasks.Remove(l.Name, out var old)) { mask.mul_(old); old.Dispose(); }
            pruneMasks[l.Name] = mask;
            hook.Prune(l, mask);
            sets[l.Name] = alloc[l.Name];
        }
        double mapTest = run.Test(), mapVal = run.Validation();
        double rate = run.Rate();
        var budget = layers.Select(l =>
        {
            using var nnz = l.Weight.count_nonzero();
            return new LayerBudget(l.Name, Describe(alloc[l.Name], LayerGeometry.Of(l)), nnz.item<long>(), l.Weights);
        }).ToList();
        log($"{phase}: hard mapping to {rate:F1}x: test {mapTest:F2}%, validation {mapVal:F2}%");
        var retrain = step.Retrain ?? prune.Retrain;
        run.Fit(retrain, [hook], $"{phase} retrain", run.RetrainSeconds);
        double test = run.Test(), val = run.Validation();
        log($"{phase}: after masked retraining: test {test:F2}%, validation {val:F2}%");
        return new StageResult
        {
            Phase = phase, TargetRate = step.Rate, Rate = run.Rate(), AdmmEpochs = admmEpochs, RetrainEpochs = retrain.Epochs,
            AccuracyAfterMapping = mapTest, ValidationAfterMapping = mapVal, AccuracyAfterRetrain = test, ValidationAfterRetrain = val,
            Seconds = sw.Elapsed.TotalSeconds, Budget = budget,
        };
    }

    /// <summary>
    /// A pruned starting checkpoint (prune-step-N.pt of a progressive run, or any pruned model.pt) carries its
    /// support in its zeros. Every later step must stay inside it: held at 0 during ADMM and retraining, and
    /// intersected at the hard mapping, exactly as when the steps run in one process; quantization too must not
    /// turn its zeros into levels. A layer without zeros (a dense model) gets no mask.
    /// </summary>
    static void KeepCheckpointSupport(IReadOnlyList<PrunableLayer> layers, MaskHook hook, Dictionary<string, Tensor> pruneMasks, Action<string> log)
    {
        var kept = new List<string>();
        foreach (var l in layers)
        {
            var support = l.Weight.detach().ne(0).to(ScalarType.Float32);
            long nnz = support.count_nonzero().item<long>();
            if (nnz == l.Weights) { support.Dispose(); continue; }
            pruneMasks[l.Name] = support;
            hook.Prune(l, support);
            kept.Add($"{l.Name} {nnz}/{l.Weights}");
        }
        if (kept.Count > 0) log($"starting checkpoint is pruned; its support is kept: {string.Join(", ", kept)}");
    }

    /// <summary>Z-step of a later progressive step: the nearest point of the set among weights inside the earlier support.</summary>
    static Tensor ProjectInside(IPruningSet set, Tensor w, Tensor? support)
    {
        if (support is null) return set.Project(w);
        using var inside = w * support;
        return set.Project(inside);
    }

    /// <summary>Quantization stages: all quantized layers at once, or (progressive) all but the first and last, then those.</summary>
    static IEnumerable<(List<PrunableLayer> layers, int index, int count)> QuantStages(QuantizeSpec q, IReadOnlyList<PrunableLayer> layers, Dictionary<string, int> bits)
    {
        var quantized = layers.Where(l => bits[l.Name] != 32).ToList();
        if (!q.Progressive || layers.Count <= 2) { if (quantized.Count > 0) yield return (quantized, 1, 1); yield break; }
        var edges = new HashSet<string> { layers[0].Name, layers[^1].Name };
        var inner = quantized.Where(l => !edges.Contains(l.Name)).ToList();
        var outer = quantized.Where(l => edges.Contains(l.Name)).ToList();
        int count = (inner.Count > 0 ? 1 : 0) + (outer.Count > 0 ? 1 : 0), index = 0;
        if (inner.Count > 0) yield return (inner, ++index, count);
        if (outer.Count > 0) yield return (outer, ++index, count);
    }

    static StageResult QuantStage(PipelineRun run, QuantizeSpec q, List<PrunableLayer> stageLayers, Dictionary<string, int> bits, int index, int count,
        MaskHook hook, Dictionary<string, Tensor> pruneMasks, Action<string> log)
    {
        var sw = Stopwatch.StartNew();
        string phase = count > 1 ? $"quantize {index}/{count}" : "quantize";
        var quantizers = stageLayers.ToDictionary(l => l.Name, l => q.Spec(bits[l.Name]).Build($"quantize.layer_bits.{l.Name}"));
        foreach (var l in stageLayers)
            if (!pruneMasks.ContainsKey(l.Name)) pruneMasks[l.Name] = ones_like(l.Weight).detach();
        log($"{phase}: {string.Join(", ", stageLayers.Select(l => $"{l.Name} {bits[l.Name]} bit"))}");
        if (q.Admm.Periods > 0)
            run.Admm(q.Admm, stageLayers.Select(l => (l, (Func<Tensor, Tensor>)(w => quantizers[l.Name].Project(w, pruneMasks[l.Name]).projected))).ToList(),
                [hook], $"{phase} admm");

        // Snap, optionally in rounds that freeze the closest fraction of each level's weights.
        var levels = stageLayers.ToDictionary(l => l.Name, l =>
        {
            var w = PruningTensors.ToArray(l.Weight);
            var m = PruningTensors.ToArray(pruneMasks[l.Name]);
            return quantizers[l.Name].Fit(w.Where((_, i) => m[i] != 0).ToArray());
        });
        int rounds = q.FreezeFraction > 0 ? (int)Math.Ceiling(1 / q.FreezeFraction - 1e-9) : 1;
        double mapTest = double.NaN, mapVal = double.NaN;
        for (int r = 1; r <= rounds; r++)
        {
            double fraction = r == rounds ? 1 : r * q.FreezeFraction;
            foreach (var l in stageLayers) Freeze(l, levels[l.Name], pruneMasks[l.Name], fraction, hook);
            // Measured once every weight sits on a level: with freeze rounds, earlier rounds leave weights in float.
            if (r == rounds) { mapTest = run.Test(); mapVal = run.Validation(); }
            if (r < rounds) run.Fit(q.Retrain, [hook], $"{phase} freeze {r}/{rounds}", run.RetrainSeconds);
        }
        log($"{phase}: snapped to levels: test {mapTest:F2}%, validation {mapVal:F2}%");
        run.Fit(q.Retrain, [hook], $"{phase} retrain", run.RetrainSeconds);
        double test = run.Test(), val = run.Validation();
        log($"{phase}: after retraining the unfrozen parameters: test {test:F2}%, validation {val:F2}%");
        return new StageResult
        {
            Phase = phase, Rate = run.Rate(), AdmmEpochs = q.Admm.Epochs, RetrainEpochs = q.Retrain.Epochs * rounds,
            AccuracyAfterMapping = mapTest, ValidationAfterMapping = mapVal, AccuracyAfterRetrain = test, ValidationAfterRetrain = val,
            Seconds = sw.Elapsed.TotalSeconds,
        };
    }

    /// <summary>
    /// Holds the kept weights closest to their level at that level (per level, the closest
    /// <paramref name="fraction"/> of the weights nearest to it; fraction 1 = all), the rest stay trainable.
    /// </summary>
    static void Freeze(PrunableLayer layer, QuantLevels levels, Tensor pruneMask, double fraction, MaskHook hook)
    {
        var w = PruningTensors.ToArray(layer.Weight);
        var m = PruningTensors.ToArray(pruneMask);
        var snapped = levels.Snap(w, m);
        var trainable = new float[w.Length];
        var frozenValues = new float[w.Length];
        if (fraction >= 1)
        {
            Array.Copy(snapped, frozenValues, w.Length);
        }
        else
        {
            var byLevel = new Dictionary<float, List<int>>();
            for (int i = 0; i < w.Length; i++)
            {
                if (m[i] == 0) continue;
                if (!byLevel.TryGetValue(snapped[i], out var list)) byLevel[snapped[i]] = list = [];
                list.Add(i);
            }
            var alreadyFrozen = hook.Trainable(layer.Name) is { } t ? PruningTensors.ToArray(t) : null;
            foreach (var (level, list) in byLevel)
            {
                // Entries frozen in an earlier round sit exactly on their level (distance 0) and stay frozen.
                var order = list.OrderBy(i => alreadyFrozen is not null && alreadyFrozen[i] == 0 ? -1.0 : Math.Abs(w[i] - level)).ThenBy(i => i).ToList();
                int freeze = (int)Math.Ceiling(fraction * order.Count);
                for (int k = 0; k < order.Count; k++)
                {
                    int i = order[k];
                    if (k < freeze) frozenValues[i] = level; else trainable[i] = 1;
                }
            }
        }
        using var tt = tensor(trainable, layer.Weight.shape, device: layer.Weight.device);
        using var fv = tensor(frozenValues, layer.Weight.shape, device: layer.Weight.device);
        hook.Constrain(layer, tt, fv);
    }

    static string Describe(PruningSetSpec s, LayerGeometry g) => s.Scheme switch
    {
        PruningScheme.Irregular => $"keep {s.Keep}/{g.Count}",
        PruningScheme.Filter => $"rows {s.Rows}/{g.Rows}",
        PruningScheme.Column => $"columns {s.Columns}/{g.Columns}",
        PruningScheme.Channel => $"channels {s.Channels}/{g.Channels}",
        _ => $"rows {s.Rows}/{g.Rows} x columns {s.Columns}/{g.Columns}",
    };

    /// <summary>What `kit compress --resume DIR` needs to restart the run (stored in the journal).</summary>
    public static System.Text.Json.Nodes.JsonNode RunDescription(CompressionSpec spec, CompressionOptions options) => new JsonObject
    {
        ["spec"] = Json.ToNode(spec),
        ["quick"] = options.Quick,
        ["dense_checkpoint"] = options.DenseCheckpoint is { } d ? Path.GetFullPath(d) : null,
        ["dense_checkpoint_sha256"] = options.DenseCheckpoint is { } d2 ? AtomicFile.Sha256(d2) : null,
    };

    static double Mean(List<double> v) => v.Count == 0 ? double.NaN : v.Average();

    static void WriteLog(string outDir, List<AdmmLogEntry> entries)
    {
        AtomicFile.WriteAllText(Path.Combine(outDir, "admm_log.json"), Json.Serialize(entries));
        var csv = new StringBuilder("phase,step,epoch,layer,rho,primal_residual,dual_residual,train_loss,validation_accuracy,epoch_seconds\n");
        foreach (var e in entries)
            csv.AppendLine(string.Join(",", $"\"{e.Phase}\"", e.Step, e.Epoch, e.Layer,
                F(e.Rho), F(e.PrimalResidual), F(e.DualResidual), F(e.TrainLoss), F(e.ValidationAccuracy), F(e.EpochSeconds)));
        AtomicFile.WriteAllText(Path.Combine(outDir, "admm_log.csv"), csv.ToString());
        static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
    }

    /// <summary>The shared state of one pipeline run: model, data, seeds, timings, logs.</summary>
    sealed class PipelineRun(KitModel model, DataSplits data, CompressionSpec spec, CompressionOptions options, RunJournal journal)
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

        /// <summary>Trains and restores the epoch with the best validation accuracy (Trainer.Fit, timing train epochs alone).</summary>
        public void Fit(TrainConfig config, IReadOnlyList<ITrainingHook> hooks, string phase, List<double> seconds)
        {
            if (config.Epochs == 0) return;
            var trainer = new Trainer(model, config, NextSeed()) { Phase = phase, Progress = options.Progress, Journal = journal };
            Dictionary<string, Tensor>? best = null;
            double bestAcc = double.NegativeInfinity;
            try
            {
                for (int e = 0; e < config.Epochs; e++)
                {
                    var u = trainer.RunEpoch(data.Train, e, e, config.Epochs, WithAdversarial(hooks),
                        () => Evaluator.Evaluate(model, data.Validation, config.EvalBatchSize));
                    seconds.Add(u.TrainSeconds);
                    options.OnEpoch?.Invoke(new EpochRecord(phase, e + 1, u.TrainLoss, u.TrainAccuracy, u.ValidationAccuracy, u.ValidationLoss, u.Lr, u.TrainSeconds));
                    if (u.ValidationAccuracy > bestAcc || best is null)
                    {
                        bestAcc = u.ValidationAccuracy;
                        if (best is not null) foreach (var v in best.Values) v.Dispose();
                        best = Trainer.Snapshot(model);
                    }
                }
                if (best is not null) Trainer.Restore(model, best);
            }
            finally
            {
                if (best is not null) foreach (var v in best.Values) v.Dispose();
            }
        }
    }
}
