using System.CommandLine;
using Kit.Experiments;
using Kit.IO;
using Kit.Pruning;
using Kit.Training;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit compress` (run a compression spec), `kit inspect` (what a saved model holds), `kit specs` (write the spec grid), `kit admm-bench`.</summary>
public static class CompressCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Compress();
        yield return Inspect();
        yield return Specs();
        yield return AdmmBench();
    }

    static Command AdmmBench()
    {
        var model = OneOf("--model", "architecture", Kit.Models.ModelRegistry.Names, "lenet5");
        var dataset = OneOf("--dataset", "dataset", Kit.Data.DatasetRegistry.Names, "mnist");
        var pairs = Positive("--pairs", "plain/ADMM epoch pairs (ABBA order)", 2, 50);
        var threads = Threads();
        var seed = Seed();
        var data = DataDir();
        var output = new Option<string>("--out") { Description = "JSON report path", DefaultValueFactory = _ => "artifacts/bench/admm.json" };
        var cmd = new Command("admm-bench", "seconds of an ADMM W-step epoch vs a plain training epoch (medians, interleaved)")
        {
            model, dataset, pairs, threads, seed, data, output,
        };
        cmd.SetAction(r => Guard(() =>
        {
            var b = Kit.Admm.AdmmBenchmark.Run(r.GetValue(model)!, r.GetValue(dataset)!, r.GetValue(pairs), r.GetValue(threads), r.GetValue(seed), r.GetValue(data), Console.WriteLine);
            Console.WriteLine($"{b.TrainImages} images, batch {b.BatchSize}, {b.Threads} threads, median per epoch: wall plain {b.PlainMedian:F2} s, ADMM {b.AdmmMedian:F2} s ({b.Ratio:F3}x); CPU plain {b.PlainCpuMedian:F2} s, ADMM {b.AdmmCpuMedian:F2} s ({b.CpuRatio:F3}x)");
            var outPath = r.GetValue(output)!;
            AtomicFile.WriteAllText(outPath, Json.Serialize(new { kit_version = KitInfo.Version, machine = KitInfo.Machine(), omp_wait_policy = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"), result = b }));
            Console.WriteLine($"wrote {outPath}");
            return 0;
        }));
        return cmd;
    }

    static Command Compress()
    {
        var specPath = new Option<string?>("--spec") { Description = "compression spec (JSON; see specs/)" };
        var quick = new Option<bool>("--quick") { Description = "quick mode: 2,000 training images, 1-2 epochs per phase (a smoke run, not a result)" };
        var output = new Option<string?>("--out") { Description = "output folder (default: artifacts/compress/NAME[-quick])" };
        var dense = new Option<string?>("--dense") { Description = "start from this dense checkpoint (model.pt of `kit train` or dense.pt of an earlier compress) instead of training one" };
        var threads = new Option<int?>("--threads") { Description = "torch CPU threads (overrides the spec)" };
        var data = DataDir();
        var resume = ResumeSupport.Option();
        var device = new Option<string?>("--device") { Description = "where to train, overriding the spec: auto (CUDA when available), cpu, cuda" };
        var cmd = new Command("compress", "ADMM-NN-S: train dense, prune (ADMM, hard mapping, masked retraining), quantize, evaluate; writes result.json")
        {
            specPath, quick, output, dense, threads, data, resume, device,
        };
        cmd.SetAction(r => Guard(() =>
        {
            CompressionSpec spec;
            bool isQuick = r.GetValue(quick);
            string? denseCheckpoint = r.GetValue(dense);
            string? stageCache = null;
            string outDir;
            var mode = Kit.Training.ResumeMode.Fresh;
            if (r.GetValue(resume) is { } resumeDir)
            {
                var run = ResumeSupport.Read(resumeDir, "compress", "result.json", ("--spec", r.GetValue(specPath) is not null), ("--quick", isQuick),
                    ("--dense", denseCheckpoint is not null), ("--out", r.GetValue(output) is not null));
                if (run is null) return 0;
                spec = Json.Parse<CompressionSpec>(run["spec"]!.ToJsonString(), RunJournalPath(resumeDir), strict: true);
                isQuick = (bool?)run["quick"] ?? false;
                denseCheckpoint = (string?)run["dense_checkpoint"];
                // A sweep entry or cache run continued from shared stages; resuming it needs them again.
                stageCache = (string?)run["stage_cache"];
                outDir = resumeDir;
                mode = Kit.Training.ResumeMode.Resume;
            }
            else
            {
                spec = Json.ReadFile<CompressionSpec>(r.GetValue(specPath) ?? throw new KitException("--spec FILE is required (or --resume DIR)"), strict: true);
                outDir = "";
            }
            if (r.GetValue(threads) is { } t)
            {
                // Allowed (a machine may have other cores than the one that started the run), but summation orders change.
                if (mode == Kit.Training.ResumeMode.Resume && t != spec.Threads)
                    Say($"note: resuming with {t} threads instead of {spec.Threads}: the result will not be bit-identical to an uninterrupted run");
                spec = spec with { Threads = t };
            }
            if (r.GetValue(data) is { } d) spec = spec with { Data = spec.Data with { DataDir = d } };
            if (r.GetValue(device) is { } dev)
                spec = spec with { Device = dev.ToLowerInvariant() switch { "auto" => DeviceChoice.Auto, "cpu" => DeviceChoice.Cpu, "cuda" => DeviceChoice.Cuda,
                    _ => throw new KitException($"--device: unknown value '{dev}' (known: auto, cpu, cuda)") } };
            spec.Validate();
            if (mode == Kit.Training.ResumeMode.Fresh)
                outDir = r.GetValue(output) ?? Path.Combine("artifacts", "compress", spec.Name + (isQuick ? "-quick" : ""));
            Say($"kit {KitInfo.Version}: compress {spec.Name} ({spec.Model} on {spec.Data.Dataset}){(isQuick ? " (quick mode)" : "")}");
            var result = TrainProgressView.Run(spec.Name, (progress, _) => CompressionPipeline.Run(spec, outDir, new CompressionOptions
            {
                Quick = isQuick,
                DenseCheckpoint = denseCheckpoint,
                StageCache = stageCache,
                Resume = mode,
                Progress = progress,
                OnEpoch = PrintEpoch,
                Log = Say,
            }));
            PrintLayers(result.Layers.Select(l => (l.Name, l.Shape, l.Weights, l.Nonzero, l.KeptRows, l.KeptColumns, l.Levels, l.Bits)));
            Say($"dense {result.DenseAccuracy:F2}% -> after mapping {result.AccuracyAfterMapping:F2}% -> pruned {result.AccuracyAfterRetrain:F2}% -> final {result.Accuracy:F2}% (test; drop {result.AccuracyDrop:F2} points)");
            Say($"overall rate {result.OverallRate:F1}x ({result.Nonzero:N0} of {result.Weights:N0} weights), bits {result.Bits}; {result.Seconds:F0} s wall, {result.CpuSeconds:F0} s CPU, {result.Threads} threads");
            if (!double.IsNaN(result.Timing.AdmmOverPlain))
                Say($"epoch time: plain {result.Timing.DenseEpochSeconds:F2} s, ADMM {result.Timing.AdmmEpochSeconds:F2} s ({result.Timing.AdmmOverPlain:F2}x)");
            Say($"wrote {Path.Combine(outDir, "result.json")}, {Path.Combine(outDir, "model.pt")}, {Path.Combine(outDir, "admm_log.json")}");
            return 0;
        }));
        return cmd;
    }

    static string RunJournalPath(string dir) => Kit.Training.RunJournal.PathIn(dir);

    /// <summary>A line above the live progress bar on a terminal (one writer for both: they never run into each other); plain text in logs.</summary>
    static void Say(string line) => TrainProgressView.Say(line);

    static void PrintEpoch(EpochRecord r)
    {
        var val = double.IsNaN(r.ValidationAccuracy) ? "" : $" validation {r.ValidationAccuracy:F2}%";
        var train = double.IsNaN(r.TrainAccuracy) ? "" : $" train {r.TrainAccuracy:F2}%";
        Say($"{r.Phase} epoch {r.Epoch}: loss {r.TrainLoss:F4}{train}{val} {r.Seconds:F1} s");
    }

    static void PrintLayers(IEnumerable<(string name, int[] shape, long weights, long nonzero, int rows, int cols, int levels, int bits)> layers)
    {
        Say($"{"layer",-8} {"GEMM shape",12} {"weights",9} {"nonzero",9} {"rate",8} {"rows",6} {"cols",6} {"levels",7} {"bits",5}");
        foreach (var l in layers)
        {
            double rate = l.nonzero == 0 ? double.PositiveInfinity : (double)l.weights / l.nonzero;
            Say($"{l.name,-8} {$"{l.shape[0]}x{l.shape[1]}",12} {l.weights,9:N0} {l.nonzero,9:N0} {rate,7:F1}x {l.rows,6} {l.cols,6} {l.levels,7} {(l.bits == 32 ? "float" : l.bits.ToString()),5}");
        }
    }

    static Command Inspect()
    {
        var model = new Argument<string>("MODEL") { Description = "a saved model (.pt with its .json sidecar, or a file of kit export)" };
        var output = new Option<string?>("--out") { Description = "JSON report path (default: MODEL with .inspect.json)" };
        var against = new Option<string?>("--against") { Description = "another saved model of the same architecture: report per-layer overlap of the nonzero supports" };
        var cmd = new Command("inspect", "per-layer sparsity, surviving rows/columns and distinct weight values of a saved model") { model, output, against };
        cmd.SetAction(r => Guard(() =>
        {
            var path = r.GetValue(model)!;
            TorchRuntime.Start(1);
            var report = ModelInspection.Of(path, r.GetValue(against));
            var info = Kit.Export.ModelLoader.ReadInfo(path);
            Say($"{path}: {report.Architecture} on {report.Dataset}, kit {info.KitVersion}");
            PrintLayers(report.Layers.Select(s => (s.Name, s.Shape, s.Weights, s.Nonzero, s.KeptRows, s.KeptColumns, s.Levels, s.Bits)));
            Say($"overall rate {report.OverallRate:F1}x ({report.Nonzero:N0} of {report.Weights:N0} prunable weights nonzero)");
            if (report.SupportOverlap is { } overlap)
            {
                Say($"support overlap with {r.GetValue(against)} (nonzero in both / nonzero in either):");
                foreach (var o in overlap)
                    Say($"{o.Layer,-8} this {o.ThisNonzero,9:N0} other {o.OtherNonzero,9:N0} both {o.Both,9:N0} jaccard {o.Jaccard:F3}");
            }
            var outPath = r.GetValue(output) ?? Path.ChangeExtension(path, ".inspect.json");
            AtomicFile.WriteAllText(outPath, Json.Serialize(report));
            Say($"wrote {outPath}");
            return 0;
        }));
        return cmd;
    }

    static Command Specs()
    {
        var output = new Option<string>("--out") { Description = "folder for the spec files", DefaultValueFactory = _ => "specs" };
        var cmd = new Command("specs", "write the shipped LeNet-5 compression spec grid (MNIST, Fashion-MNIST)") { output };
        cmd.SetAction(r => Guard(() =>
        {
            var paths = SpecGrid.Write(r.GetValue(output)!);
            Say($"wrote {paths.Count} specs to {r.GetValue(output)}");
            return 0;
        }));
        return cmd;
    }
}
