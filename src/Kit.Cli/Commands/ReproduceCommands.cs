using System.CommandLine;
using System.Diagnostics;
using Kit.Research;
using Kit.Notebooks;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit reproduce`: every research question without a notebook kernel, then the notebooks headlessly (same library calls, same cache).</summary>
public static class ReproduceCommands
{
    public static IEnumerable<Command> Create()
    {
        var quick = new Option<bool>("--quick") { Description = "quick mode: recompute at smoke scale (a few minutes on 2 cores); without a mode flag nothing trains: the questions read the committed results in results/ (seconds)" };
        var full = new Option<bool>("--full") { Description = "full mode: the shipped specs as they are (hours on 2 cores), and the study compared with a recomputed one when artifacts/study-recompute exists" };
        var tiny = new Option<bool>("--tiny") { Description = "tiny mode (300 images): for tests of the plumbing only", Hidden = true };
        var rq = new Option<int[]>("--rq") { Description = "research questions to run (1..5; default all)", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "output folder", DefaultValueFactory = _ => Path.Combine("artifacts", "reproduce") };
        var cache = new Option<string?>("--cache") { Description = "experiment cache folder (default: artifacts/cache, shared with the notebooks)" };
        var noNotebooks = new Option<bool>("--no-notebooks") { Description = "skip executing the notebooks" };
        var threads = new Option<int?>("--threads") { Description = "torch CPU threads of the runs (part of the cache key; default 2, or 1 with --jobs)" };
        var jobs = Positive("--jobs", "worker processes that compute the runs first, each on its own runs (default 1)", 1, 64);
        var worker = new Option<string?>("--worker") { Description = "worker J/N of --jobs (internal)", Hidden = true };
        var plan = new Option<bool>("--plan") { Description = "print the runs the questions need and their training epochs, with and without shared stages (dense and pruned models trained once); run nothing" };
        var data = DataDir();
        var cmd = new Command("reproduce", "the research questions (CSV tables, offline HTML charts, index page) from the committed results (default, seconds) or recomputed (--quick, --full), then the notebooks executed in the same mode")
        {
            quick, full, tiny, rq, output, cache, noNotebooks, threads, jobs, worker, plan, data,
        };
        cmd.SetAction(r => Guard(() =>
        {
            if (new[] { r.GetValue(full), r.GetValue(quick), r.GetValue(tiny) }.Count(x => x) > 1) throw new KitException("give at most one of --quick, --full");
            var mode = r.GetValue(full) ? ReproMode.Full : r.GetValue(tiny) ? ReproMode.Tiny : r.GetValue(quick) ? ReproMode.Quick : ReproMode.Results;
            if (mode == ReproMode.Results && r.GetValue(jobs) > 1) throw new KitException("--jobs: the default mode reads the committed results and runs nothing; give --quick or --full with --jobs");
            var rqs = r.GetValue(rq) is { Length: > 0 } list ? list : Reproducer.AllRqs;
            foreach (var n in rqs) if (n < 1 || n > 5) throw new KitException($"--rq: {n} is not in 1..5");
            var repoRoot = RepoRoot();
            var outDir = r.GetValue(output)!;
            var cacheDir = Path.GetFullPath(r.GetValue(cache) ?? Path.Combine(repoRoot, "artifacts", "cache"));
            int workers = r.GetValue(jobs);
            int t = r.GetValue(threads) ?? (workers > 1 ? 1 : 2);
            if (r.GetValue(worker) is { } w)
            {
                var (wi, wn) = Kit.Experiments.Sweep.ParseShard(w);
                return ReproduceJobs.Work(ReproduceJobs.WorkerContext(mode, cacheDir, r.GetValue(data), t), repoRoot, rqs, wi, wn);
            }
            var ctx = new ReproContext(mode, cacheDir) { DataDir = r.GetValue(data), Threads = t, Log = Console.WriteLine };
            if (r.GetValue(plan)) return PrintPlan(ctx, repoRoot, rqs);
            var sw = Stopwatch.StartNew();
            Console.WriteLine($"kit {KitInfo.Version}: reproduce RQ {string.Join(", ", rqs)} in {mode.Name()} mode ({mode.Scale()})");
            if (mode != ReproMode.Results)
                Console.WriteLine($"plan: {ReproPlan.Epochs(ReproPlan.For(ctx, repoRoot, rqs)).Describe("runs")}; shared stages in {ctx.StagesDir}");
            // Before the experiments, so a failed build stops the command at once instead of after them.
            if (!r.GetValue(noNotebooks)) KernelExtensionBuild.EnsureBuilt(repoRoot, Console.WriteLine);
            if (workers > 1)
            {
                string[] common = ["reproduce", $"--{mode.Name()}", "--threads", t.ToString(), "--cache", cacheDir, "--no-notebooks", "--rq", .. rqs.Select(x => x.ToString())];
                ReproduceJobs.Prefill(ctx, repoRoot, rqs, workers, r.GetValue(data) is { } d ? [.. common, "--data", d] : common);
            }
            var summaries = Reproducer.Run(ctx, repoRoot, outDir, rqs);
            foreach (var s in summaries)
            {
                Console.WriteLine($"\n{s.Title} ({s.Seconds:F0} s)");
                foreach (var f in s.Findings) Console.WriteLine("  - " + f);
                foreach (var n in s.Notes) Console.WriteLine("  note: " + n);
            }
            var claims = Reproducer.WriteClaims(repoRoot, outDir);
            Console.WriteLine();
            foreach (var line in Kit.Research.Claims.ClaimsReport.ConsoleLines(claims)) Console.WriteLine(line);
            Console.WriteLine($"  table, rules and evidence: {Path.Combine(outDir, Kit.Research.Claims.ClaimsReport.MarkdownFile)}");
            Console.WriteLine(mode == ReproMode.Results ? $"\nresults mode: nothing trained; {sw.Elapsed.TotalSeconds:F0} s"
                : $"\nexperiments: {ctx.Computed} computed, the rest from the cache; {sw.Elapsed.TotalSeconds:F0} s");
            int rc = 0;
            IReadOnlyList<NotebookRunResult>? notebooks = null;
            if (!r.GetValue(noNotebooks))
            {
                var runner = new NotebookRunner(NotebookRunner.FindNotebooksDir(), Path.Combine(outDir, "notebooks"))
                {
                    Environment = { ["KIT_MODE"] = mode.Name() },
                };
                // One notebook per RQ asked for (and the tour when all are).
                var filter = rqs.Length == Reproducer.AllRqs.Length ? null : rqs.Select(n => $"-rq{n}-").ToArray();
                var results = runner.RunMany(filter is null ? runner.Find() : filter.SelectMany(f => runner.Find(f)).Distinct().ToList(), Console.WriteLine);
                rc = results.All(x => x.Ok) ? 0 : 1;
                notebooks = results;
                Console.WriteLine($"notebooks: {results.Count(x => x.Ok)} of {results.Count} ok");
            }
            ReproIndexPage.Write(outDir, new ReproIndexPage.Run(mode, summaries, ctx.Computed, sw.Elapsed.TotalSeconds, notebooks, Claims: claims));
            Console.WriteLine($"wrote {Path.Combine(outDir, "index.html")} ({sw.Elapsed.TotalSeconds:F0} s in all)");
            return rc;
        }));
        yield return cmd;
    }

    /// <summary>`--plan`: the runs the questions ask the cache for, each with its epochs, and the totals.</summary>
    static int PrintPlan(ReproContext ctx, string repoRoot, int[] rqs)
    {
        if (ctx.Mode == ReproMode.Results) throw new KitException("--plan: the default mode reads the committed results and runs nothing; give --quick or --full with --plan");
        var work = ReproPlan.For(ctx, repoRoot, rqs);
        foreach (var w in work)
            Console.WriteLine($"{w.Epochs,6} epochs  {(ReproPlan.Done(ctx, w) ? "cached " : "")}{w.Label}");
        Console.WriteLine($"{ctx.Mode.Name()} mode, {ctx.Threads} thread(s), RQ {string.Join(", ", rqs)}: {ReproPlan.Epochs(work).Describe("runs")}");
        return 0;
    }

    /// <summary>The repository root (parent of notebooks/), or the current folder when the kit runs outside a clone.</summary>
    static string RepoRoot()
    {
        try { return Path.GetDirectoryName(NotebookRunner.FindNotebooksDir())!; }
        catch (KitException) { return Directory.GetCurrentDirectory(); }
    }
}
