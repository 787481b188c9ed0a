using Kit.Cli.Live;
using Kit.Experiments;

namespace Kit.Cli.Commands;

/// <summary>
/// `kit sweep --jobs N`: N worker processes of `kit sweep`, each on its own entries. Worker j of part I/M runs part
/// I + M*j of M*N: those parts split part I of M exactly (k mod M*N = I + M*j implies k mod M = I), so the resume,
/// skip and merge machinery of parts is reused as it is, and the output folder is the same as with one process.
/// </summary>
public static class SweepJobs
{
    public static (int Index, int Count) WorkerShard(int index, int count, int jobs, int worker) => (index + count * worker, count * jobs);

    public sealed record Options(string SweepFile, int Index, int Count, int Jobs, string OutDir, bool Quick, int Threads, string? DataDir);

    /// <summary>Runs the workers with a live display; returns the exit code (1 if a worker failed).</summary>
    public static int Run(Options o, IReadOnlyList<SweepEntry> entries)
    {
        var perWorker = new List<IReadOnlyList<PlannedEntry>>();
        var args = new List<IReadOnlyList<string>>();
        // A shared stage counts for the first entry that needs it (the others restore it).
        var epochs = StagePlan.EpochsEach(entries.Select(e => e.Spec with { Threads = o.Threads }).ToList());
        for (int j = 0; j < o.Jobs; j++)
        {
            var (i, n) = WorkerShard(o.Index, o.Count, o.Jobs, j);
            perWorker.Add(entries.Where(e => e.Shard(n) == i)
                .Select(e => new PlannedEntry(e.Index, e.Name, epochs[e.Index], SweepRunner.IsComplete(Path.Combine(o.OutDir, e.Folder)))).ToList());
            var a = new List<string> { "sweep", o.SweepFile, "--shard", $"{i}/{n}", "--out", o.OutDir, "--threads", o.Threads.ToString(), "--events" };
            if (o.Quick) a.Add("--quick");
            if (o.DataDir is { } d) a.AddRange(["--data", d]);
            args.Add(a);
        }
        var board = new WorkerBoard(perWorker);
        var console = LiveConsole.Stdout;
        console.Log($"part {o.Index}/{o.Count}: {board.Total} entries on {o.Jobs} worker processes, {o.Threads} thread(s) each; {board.Done} done earlier");
        var codes = WorkerPool.Run(args, board, console);
        console.Log($"part {o.Index}/{o.Count}: {board.Summary()}; results in {o.OutDir}");
        var bad = codes.Select((c, j) => (c, j)).Where(x => x.c != 0).ToList();
        if (bad.Count > 0)
            throw new KitException($"{bad.Count} of {o.Jobs} workers failed (worker {bad[0].j} exit {bad[0].c}; {board.Failed} entries failed); rerun the same command to retry what is left");
        return 0;
    }
}
