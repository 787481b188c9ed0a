using System.CommandLine;
using Kit.Docs;
using System.Globalization;
using Kit.IO;
using Kit.Study;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit study plan` and `kit study run`: a grid of shared prefixes (see <see cref="StudySpec"/>).</summary>
public static class StudyCommands
{
    public static IEnumerable<Command> Create()
    {
        var study = new Command("study", "a study grid of shared prefixes: one dense model per seed, progressive rate chains, every pruned model quantized at every bit width");
        study.Subcommands.Add(Plan());
        study.Subcommands.Add(Run());
        study.Subcommands.Add(VerdictCommand());
        study.Subcommands.Add(MethodsCommand());
        study.Subcommands.Add(StudyBenchCommand.Create());
        study.Subcommands.Add(StudyCompareCommand.Create());
        foreach (var c in StudyModelCommands.Create()) study.Subcommands.Add(c);
        yield return study;
    }

    static Argument<string> SpecArgument() => new("spec") { Description = "the study spec (JSON), e.g. specs/study/lenet5-study.json" };
    static Option<bool> QuickOption() => new("--quick") { Description = "smoke scale (data subsets, 1-2 epochs a phase); results go under artifacts/, never into results/" };
    static Option<string?> ResultsOption() => new("--results") { Description = "results folder (default: results/study/, or artifacts/study-quick/results with --quick)" };
    static Option<string?> WorkOption() => new("--work") { Description = "checkpoints and unfinished runs (default: artifacts/study, or artifacts/study-quick/work with --quick)" };

    static StudyRunOptions Options(bool quick, string? results, string? work) => new()
    {
        Quick = quick,
        ResultsDir = results ?? (quick ? Path.Combine("artifacts", "study-quick", "results") : Path.Combine("results", Kit.Results.ResultsSummary.StudyFolder)),
        WorkDir = work ?? (quick ? Path.Combine("artifacts", "study-quick", "work") : Path.Combine("artifacts", "study")),
    };

    static Command Plan()
    {
        var spec = SpecArgument();
        var lanes = Positive("--lanes", "lanes (single-thread processes) to share the work", 2, 64);
        var epochSeconds = new Option<double>("--epoch-seconds") { Description = "seconds per 60,000-image epoch on one thread, for the CPU-hour estimate", DefaultValueFactory = _ => 30 };
        var quick = QuickOption();
        var results = ResultsOption();
        var work = WorkOption();
        var into = new Option<string[]>("--into") { Description = "rewrite the generated plan block (totals, what is left) of these markdown files (README.md, docs/...)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("plan", "list the study's runs (parent, epochs, done or not) and the epochs with and without sharing prefixes") { spec, lanes, epochSeconds, quick, results, work, into };
        cmd.SetAction(r => Guard(() =>
        {
            var plan = StudyPlan.Of(Json.ReadFile<StudySpec>(r.GetValue(spec)!, strict: true));
            var o = Options(r.GetValue(quick), r.GetValue(results), r.GetValue(work));
            var assigned = plan.Lanes(r.GetValue(lanes));
            Console.WriteLine($"{"run folder",-58} {"kind",-8} {"epochs",6} {"lane",4} {"state",-5}  parent");
            int done = 0;
            foreach (var n in plan.Nodes)
            {
                bool isDone = StudyRunner.IsDone(n, o);
                if (isDone) done++;
                string lane = n.Unit is null ? "-" : (assigned[n.Unit] + 1).ToString(CultureInfo.InvariantCulture);
                Console.WriteLine($"{n.Folder,-58} {n.Kind.ToString().ToLowerInvariant(),-8} {n.Epochs,6} {lane,4} {(isDone ? "done" : "todo"),-5}  {n.Parent?.Folder ?? "-"}");
            }
            double s = r.GetValue(epochSeconds);
            Console.WriteLine($"{plan.Nodes.Count} runs, {done} done in {o.ResultsDir}");
            Console.WriteLine($"epochs with shared prefixes: {plan.SharedEpochs:N0} (~{plan.SharedEpochs * s / 3600:F1} CPU-hours at {s:0.#} s/epoch); " +
                $"every reported model run on its own from scratch: {plan.UnsharedEpochs:N0} ({(double)plan.UnsharedEpochs / plan.SharedEpochs:F1}x)");
            var load = plan.Nodes.Where(n => n.Unit is not null).GroupBy(n => assigned[n.Unit!]).OrderBy(g => g.Key)
                .Select(g => $"lane {g.Key + 1}: {g.Sum(n => n.Epochs):N0} epochs");
            Console.WriteLine($"{string.Join(", ", load)} (+ dense models, trained by the first lane that needs them)");
            var files = r.GetValue(into) ?? [];
            if (files.Length > 0)
            {
                // The block keeps the default epoch time whatever --epoch-seconds says, so `kit docs check` renders the same text.
                string specFile = r.GetValue(spec)!.Replace('\\', '/');
                WriteInto(files, StudyPlanSummary.ToMarkdown(plan, specFile, o.ResultsDir, o.ResultsDir.Replace('\\', '/')), GeneratedBlocks.Markers("study plan"));
            }
            return 0;
        }));
        return cmd;
    }

    static Command Run()
    {
        var spec = SpecArgument();
        var lane = new Option<string>("--lane") { Description = "I/N: this process is lane I of N (run N processes side by side, e.g. one per core)", DefaultValueFactory = _ => "1/1" };
        var threads = Positive("--threads", "torch threads of this process (1 per lane on a 2-core machine)", 1, 256);
        var only = new Option<string?>("--only") { Description = "run only the runs whose folder contains this text (and the parents they need)" };
        var quick = QuickOption();
        var results = ResultsOption();
        var work = WorkOption();
        var denseFrom = new Option<string[]>("--dense-from")
        {
            Description = "results folders of other studies (e.g. results/study): a published dense run there made by the same dense spec is adopted instead of retrained",
            AllowMultipleArgumentsPerToken = true,
        };
        var cmd = new Command("run", "run the study's runs not yet in the results folder (resuming unfinished ones), publishing each as it ends") { spec, lane, threads, only, quick, results, work, denseFrom };
        cmd.SetAction(r => Guard(() =>
        {
            var (i, n) = ParseLane(r.GetValue(lane)!);
            var plan = StudyPlan.Of(Json.ReadFile<StudySpec>(r.GetValue(spec)!, strict: true));
            var o = Options(r.GetValue(quick), r.GetValue(results), r.GetValue(work)) with
            {
                Lane = i, Lanes = n, Threads = r.GetValue(threads), Only = r.GetValue(only), DenseFrom = r.GetValue(denseFrom) ?? [],
                Log = line => Console.WriteLine($"{DateTime.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} [lane {i + 1}/{n}] {line}"),
            };
            var summary = StudyRunner.Run(plan, o);
            Console.WriteLine($"study {plan.Spec.Name}: {summary.Done} of {plan.Nodes.Count} runs done in {o.ResultsDir}, {summary.Ran} run by this lane, {summary.Failed} failed");
            foreach (var f in summary.Failures) Console.WriteLine($"  failed: {f}");
            return summary.Failed > 0 ? 1 : 0;
        }));
        return cmd;
    }

    static Command VerdictCommand()
    {
        var results = new Option<string>("--results") { Description = "the study's results folder", DefaultValueFactory = _ => Path.Combine("results", Kit.Results.ResultsSummary.StudyFolder) };
        var name = new Option<string>("--study") { Description = "the study's name (its run folders start with it)", DefaultValueFactory = _ => "study" };
        var output = new Option<string>("--out") { Description = "CSV path", DefaultValueFactory = _ => Path.Combine("results", "verdict.csv") };
        var studySpec = new Option<string>("--spec") { Description = "the study spec, to say how many of its runs are published", DefaultValueFactory = _ => Path.Combine("specs", "study", "lenet5-study.json") };
        var into = new Option<string[]>("--into") { Description = "rewrite the generated verdict block of these markdown files (README.md, docs/...)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("verdict", "per dataset, bit width and tolerance below dense accuracy: each scheme's most compressed model within it, its storage in its cheapest exact format, and the scheme that stores least") { results, name, output, into, studySpec };
        cmd.SetAction(r => Guard(() =>
        {
            var rows = Kit.Study.Verdict.From(r.GetValue(results)!, r.GetValue(name)!);
            if (rows.Count > 0) AtomicFile.WriteAllText(r.GetValue(output)!, Kit.Study.Verdict.ToCsv(rows));
            var md = VerdictSummary.ToMarkdown(rows, r.GetValue(results)!, Kit.Study.Verdict.Progress(r.GetValue(studySpec)!, r.GetValue(results)!));
            WriteInto(r.GetValue(into) ?? [], md, GeneratedBlocks.Markers("study verdict"));
            foreach (var g in rows.Where(x => x.StorageWinner))
                Console.WriteLine($"{g.Dataset} {(g.Bits == 32 ? "float" : $"{g.Bits} bit")} within {g.TolerancePoints:0.0#} points: {g.Scheme} stores least " +
                    $"({g.StorageBits:N0} bits, {g.StorageFormat}, {g.Rate:F1}x, {g.Seeds} seed(s)){(g.StorageMargin is { } m ? $", {m:F2}x below the next" : "")}");
            Console.WriteLine(rows.Count == 0 ? $"no finished run of study '{r.GetValue(name)}' in {r.GetValue(results)}: nothing written" : $"{rows.Count} rows; wrote {r.GetValue(output)}");
            return 0;
        }));
        return cmd;
    }

    static Command MethodsCommand()
    {
        var results = new Option<string>("--results") { Description = "the study's results folder", DefaultValueFactory = _ => Path.Combine("results", Kit.Results.ResultsSummary.StudyFolder) };
        var into = new Option<string[]>("--into") { Description = "rewrite the generated ADMM-vs-magnitude block of these markdown files (README.md, docs/...)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("methods", "ADMM against its equal-epoch magnitude control per dataset, scheme and rate (float runs, mean over seeds, beyond the seed spread or not), as a markdown table") { results, into };
        cmd.SetAction(r => Guard(() =>
        {
            var md = MethodTable.ToMarkdown(r.GetValue(results)!);
            WriteInto(r.GetValue(into) ?? [], md, GeneratedBlocks.Markers("study methods"));
            if ((r.GetValue(into) ?? []).Length == 0) Console.Write(md);
            return 0;
        }));
        return cmd;
    }

    static (int lane, int lanes) ParseLane(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int i) || !int.TryParse(parts[1], out int n) || n < 1 || i < 1 || i > n)
            throw new KitException($"--lane: give I/N with 1 <= I <= N (e.g. 1/2), got '{text}'");
        return (i - 1, n);
    }
}
