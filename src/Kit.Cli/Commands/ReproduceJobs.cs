using Kit.Cli.Live;
using Kit.Experiments;
using Kit.Research;

namespace Kit.Cli.Commands;

/// <summary>
/// `kit reproduce --jobs N`: before the research questions run, N worker processes (`kit reproduce --worker J/N`)
/// compute the plan's runs (<see cref="ReproPlan"/>) into the shared experiment cache, item k on worker k mod N.
/// Every worker lists the same plan (same mode, questions and threads), so the items are disjoint without any
/// coordination; the cache's per-key locks cover a run another process (a notebook) asks for at the same time.
/// </summary>
public static class ReproduceJobs
{
    /// <summary>The parent: runs the workers with a live display, then returns; the caller runs the questions (all from the cache).</summary>
    public static void Prefill(ReproContext ctx, string repoRoot, int[] rqs, int jobs, IReadOnlyList<string> commonArgs)
    {
        var plan = ReproPlan.For(ctx, repoRoot, rqs);
        var epochs = ReproPlan.EpochsEach(plan);
        var perWorker = Enumerable.Range(0, jobs).Select(j => (IReadOnlyList<PlannedEntry>)plan
            .Select((w, k) => (w, k)).Where(x => x.k % jobs == j)
            .Select(x => new PlannedEntry(x.k, x.w.Label, epochs[x.k], ReproPlan.Done(ctx, x.w))).ToList()).ToList();
        var board = new WorkerBoard(perWorker);
        var console = LiveConsole.Stdout;
        console.Log($"{plan.Count} runs for the cache on {jobs} worker processes, {ctx.Threads} thread(s) each; {board.Done} cached already; {ReproPlan.Epochs(plan).Describe("runs")}");
        var args = Enumerable.Range(0, jobs).Select(j => (IReadOnlyList<string>)[.. commonArgs, "--worker", $"{j}/{jobs}"]).ToList();
        var codes = WorkerPool.Run(args, board, console);
        console.Log($"workers: {board.Summary()}");
        if (codes.Any(c => c != 0))
            throw new KitException($"{codes.Count(c => c != 0)} of {jobs} workers failed ({board.Failed} runs failed, see the [wI] lines above); rerun the same command to retry what is left");
    }

    /// <summary>A worker: its share of the plan, with events for the parent; a failed item is reported and the next one runs.</summary>
    public static int Work(ReproContext ctx, string repoRoot, int[] rqs, int index, int count)
    {
        var plan = ReproPlan.For(ctx, repoRoot, rqs);
        int failed = 0;
        for (int k = index; k < plan.Count; k += count)
        {
            var w = plan[k];
            Emit(new WorkerEvent { Kind = "start", Index = k, Name = w.Label });
            string status = "ran";
            try
            {
                if (ReproPlan.Done(ctx, w)) status = "skipped";
                else w.Run(ctx);
            }
            catch (KitException e)
            {
                Console.WriteLine($"{w.Label}: failed: {e.Message}");
                status = "failed";
                failed++;
            }
            Emit(new WorkerEvent { Kind = "end", Index = k, Name = w.Label, Status = status });
        }
        return failed == 0 ? 0 : 1;
    }

    static void Emit(WorkerEvent e)
    {
        lock (Console.Out) Console.Out.WriteLine(e.Encode());
    }

    /// <summary>The worker's context: the parent's, with progress events on stdout.</summary>
    public static ReproContext WorkerContext(ReproMode mode, string cacheDir, string? dataDir, int threads)
    {
        var observer = WorkerEvents.Observer(Console.Out);
        return new ReproContext(mode, cacheDir) { DataDir = dataDir, Threads = threads, Log = Console.WriteLine, Progress = observer.Progress, OnEpoch = observer.OnEpoch };
    }
}
