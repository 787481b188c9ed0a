using System.Diagnostics;
using System.Text.Json.Nodes;
using Kit.Data;
using Kit.Experiments;
using Kit.IO;
using Kit.Models;
using Kit.Pruning;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Transfer;

public sealed record TransferOptions
{
    public bool Quick { get; init; }
    public Action<string>? Log { get; init; }
    public ResumeMode Resume { get; init; } = ResumeMode.Fresh;
}

/// <summary>
/// Runs a <see cref="TransferSpec"/>: the source compression spec through the compression pipeline
/// (dense.pt and model.pt under source/), then each mode on the target task, each from the same adapted
/// start and the same seed. Writes result.json (atomically) and one checkpoint per mode.
/// </summary>
public static class TransferRunner
{
    public static TransferResult Run(TransferSpec spec, string outDir, TransferOptions? options = null)
    {
        options ??= new TransferOptions();
        if (options.Quick) spec = spec.AsQuick();
        spec.Validate();
        // Adapted models are built on the CPU, so the source and re-pruning runs stay there too (device is not part of the identity).
        spec = spec with { Source = spec.Source with { Device = DeviceChoice.Cpu } };
        var log = options.Log ?? (_ => { });
        var clock = Stopwatch.StartNew();
        // One journal for the whole experiment: the source run, every mode and the re-pruning join its epoch sequence.
        using var journal = RunJournal.Open(outDir, "transfer", new JsonObject { ["spec"] = Json.ToNode(spec), ["quick"] = options.Quick }, options.Resume);
        if (journal.Replayable > 0) log($"resuming {outDir}: {journal.Replayable} epochs done, replaying them from {RunJournal.FolderName}/");

        var sourceDir = Path.Combine(outDir, "source");
        log($"source: {spec.Source.Name} on {spec.Source.Data.Dataset}");
        var src = CompressionPipeline.Run(spec.Source, sourceDir, new CompressionOptions { Quick = options.Quick, Log = log, Journal = journal });
        var source = new TransferSourceResult
        {
            Dataset = spec.Source.Data.Dataset, Classes = spec.Source.Data.Classes, Scheme = spec.Source.Prune!.Scheme.Name,
            DenseAccuracy = src.DenseAccuracy, Accuracy = src.Accuracy, Rate = src.OverallRate, Bits = src.Bits, Folder = "source",
        };

        using var data = DatasetRegistry.Load(spec.Target);
        bool replaceHead = spec.LabelSetsDiffer;
        var modes = new List<TransferModeResult>();
        foreach (var mode in spec.Modes)
        {
            var sw = Stopwatch.StartNew();
            log($"target {mode}: {spec.Target.Dataset}{(replaceHead ? ", head replaced" : "")}");
            var r = mode switch
            {
                TransferMode.Frozen => Frozen(spec, sourceDir, data, replaceHead, outDir, log, journal),
                TransferMode.Dense => DenseReference(spec, sourceDir, data, replaceHead, outDir, journal),
                _ => Readmm(spec, sourceDir, data, replaceHead, outDir, options, log, journal),
            };
            modes.Add(r with { Seconds = sw.Elapsed.TotalSeconds });
            log($"target {mode}: {r.TargetAccuracy:F2}% at {r.Rate:F1}x, {r.Bits} bits");
        }

        var result = new TransferResult
        {
            Machine = KitInfo.Machine(), Name = spec.Name, Quick = options.Quick, Spec = spec, Source = source,
            TargetDataset = spec.Target.Dataset, TargetClasses = spec.Target.Classes,
            TargetTrainImages = data.Train.Count, TargetValidationImages = data.Validation.Count, TargetTestImages = data.Test.Count,
            LabelSetsDiffer = replaceHead, Modes = modes, Seconds = clock.Elapsed.TotalSeconds, Threads = TorchRuntime.Threads,
        };
        AtomicFile.WriteWithChecksum(Path.Combine(outDir, "result.json"), Json.Serialize(result));
        journal.Complete();
        return result;
    }

    /// <summary>A target-task model holding the source checkpoint's weights (head re-initialized when the label sets differ).</summary>
    public static KitModel Adapted(string sourceCheckpoint, DatasetInfo target, long seed, bool replaceHead)
    {
        var (source, _) = Checkpoint.Load(sourceCheckpoint);
        using (source)
        {
            var model = ModelRegistry.Create(source.Architecture, target, seed);
            TransferHead.Adapt(source, model, replaceHead);
            return model;
        }
    }

    /// <summary>Fine-tunes with the masks held fixed (pruned weights stay exactly 0); returns the masks used.</summary>
    public static void FineTuneFrozen(KitModel model, IReadOnlyDictionary<string, Tensor> masks, Dataset train, Dataset validation, TrainConfig config, long seed,
        RunJournal? journal = null)
    {
        using var hook = new MaskHook();
        foreach (var l in model.PrunableLayers) hook.Prune(l, masks[l.Name]);
        new Trainer(model, config, seed) { Phase = "transfer frozen", Journal = journal }.Fit(train, validation, [hook]);
    }

    static TransferModeResult Frozen(TransferSpec spec, string sourceDir, DataSplits data, bool replaceHead, string outDir, Action<string> log, RunJournal journal)
    {
        var seed = spec.Source.Seed;
        var sourcePath = Path.Combine(sourceDir, "model.pt");
        var (source, _) = Checkpoint.Load(sourcePath);
        using (source)
        using (var model = ModelRegistry.Create(source.Architecture, data.Info, seed))
        {
            TransferHead.Adapt(source, model, replaceHead);
            var masks = TransferMasks.From(source, model);
            try
            {
                ApplyMasks(model, masks);
                double before = Evaluator.Evaluate(model, data.Test).Accuracy;
                FineTuneFrozen(model, masks, data.Train, data.Validation, spec.FineTune, seed * 1000 + 901, journal);
                double? floatAcc = null;
                int bits = 32;
                if (spec.Source.Quantize is { } q)
                {
                    // The source's bit widths are part of its compressed size: fine-tuned weights are snapped
                    // back onto levels re-fitted to them (mask kept), so the comparison stays at equal bits.
                    floatAcc = Evaluator.Evaluate(model, data.Test).Accuracy;
                    foreach (var l in model.PrunableLayers)
                    {
                        int b = q.BitsOf(l.Name);
                        if (b == 32) continue;
                        var (projected, _) = Kit.Quantization.QuantizerExtensions.Project(q.Spec(b).Build($"quantize.layer_bits.{l.Name}"), l.Weight, masks[l.Name], q.Granularity);
                        using (projected) using (no_grad()) l.Weight.copy_(projected);
                    }
                    bits = q.Bits;
                    log($"target frozen: {floatAcc:F2}% in float, snapped back to {bits} bits");
                }
                return Finish(model, data, TransferMode.Frozen, replaceHead, before, floatAcc, bits, spec, outDir, spec.FineTune.Epochs);
            }
            finally { foreach (var m in masks.Values) m.Dispose(); }
        }
    }

    static TransferModeResult DenseReference(TransferSpec spec, string sourceDir, DataSplits data, bool replaceHead, string outDir, RunJournal journal)
    {
        var seed = spec.Source.Seed;
        using var model = Adapted(Path.Combine(sourceDir, "dense.pt"), data.Info, seed, replaceHead);
        double before = Evaluator.Evaluate(model, data.Test).Accuracy;
        new Trainer(model, spec.FineTune, seed * 1000 + 903) { Phase = "transfer dense", Journal = journal }.Fit(data.Train, data.Validation);
        return Finish(model, data, TransferMode.Dense, replaceHead, before, null, 32, spec, outDir, spec.FineTune.Epochs);
    }

    static TransferModeResult Readmm(TransferSpec spec, string sourceDir, DataSplits data, bool replaceHead, string outDir, TransferOptions options, Action<string> log,
        RunJournal journal)
    {
        var seed = spec.Source.Seed;
        var dir = Path.Combine(outDir, "readmm");
        Directory.CreateDirectory(dir);
        var start = Path.Combine(dir, "start.pt");
        double before;
        using (var model = Adapted(Path.Combine(sourceDir, "model.pt"), data.Info, seed, replaceHead))
        {
            before = Evaluator.Evaluate(model, data.Test).Accuracy;
            // Saved as a target-task checkpoint so the compression pipeline accepts it as its starting point.
            Checkpoint.Save(model, start, new CheckpointInfo
            {
                Dataset = spec.Target.Dataset, Classes = spec.Target.Classes, Seed = seed,
                Metrics = new JsonObject { ["adapted_from"] = "source/model.pt", ["head_replaced"] = replaceHead },
            });
        }
        var target = spec.TargetCompression();
        var r = CompressionPipeline.Run(target, dir, new CompressionOptions { Quick = options.Quick, DenseCheckpoint = start, Log = log, Journal = journal });
        return new TransferModeResult
        {
            Mode = TransferMode.Readmm, HeadReplaced = replaceHead, AccuracyBeforeFineTune = before,
            TargetAccuracy = r.Accuracy, TargetValidationAccuracy = r.ValidationAccuracy, Rate = r.OverallRate, Bits = r.Bits,
            FineTuneEpochs = r.Stages.Sum(s => s.AdmmEpochs + s.RetrainEpochs), ModelFile = Path.Combine("readmm", "model.pt"),
        };
    }

    static void ApplyMasks(KitModel model, Dictionary<string, Tensor> masks)
    {
        using var _ = no_grad();
        foreach (var l in model.PrunableLayers) l.Weight.mul_(masks[l.Name]);
    }

    static TransferModeResult Finish(KitModel model, DataSplits data, TransferMode mode, bool replaceHead, double before, double? floatAcc, int bits,
        TransferSpec spec, string outDir, int epochs)
    {
        var test = Evaluator.Evaluate(model, data.Test).Accuracy;
        var val = Evaluator.Evaluate(model, data.Validation).Accuracy;
        long total = 0, nnz = 0;
        foreach (var l in model.PrunableLayers)
        {
            using var c = l.Weight.count_nonzero();
            total += l.Weights; nnz += c.item<long>();
        }
        var file = mode.ToString().ToLowerInvariant() + ".pt";
        Checkpoint.Save(model, Path.Combine(outDir, file), new CheckpointInfo
        {
            Dataset = spec.Target.Dataset, Classes = spec.Target.Classes, Seed = spec.Source.Seed, Spec = Json.ToNode(spec),
            Metrics = new JsonObject { ["accuracy"] = test, ["mode"] = file[..^3] },
        });
        return new TransferModeResult
        {
            Mode = mode, HeadReplaced = replaceHead, AccuracyBeforeFineTune = before, AccuracyBeforeRequantize = floatAcc,
            TargetAccuracy = test, TargetValidationAccuracy = val, Rate = nnz == 0 ? double.PositiveInfinity : (double)total / nnz,
            Bits = bits, FineTuneEpochs = epochs, ModelFile = file,
        };
    }
}
