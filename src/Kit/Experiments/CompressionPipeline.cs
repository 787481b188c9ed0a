using TorchSharp;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kit.Admm;
using Kit.Data;
using Kit.Export;
using Kit.IO;
using Kit.Models;
using Kit.Pruning;
using Kit.Quantization;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Experiments;

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
        if (options.DenseCheckpoint is { } dense0) CheckStart(dense0, model, spec);
        // Opened after every check of the input, so bad input writes nothing.
        using var ownJournal = options.Journal is null ? RunJournal.Open(outDir, "compress", RunDescription(spec, options), options.Resume) : null;
        var journal = options.Journal ?? ownJournal!;
        if (ownJournal is { Replayable: > 0 }) log($"resuming {outDir}: {journal.Replayable} epochs done, replaying them from {RunJournal.FolderName}/");
        Directory.CreateDirectory(outDir);
        var layers = model.PrunableLayers;
        using var run = new PipelineRun(model, data, spec, options, journal);
        var stageCache = options.StageCache is { } sc && options.DenseCheckpoint is null && options.Journal is null ? new StageCache(sc) : null;
        var stageIds = StageKeys.Of(spec, TorchRuntime.Threads, device);
        var shared = new List<SharedStage>();
        void Stage(StageId id, Action compute)
        {
            if (stageCache is null) compute();
            else if (stageCache.Run(run, id, compute, log) is { } s) shared.Add(s);
        }

        // Dense starting point.
        string denseSource = "trained";
        if (options.DenseCheckpoint is { } ck)
        {
            // A compressed model file (a published study run's model.kitm) starts a run as well as its checkpoint.
            ModelLoader.LoadWeights(model, ck);
            // Relative to the working folder: a resumed run gets the journal's absolute path, and result.json is committed.
            denseSource = Path.GetRelativePath(Directory.GetCurrentDirectory(), ck).Replace('\\', '/');
            log($"dense model from {ck}");
        }
        else
        {
            Stage(stageIds[0], () => run.Fit(spec.Dense.Train, [], StageKeys.DensePhase, run.DenseSeconds));
            Checkpoint.Save(model, Path.Combine(outDir, "dense.pt"), new CheckpointInfo
            {
                Dataset = spec.Data.Dataset, Classes = spec.Data.Classes, Seed = spec.Seed, Spec = Json.ToNode(spec),
            });
        }
        var denseTest = run.Test();
        var denseVal = run.Validation();
        log($"dense: test {denseTest:F2}%, validation {denseVal:F2}%");

        var hook = run.Hook;
        var pruneMasks = run.PruneMasks;
        var sets = run.Sets;
        var stages = run.Stages;
        run.AccuracyAfterMapping = denseTest;
        if (options.DenseCheckpoint is not null) PruneStage.KeepCheckpointSupport(layers, hook, pruneMasks, log);
        if (spec.Prune is { } prune)
            for (int i = 0; i < prune.Steps.Count; i++)
            {
                int step = i;
                Stage(stageIds[1 + i], () =>
                {
                    var result = PruneStage.Run(run, prune, step, hook, pruneMasks, sets, log);
                    stages.Add(result);
                    run.AccuracyAfterMapping = result.AccuracyAfterMapping;
                });
                // A long progressive run can resume from here with --dense and the remaining steps.
                if (prune.Steps.Count > 1)
                    Checkpoint.Save(model, Path.Combine(outDir, $"prune-step-{i + 1}.pt"), new CheckpointInfo
                    {
                        Dataset = spec.Data.Dataset, Classes = spec.Data.Classes, Seed = spec.Seed, Spec = Json.ToNode(spec),
                        Metrics = new JsonObject { ["step"] = i + 1, ["rate"] = stages[^1].Rate, ["test_accuracy"] = stages[^1].AccuracyAfterRetrain },
                    });
            }
        double accAfterRetrain = run.Test();

        var bits = layers.ToDictionary(l => l.Name, l => spec.Quantize?.BitsOf(l.Name) ?? 32);
        if (spec.Quantize is { } quant)
        {
            var quantized = new List<PrunableLayer>();
            foreach (var (stageLayers, index, count) in QuantizeStage.Stages(quant, layers, bits))
            {
                stages.Add(QuantizeStage.Run(run, quant, stageLayers, quantized, bits, index, count, hook, pruneMasks, log));
                quantized.AddRange(stageLayers);
            }
        }

        // Final numbers and files.
        double final = run.Test(), finalVal = run.Validation();
        var layerResults = layers.Select(l => LayerResult.From(
            LayerStats.Of(l.Name, LayerGeometry.Of(l), l.TensorShape, TensorValues.ToArray(l.Weight)),
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
        AdmmLogFiles.Write(outDir, run.AdmmLog);
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
            AccuracyAfterMapping = run.AccuracyAfterMapping, AccuracyAfterRetrain = accAfterRetrain,
            Accuracy = final, ValidationAccuracy = finalVal, AccuracyDrop = denseTest - final,
            TargetRate = spec.Prune?.Steps[^1].Rate,
            OverallRate = rate, Weights = total, Nonzero = nnz,
            Bits = spec.Quantize?.Bits ?? 32,
            LevelConvention = spec.Quantize is { } q ? q.Spec(q.Bits).Convention : "not quantized (float32)",
            Layers = layerResults,
            Stages = stages,
            Timing = timing,
            SharedStages = stageCache is null ? null : shared,
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

    /// <summary>What `kit compress --resume DIR` needs to restart the run (stored in the journal).</summary>
    public static System.Text.Json.Nodes.JsonNode RunDescription(CompressionSpec spec, CompressionOptions options) => new JsonObject
    {
        ["spec"] = Json.ToNode(spec),
        ["quick"] = options.Quick,
        ["dense_checkpoint"] = options.DenseCheckpoint is { } d ? Path.GetFullPath(d) : null,
        ["dense_checkpoint_sha256"] = options.DenseCheckpoint is { } d2 ? AtomicFile.Sha256(d2) : null,
        // Where its shared stages are (a resumed run must find the ones it continued from); not part of the run's identity.
        ["stage_cache"] = options.StageCache is { } sc ? Path.GetFullPath(sc) : null,
    };

    /// <summary>The starting model (checkpoint or model file) must exist, verify, and match the spec's model and data.</summary>
    static void CheckStart(string ck, KitModel model, CompressionSpec spec)
    {
        var info = ModelLoader.ReadInfo(ck);
        if (!string.Equals(info.Architecture, model.Architecture, StringComparison.OrdinalIgnoreCase))
            throw new KitException($"--dense {ck}: checkpoint is a {info.Architecture}, the spec's model is {model.Architecture}");
        if (!string.Equals(info.Dataset, spec.Data.Dataset, StringComparison.OrdinalIgnoreCase) ||
            !(info.Classes ?? []).SequenceEqual(spec.Data.Classes ?? []))
            throw new KitException($"--dense {ck}: checkpoint was trained on {info.Dataset}, the spec's data is {spec.Data.Dataset}");
    }

    static double Mean(List<double> v) => v.Count == 0 ? double.NaN : v.Average();
}
