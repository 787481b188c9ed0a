using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Kit.Data;
using Kit.IO;
using Kit.Robustness;
using Kit.Training;
using Kit.Transfer;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>RQ5: `kit attack` (clean and robust accuracy of a saved model), `kit transfer` (prune on a source task, fine-tune on a target) and `kit rq5 summary` (the tables of docs/rq5.md from run.sh's results).</summary>
public static class Rq5Commands
{
    public static IEnumerable<Command> Create()
    {
        yield return Attack();
        yield return TransferCmd();
        yield return TransferSpecs();
        yield return Rq5();
    }

    static int Rq5Tables(string dir, string? outPath, string[] into, string block,
        Func<IReadOnlyList<Kit.Research.RobustnessRecord>, IReadOnlyList<Kit.Research.TransferRecord>, string> render)
    {
        // The block quotes the committed runs (`kit docs check` renders it from results/rq5), never local ones.
        if (into.Length > 0 && Path.GetFullPath(dir).TrimEnd('/') != Path.GetFullPath(Path.Combine("results", "rq5")))
            throw new KitException($"--into writes the block of the committed runs: give DIR results/rq5 (publish {dir} first with `kit rq5 publish`)");
        var (robust, transfer) = Kit.Research.Rq5Summary.LoadDirectory(dir);
        if (robust.Count == 0 && transfer.Count == 0) throw new KitException($"{dir}: no attack or transfer results found (expected seedN/attack-*.json or transfer/*/result.json)");
        var md = render(robust, transfer);
        if (outPath is not null) AtomicFile.WriteAllText(outPath, md);
        WriteInto(into, md, Kit.Docs.GeneratedBlocks.Markers(block));
        if (into.Length == 0) Console.Write(md);
        return 0;
    }

    static Command Rq5()
    {
        var dir = new Argument<string>("DIR") { Description = "folder written by specs/rq5-reduced/run.sh (seedN/, adv-seedN/, transfer/)", DefaultValueFactory = _ => Path.Combine("artifacts", "rq5") };
        var output = new Option<string?>("--out") { Description = "also write the markdown to this file" };
        var into = new Option<string[]>("--into") { Description = "rewrite the generated block of these markdown files (docs/rq5.md; read from results/rq5)", AllowMultipleArgumentsPerToken = true };
        var summary = new Command("summary", "RQ5 tables (mean ± sd over seeds) and the winner per column, as markdown (the tables of docs/rq5.md)") { dir, output, into };
        summary.SetAction(r => Guard(() => Rq5Tables(r.GetValue(dir)!, r.GetValue(output), r.GetValue(into) ?? [], "rq5 summary", Kit.Research.Rq5Summary.Markdown)));
        var dir2 = new Argument<string>("DIR") { Description = "folder of RQ5 runs (run.sh's artifacts/rq5, or the committed results/rq5)", DefaultValueFactory = _ => Path.Combine("results", "rq5") };
        var into2 = new Option<string[]>("--into") { Description = "rewrite the generated block of these markdown files (README.md)", AllowMultipleArgumentsPerToken = true };
        var overview = new Command("overview", "the README's RQ5 table: clean, PGD 0.1 and FGSM 0.1 per model and setting, transfer per pair and mode, each with its winner by the claim rule") { dir2, into2 };
        overview.SetAction(r => Guard(() => Rq5Tables(r.GetValue(dir2)!, null, r.GetValue(into2) ?? [], "rq5 overview", Kit.Research.Rq5Summary.Overview)));
        var src = new Argument<string>("DIR") { Description = "folder written by specs/rq5-reduced/run.sh", DefaultValueFactory = _ => Path.Combine("artifacts", "rq5") };
        var target = new Option<string>("--into") { Description = "the committed RQ5 results folder", DefaultValueFactory = _ => Path.Combine("results", "rq5") };
        var replace = new Option<bool>("--replace") { Description = "publish over an existing folder (replaced in one rename)" };
        var publish = new Command("publish", "commit RQ5 runs: results, specs, attack reports and every model as a compressed model file (no checkpoints) into results/rq5") { src, target, replace };
        publish.SetAction(r => Guard(() =>
        {
            var p = Kit.Research.Rq5Publish.Publish(r.GetValue(src)!, r.GetValue(target)!, r.GetValue(replace));
            Console.WriteLine($"published {r.GetValue(src)} -> {p.Target}: {p.Results} results, {p.Attacks} attack reports, {p.Models} models " +
                $"({p.ModelFileBytes:N0} bytes as model files; the checkpoints, not copied, hold {p.CheckpointBytes:N0})");
            return 0;
        }));
        var cmd = new Command("rq5", "RQ5 results (adversarial robustness, transfer)");
        cmd.Subcommands.Add(summary);
        cmd.Subcommands.Add(publish);
        cmd.Subcommands.Add(overview);
        return cmd;
    }

    static Command TransferSpecs()
    {
        var output = new Option<string>("--out") { Description = "folder for the spec files", DefaultValueFactory = _ => Path.Combine("specs", "transfer") };
        var cmd = new Command("transfer-specs", "write the shipped transfer specs (3 task pairs x irregular/column/filter_column at 10x)") { output };
        cmd.SetAction(r => Guard(() =>
        {
            var paths = TransferSpecGrid.Write(r.GetValue(output)!);
            Console.WriteLine($"wrote {paths.Count} specs to {r.GetValue(output)}");
            return 0;
        }));
        return cmd;
    }

    static Command Attack()
    {
        var model = new Option<string>("--model") { Description = "a saved model (.pt with its .json sidecar, or a file of kit export)", Required = true };
        var attack = new Option<string>("--attack") { Description = "fgsm or pgd", DefaultValueFactory = _ => "pgd" };
        var eps = new Option<string>("--eps") { Description = "L-inf radius in pixel units on [0,1]; a comma list is a sweep (e.g. 0,0.1,0.2,0.3)", DefaultValueFactory = _ => "0.3" };
        var steps = new Option<int>("--steps") { Description = "PGD steps", DefaultValueFactory = _ => 40 };
        var stepSize = new Option<double>("--step-size") { Description = "PGD step size (pixel units)", DefaultValueFactory = _ => 0.01 };
        var noRandom = new Option<bool>("--no-random-start") { Description = "PGD starts at the clean image instead of a uniform point in the ball" };
        var limit = new Option<int?>("--limit") { Description = "attack only the first N test images" };
        var batch = Positive("--batch-size", "images per attack batch", 500, 65536);
        var json = new Option<bool>("--json") { Description = "print the result as JSON on stdout (progress goes to stderr)" };
        var output = new Option<string?>("--out") { Description = "also write the JSON result to this file" };
        var seed = Seed();
        var threads = Threads();
        var data = DataDir();
        var cmd = new Command("attack", "clean and FGSM/PGD robust accuracy (L-inf, [0,1] pixels) of a saved model on its test set")
        {
            model, attack, eps, steps, stepSize, noRandom, limit, batch, json, output, seed, threads, data,
        };
        cmd.SetAction(r => Guard(() =>
        {
            var kind = AttackConfig.ParseKind(r.GetValue(attack)!);
            var epsilons = ParseList(r.GetValue(eps)!, "--eps");
            var config = new AttackConfig
            {
                Kind = kind, Steps = r.GetValue(steps), StepSize = r.GetValue(stepSize),
                RandomStart = !r.GetValue(noRandom), Seed = r.GetValue(seed),
            };
            foreach (var e in epsilons) (config with { Eps = e }).Validate("--eps/--steps/--step-size: attack");
            if (r.GetValue(limit) is < 1) throw new KitException($"--limit must be >= 1, got {r.GetValue(limit)}");
            bool asJson = r.GetValue(json);
            TextWriter say = asJson ? Console.Error : Console.Out;
            var path = r.GetValue(model)!;
            TorchRuntime.Start(r.GetValue(threads));
            var report = AttackReport.Run(path, config, epsilons, r.GetValue(limit), r.GetValue(batch), r.GetValue(data), say.WriteLine);
            foreach (var p in report.Points)
                say.WriteLine($"eps {p.Eps,-6:G4} clean {report.CleanAccuracy:F2}%  robust {p.RobustAccuracy:F2}%");
            var text = Json.Serialize(report);
            if (r.GetValue(output) is { } outPath) { AtomicFile.WriteAllText(outPath, text); say.WriteLine($"wrote {outPath}"); }
            if (asJson) Console.Out.WriteLine(text);
            return 0;
        }));
        return cmd;
    }

    static Command TransferCmd()
    {
        var specPath = new Option<string?>("--spec") { Description = "transfer spec (JSON; see specs/transfer/)" };
        var quick = new Option<bool>("--quick") { Description = "quick mode: small subsets and 1-2 epochs per phase (a smoke run, not a result)" };
        var output = new Option<string?>("--out") { Description = "output folder (default: artifacts/transfer/NAME[-quick])" };
        var threads = new Option<int?>("--threads") { Description = "torch CPU threads (overrides the spec)" };
        var data = DataDir();
        var resume = ResumeSupport.Option();
        var cmd = new Command("transfer", "prune (and quantize) on a source task, then fine-tune on a target task: masks frozen, re-pruned by ADMM, dense reference")
        {
            specPath, quick, output, threads, data, resume,
        };
        cmd.SetAction(r => Guard(() =>
        {
            TransferSpec spec;
            bool isQuick = r.GetValue(quick);
            string? outDir = null;
            var mode = Kit.Training.ResumeMode.Fresh;
            if (r.GetValue(resume) is { } resumeDir)
            {
                var run = ResumeSupport.Read(resumeDir, "transfer", "result.json", ("--spec", r.GetValue(specPath) is not null), ("--quick", isQuick), ("--out", r.GetValue(output) is not null));
                if (run is null) return 0;
                spec = Json.Parse<TransferSpec>(run["spec"]!.ToJsonString(), Kit.Training.RunJournal.PathIn(resumeDir), strict: true);
                isQuick = (bool?)run["quick"] ?? false;
                outDir = resumeDir;
                mode = Kit.Training.ResumeMode.Resume;
            }
            else spec = Json.ReadFile<TransferSpec>(r.GetValue(specPath) ?? throw new KitException("--spec FILE is required (or --resume DIR)"), strict: true);
            if (r.GetValue(threads) is { } t) spec = spec with { Source = spec.Source with { Threads = t } };
            if (r.GetValue(data) is { } d) spec = spec.WithDataDir(d);
            spec.Validate();
            outDir ??= r.GetValue(output) ?? Path.Combine("artifacts", "transfer", spec.Name + (isQuick ? "-quick" : ""));
            Console.WriteLine($"kit {KitInfo.Version}: transfer {spec.Name} ({spec.Source.Data.Dataset} -> {spec.Target.Dataset}){(isQuick ? " (quick mode)" : "")}");
            var result = TransferRunner.Run(spec, outDir, new TransferOptions { Quick = isQuick, Log = Console.WriteLine, Resume = mode });
            Console.WriteLine($"source: {result.Source.Accuracy:F2}% (dense {result.Source.DenseAccuracy:F2}%), rate {result.Source.Rate:F1}x, bits {result.Source.Bits}");
            foreach (var m in result.Modes)
                Console.WriteLine($"target {m.Mode,-7}: {m.TargetAccuracy:F2}% (before fine-tuning {m.AccuracyBeforeFineTune:F2}%), rate {m.Rate:F1}x, bits {m.Bits}, head {(m.HeadReplaced ? "replaced" : "kept")}");
            Console.WriteLine($"wrote {Path.Combine(outDir, "result.json")}");
            return 0;
        }));
        return cmd;
    }

    static List<double> ParseList(string text, string option)
    {
        var list = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsNaN(v))
                throw new KitException($"{option}: '{part}' is not a number");
            list.Add(v);
        }
        if (list.Count == 0) throw new KitException($"{option}: give at least one value");
        return list;
    }
}
