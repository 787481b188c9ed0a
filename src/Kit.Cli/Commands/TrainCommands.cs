using System.CommandLine;
using Kit.Data;
using Kit.IO;
using Kit.Models;
using Kit.Training;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit train` and `kit bench train`.</summary>
public static class TrainCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Train();
        var bench = new Command("bench", "benchmarks (timings, not tests)");
        bench.Subcommands.Add(BenchTrain());
        bench.Subcommands.Add(CostCommands.BenchSparse());
        bench.Subcommands.Add(BenchJobsCommand.Create());
        bench.Subcommands.Add(BenchSummaryCommand.Create());
        bench.Subcommands.Add(BenchSummaryCommand.FirstRun());
        yield return bench;
    }

    static Command Train()
    {
        var model = OneOf("--model", "architecture", ModelRegistry.Names, "lenet5");
        var dataset = OneOf("--dataset", "dataset", DatasetRegistry.Names, "mnist");
        var epochs = Positive("--epochs", "training epochs", 15, 10000);
        var batch = Positive("--batch-size", "batch size", 64, 65536);
        var lr = new Option<double>("--lr") { Description = "base learning rate", DefaultValueFactory = _ => 0.01 };
        var optimizer = OneOf("--optimizer", "optimizer", ["sgd", "adam"], "sgd");
        var schedule = OneOf("--schedule", "learning-rate schedule", ["cosine", "step", "constant"], "cosine");
        var warmup = new Option<double>("--warmup-epochs") { Description = "epochs of linear learning-rate warm-up before the schedule", DefaultValueFactory = _ => 0 };
        var weightDecay = new Option<double>("--weight-decay") { Description = "L2 weight decay", DefaultValueFactory = _ => 5e-4 };
        var validation = new Option<int>("--validation") { Description = "validation images held out of the training set", DefaultValueFactory = _ => 5000 };
        var trainLimit = new Option<int?>("--train-limit") { Description = "use only this many training images" };
        var quick = new Option<bool>("--quick") { Description = "quick mode: 20,000 training images, 2,000 validation, at most 3 epochs" };
        var seed = Seed();
        var threads = Threads();
        var data = DataDir();
        var output = new Option<string>("--out") { Description = "output folder (metrics.json, model.pt, model.json)", DefaultValueFactory = _ => "artifacts/train" };
        var resume = ResumeSupport.Option();
        var device = OneOf("--device", "where to train (auto = CUDA when available)", ["auto", "cpu", "cuda"], "auto");
        var cmd = new Command("train", "train a model, choose the checkpoint on validation, report test accuracy")
        {
            model, dataset, epochs, batch, lr, optimizer, schedule, warmup, weightDecay, validation, trainLimit, quick, seed, threads, data, output, resume, device,
        };
        cmd.SetAction(r => Guard(() =>
        {
            if (r.GetValue(resume) is { } resumeDir)
            {
                // Only the folder is needed: every option of the run is in its journal.
                var run = ResumeSupport.Read(resumeDir, "train", "metrics.json");
                if (run is null) return 0;
                var stored = Json.Parse<TrainSpec>(run.ToJsonString(), RunJournal.PathIn(resumeDir), strict: true);
                var done = TrainProgressView.Run($"{stored.Model}/{stored.Data.Dataset}", (p, onEpoch) => TrainRun.Run(stored, resumeDir, p, onEpoch, ResumeMode.Resume));
                Console.WriteLine($"test accuracy {done.TestAccuracy:F2}% (loss {done.TestLoss:F4})");
                Console.WriteLine($"wrote {Path.Combine(resumeDir, "metrics.json")} and {Path.Combine(resumeDir, "model.pt")}");
                return 0;
            }
            var spec = new TrainSpec
            {
                Model = r.GetValue(model)!.ToLowerInvariant(),
                Seed = r.GetValue(seed),
                Threads = r.GetValue(threads),
                Device = Enum.Parse<DeviceChoice>(r.GetValue(device)!, true),
                Data = new DataOptions
                {
                    Dataset = r.GetValue(dataset)!.ToLowerInvariant(),
                    ValidationSize = r.GetValue(validation),
                    TrainLimit = r.GetValue(trainLimit),
                    DataDir = r.GetValue(data),
                },
                Train = new TrainConfig
                {
                    Epochs = r.GetValue(epochs),
                    BatchSize = r.GetValue(batch),
                    Lr = r.GetValue(lr),
                    WeightDecay = r.GetValue(weightDecay),
                    Optimizer = Enum.Parse<OptimizerType>(r.GetValue(optimizer)!, true),
                    Schedule = new LrScheduleSpec { Type = Enum.Parse<ScheduleType>(r.GetValue(schedule)!, true), WarmupEpochs = r.GetValue(warmup) },
                },
            };
            if (r.GetValue(quick)) spec = spec.AsQuick();
            var outDir = r.GetValue(output)!;
            Console.WriteLine($"kit {KitInfo.Version}: training {spec.Model} on {spec.Data.Dataset}, {spec.Train.Epochs} epochs, seed {spec.Seed}{(r.GetValue(quick) ? " (quick mode)" : "")}");
            var m = TrainProgressView.Run($"{spec.Model}/{spec.Data.Dataset}", (p, onEpoch) => TrainRun.Run(spec, outDir, p, onEpoch));
            Console.WriteLine($"images: train {m.TrainImages}, validation {m.ValidationImages}, test {m.TestImages}");
            Console.WriteLine($"best validation epoch {m.BestEpoch}: validation {m.ValidationAccuracy:F2}%");
            Console.WriteLine($"test accuracy {m.TestAccuracy:F2}% (loss {m.TestLoss:F4}); {m.Seconds:F1} s total, {m.SecondsPerEpoch:F1} s/epoch, {TorchRuntime.Threads} threads");
            Console.WriteLine($"wrote {Path.Combine(outDir, "metrics.json")} and {Path.Combine(outDir, "model.pt")}");
            return 0;
        }));
        return cmd;
    }

    static Command BenchTrain()
    {
        var model = OneOf("--model", "architecture", ModelRegistry.Names, "lenet5");
        var dataset = OneOf("--dataset", "dataset", DatasetRegistry.Names, "fashion-mnist");
        var batches = new Option<int[]>("--batch-sizes") { Description = "batch sizes to time", DefaultValueFactory = _ => [64, 128, 256], AllowMultipleArgumentsPerToken = true };
        var epochs = Positive("--epochs", "timed epochs per batch size", 3, 100);
        var threads = Threads();
        var seed = Seed();
        var data = DataDir();
        var output = new Option<string>("--out") { Description = "JSON report path", DefaultValueFactory = _ => "artifacts/bench/train.json" };
        var compareRaw = new Option<bool>("--compare-raw") { Description = "time the kit's loop against a plain TorchSharp loop (LeNet-5, same batch and SGD), epoch for epoch, at each batch size" };
        var cmd = new Command("train", "median seconds per 60,000-image training epoch at several batch sizes, with a time breakdown")
        {
            model, dataset, batches, epochs, threads, seed, data, output, compareRaw,
        };
        cmd.SetAction(r => Guard(() =>
        {
            if (r.GetValue(compareRaw)) return CompareRaw(r.GetValue(model)!, r.GetValue(dataset)!, r.GetValue(batches)!, r.GetValue(epochs), r.GetValue(threads), r.GetValue(seed), r.GetValue(data), r.GetValue(output)!);
            var rows = new List<TrainBenchRow>();
            foreach (var b in r.GetValue(batches)!)
            {
                if (b < 1) throw new KitException($"--batch-sizes: {b} is not a positive batch size");
                var row = TrainBenchmark.Run(r.GetValue(model)!, r.GetValue(dataset)!, b, r.GetValue(epochs), r.GetValue(threads), r.GetValue(seed), r.GetValue(data), Console.WriteLine);
                rows.Add(row);
            }
            Console.WriteLine($"{"batch",6} {"threads",7} {"median s/epoch",15} {"test acc %",10} {"batching",9} {"forward",8} {"backward",9} {"step",6} {"other",6}");
            foreach (var x in rows)
                Console.WriteLine($"{x.BatchSize,6} {x.Threads,7} {x.MedianEpochSeconds,15:F2} {x.TestAccuracy,10:F2} {x.BatchingShare,9:P0} {x.ForwardShare,8:P0} {x.BackwardShare,9:P0} {x.StepShare,6:P0} {x.OtherShare,6:P0}");
            var outPath = r.GetValue(output)!;
            AtomicFile.WriteAllText(outPath, Json.Serialize(new { kit_version = KitInfo.Version, machine = KitInfo.Machine(), rows }));
            Console.WriteLine($"wrote {outPath}");
            return 0;
        }));
        return cmd;
    }

    static int CompareRaw(string model, string dataset, int[] batches, int epochs, int threads, long seed, string? data, string outPath)
    {
        if (model != "lenet5") throw new KitException($"--compare-raw: the plain loop is LeNet-5; got --model {model}");
        var rows = new List<RawLoopComparisonReport>();
        foreach (var b in batches)
        {
            if (b < 1) throw new KitException($"--batch-sizes: {b} is not a positive batch size");
            rows.Add(RawLoopComparison.Run(dataset, b, epochs, threads, seed, data, Console.WriteLine));
        }
        Console.WriteLine($"{"batch",6} {"threads",7} {"kit s/epoch",12} {"raw s/epoch",12} {"kit/raw",8} {"kit acc %",10} {"raw acc %",10}");
        foreach (var x in rows)
            Console.WriteLine($"{x.BatchSize,6} {x.Threads,7} {x.KitSecondsPerEpoch,12:F2} {x.RawLoopSecondsPerEpoch,12:F2} {x.KitOverRaw,8:F3} {x.KitTestAccuracy,10:F2} {x.RawLoopTestAccuracy,10:F2}");
        AtomicFile.WriteAllText(outPath, Json.Serialize(new { kit_version = KitInfo.Version, machine = KitInfo.Machine(), compare_raw = rows }));
        Console.WriteLine($"wrote {outPath}");
        return 0;
    }
}
