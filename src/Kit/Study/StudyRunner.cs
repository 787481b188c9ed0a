using System.Text.Json.Nodes;
using Kit.Experiments;
using Kit.IO;
using Kit.Training;

namespace Kit.Study;

public sealed record StudyRunOptions
{
    /// <summary>Where finished runs land (one folder per node, the layout of `results/`).</summary>
    public string ResultsDir { get; init; } = Path.Combine("results", Kit.Results.ResultsSummary.StudyFolder);
    /// <summary>Checkpoints and unfinished runs (the parents' model.pt that children start from).</summary>
    public string WorkDir { get; init; } = "artifacts/study";
    public int Threads { get; init; } = 1;
    public bool Quick { get; init; }
    /// <summary>This process's lane (0-based) of <see cref="Lanes"/>: it runs its own units first, then helps the others.</summary>
    public int Lane { get; init; }
    public int Lanes { get; init; } = 1;
    /// <summary>Run only nodes whose folder contains this text (and the parents they need).</summary>
    public string? Only { get; init; }
    /// <summary>
    /// Results folders of other studies whose published dense runs this study may adopt instead of retraining: a dense
    /// run there made by the very same dense spec (same spec hash: model, data split, recipe, seed) is copied in.
    /// </summary>
    public IReadOnlyList<string> DenseFrom { get; init; } = [];
    public Action<string> Log { get; init; } = _ => { };
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(30);
}

public sealed record StudyRunSummary(int Done, int Ran, int Failed, List<string> Failures);

/// <summary>
/// Runs a <see cref="StudyPlan"/>: any number of processes (lanes) on one machine or a shared file system each take
/// the next node whose parent is finished, holding a lock file while it runs, so no node runs twice and a killed
/// lane's node is resumed (`--resume` from its journal) by the next lane that reaches it. A finished node is copied
/// to the results folder atomically (result.json or metrics.json, logs, spec, the model as a compressed model.kitm; never a .pt) and is never rerun.
/// </summary>
public static class StudyRunner
{
    public static StudyRunSummary Run(StudyPlan plan, StudyRunOptions o)
    {
        var lanes = plan.Lanes(o.Lanes);
        var wanted = Wanted(plan, o.Only);
        // Own units first, then the others' (helping once this lane's work is done).
        var order = wanted.OrderBy(n => n.Unit is null ? 0 : lanes[n.Unit] == o.Lane ? 0 : 1).ToList();
        var failed = new Dictionary<string, string>();
        int ran = 0;
        while (true)
        {
            bool progressed = false, waiting = false;
            foreach (var node in order)
            {
                if (failed.ContainsKey(node.Folder) || StudyFolders.IsDone(node, o)) continue;
                if (node.Parent is { } p && failed.ContainsKey(p.Folder)) { failed[node.Folder] = $"its parent {p.Folder} failed"; continue; }
                if (node.Parent is { } parent && !StudyFolders.IsDone(parent, o)) { waiting = true; continue; }
                using var held = StudyFolders.TryLock(node, o);
                if (held is null) { waiting = true; continue; }
                if (StudyFolders.IsDone(node, o)) continue; // another lane finished it between the check and the lock
                try
                {
                    if (Execute(node, o, collect: true)) ran++;
                    progressed = true;
                }
                catch (KitException e)
                {
                    failed[node.Folder] = e.Message;
                    o.Log($"{node.Folder}: FAILED: {e.Message}");
                    progressed = true; // its children are marked failed on the next pass
                }
                // Back to the top: the order is a priority, and the run just finished may have made an earlier node ready.
                break;
            }
            int remaining = wanted.Count(n => !failed.ContainsKey(n.Folder) && !StudyFolders.IsDone(n, o));
            if (remaining == 0) break;
            if (!progressed && waiting)
            {
                o.Log($"waiting for {remaining} run(s) held by other lanes or waiting on their parents; next look in {o.Poll.TotalSeconds:F0} s");
                Thread.Sleep(o.Poll);
            }
            else if (!progressed) break;
        }
        int done = wanted.Count(n => StudyFolders.IsDone(n, o));
        return new StudyRunSummary(done, ran, failed.Count, failed.Select(f => $"{f.Key}: {f.Value}").ToList());
    }

    /// <summary>The node's run is in the results folder (made by this spec; one made by another is an error).</summary>
    public static bool IsDone(StudyNode n, StudyRunOptions o) => StudyFolders.IsDone(n, o);

    /// <summary>Nodes selected by <paramref name="only"/> and every ancestor they need.</summary>
    static List<StudyNode> Wanted(StudyPlan plan, string? only)
    {
        if (string.IsNullOrEmpty(only)) return plan.Nodes.ToList();
        var keep = new HashSet<string>();
        foreach (var n in plan.Nodes.Where(n => n.Folder.Contains(only, StringComparison.Ordinal)))
            for (var a = n; a is not null; a = a.Parent) keep.Add(a.Folder);
        if (keep.Count == 0) throw new KitException($"--only {only}: no run of the study matches");
        return plan.Nodes.Where(n => keep.Contains(n.Folder)).ToList();
    }

    /// <summary>
    /// Trains one node into its work folder (resuming an unfinished run there) and, when <paramref name="collect"/>,
    /// publishes it to the results folder. A parent whose result is committed but whose checkpoint is not on this
    /// machine (checkpoints are never committed) gets it back from its published model file (bit-identical weights),
    /// or, when it was published before runs kept one, is retrained; the child's result.json records that
    /// checkpoint's SHA-256, so a reader can tell.
    /// </summary>
    /// <returns>False when the node was adopted (<see cref="StudyRunOptions.DenseFrom"/>) rather than trained or published here.</returns>
    static bool Execute(StudyNode node, StudyRunOptions o, bool collect)
    {
        string work = StudyFolders.Work(node, o);
        if (StudyFolders.FinishedInWork(node, o))
        {
            if (collect) StudyFolders.Publish(node, o);
            return true;
        }
        if (collect && node.Kind == StudyNodeKind.Dense && StudyFolders.Adoptable(node, o) is { } source)
        {
            // Dense training is deterministic for a given spec (a trial's dense model retrained from the study's spec was
            // bit-identical to the study's), so a dense run of the same spec elsewhere is this node's run: no need to repeat 30 epochs.
            StudyFolders.Adopt(node, source, o);
            o.Log($"{node.Folder}: adopted the dense run {source} (made by the same dense spec); not retrained");
            return false;
        }
        if (node.Parent is { } parent && !File.Exists(StudyFolders.Model(parent, o)))
        {
            using var held = StudyFolders.TryLock(parent, o)
                ?? throw new KitException($"{parent.Folder}: its checkpoint is being rebuilt by another lane; {node.Folder} will be tried again later");
            if (!File.Exists(StudyFolders.Model(parent, o)))
            {
                if (RunModelFile.Exists(StudyFolders.Published(parent, o)))
                {
                    o.Log($"{parent.Folder}: checkpoint {StudyFolders.Model(parent, o)} is not here: restoring it from the published {RunModelFile.FileName} for {node.Folder}");
                    RunModelFile.Restore(StudyFolders.Published(parent, o), StudyFolders.Model(parent, o));
                }
                else
                {
                    o.Log($"{parent.Folder}: result committed but neither its checkpoint {StudyFolders.Model(parent, o)} nor a published {RunModelFile.FileName}: retraining it for {node.Folder} (the committed result stays)");
                    Execute(parent, o, collect: false);
                }
            }
        }
        Directory.CreateDirectory(work);
        var log = StudyFolders.Logger(node, o);
        bool resume = File.Exists(RunJournal.PathIn(work));
        log($"{(resume ? "resuming" : "starting")} ({node.Kind.ToString().ToLowerInvariant()}, {node.Epochs} epochs{(node.Parent is { } pp ? $", from {pp.Folder}" : "")})");
        var mode = resume ? ResumeMode.Resume : ResumeMode.Fresh;
        if (node.Kind == StudyNodeKind.Dense)
        {
            var spec = node.DenseRun(o.Quick) with { Threads = o.Threads };
            var m = TrainRun.Run(spec, work, null,
                e => log($"{e.Phase} epoch {e.Epoch}: loss {e.TrainLoss:F4} train {e.TrainAccuracy:F2}% validation {e.ValidationAccuracy:F2}% {e.Seconds:F1} s"), mode);
            log($"test {m.TestAccuracy:F2}% (checkpoint of epoch {m.BestEpoch}, chosen on validation)");
        }
        else
        {
            var r = CompressionPipeline.Run(node.Compress! with { Threads = o.Threads }, work, new CompressionOptions
            {
                Quick = o.Quick,
                // Relative to the working directory: result.json records it, and no machine's absolute path belongs there.
                DenseCheckpoint = Path.GetRelativePath(Directory.GetCurrentDirectory(), StudyFolders.Model(node.Parent!, o)),
                Resume = mode,
                Log = log,
            });
            log($"test {r.Accuracy:F2}% at {r.OverallRate:F1}x, {(r.Bits == 32 ? "float" : $"{r.Bits} bit")}");
        }
        if (collect) StudyFolders.Publish(node, o);
        return true;
    }
}
