namespace Kit.Experiments;

/// <summary>
/// Shared prefixes of compression runs: the dense model and the model after each prune step (<see cref="StageKeys"/>), one
/// <see cref="ExperimentCache"/> entry each, so runs that share a dense spec (or a pruned model, e.g. a sweep's bit widths)
/// train it once. Entries are published by a folder rename under the key's lock, so two processes (`--jobs` workers, Slurm
/// tasks) asking for one stage compute it once, the other waits and restores it. A run that continues from a stage is
/// bit-identical to one that trained it (<see cref="StageSnapshot"/> carries every seed and generator). Opt-in through
/// <see cref="CompressionOptions.StageCache"/>: `kit reproduce`, the notebooks and `kit sweep` use it, `kit compress` does not.
/// </summary>
public sealed class StageCache
{
    readonly ExperimentCache cache;

    public StageCache(string root, string? kitVersion = null) => cache = new ExperimentCache(root, kitVersion);

    public string Root => cache.Root;
    public string Key(StageId stage) => cache.Key(stage.Identity);
    public string EntryDir(StageId stage) => cache.EntryDir(Key(stage));
    public bool Contains(StageId stage) => cache.Contains(stage.Identity);

    /// <summary>
    /// One stage of <paramref name="run"/>: restored from the cache when published, else computed by <paramref name="compute"/> and
    /// published. Null for a stage that trains nothing (nothing to share).
    /// </summary>
    internal SharedStage? Run(PipelineRun run, StageId stage, Action compute, Action<string> log)
    {
        if (stage.Epochs == 0) { compute(); return null; }
        var key = Key(stage);
        var journal = run.Journal;
        // resumable: the work folder is named by the key, so a computation killed mid-stage leaves no folder that nobody
        // reuses; the next one (holding the lock) rewrites every file in it. The epochs themselves resume from the run's journal.
        // A restarted run that trained this stage itself replays it from its own journal (as cheap as a restore, and the
        // journal's epoch sequence stays its own); it then publishes the stage if nobody has.
        if (journal.NextReplayPhase is { } own && stage.Phases.Contains(own))
        {
            compute();
            var mine = cache.GetOrComputeEntry(stage.Identity, dir => StageSnapshot.Save(run, stage, dir), resumable: true, verify: Verify, log: log);
            if (!mine.Hit) log($"{stage.Name}: replayed from this run's journal; published as shared stage {key[..12]} in {mine.Dir}");
            return new SharedStage(stage.Name, key, Reused: false, stage.Epochs);
        }
        var entry = cache.GetOrComputeEntry(stage.Identity, dir =>
        {
            // Its journal goes on past this stage without having trained it: it restored the stage before a restart.
            if (journal.NextReplayPhase is { } later)
                throw new KitException($"{journal.JournalPath}: this run continued from the shared stage '{stage.Name}' ({EntryDir(stage)}), which is no " +
                    $"longer in the stage cache (the journal goes on with '{later}'); delete {journal.OutDir} to run it again from the start");
            compute();
            return StageSnapshot.Save(run, stage, dir);
        }, resumable: true, verify: Verify, log: log);
        if (entry.Hit)
        {
            StageSnapshot.Restore(run, entry.Dir);
            log($"{stage.Name}: reused shared stage {key[..12]} ({stage.Epochs} epochs not trained again) from {entry.Dir}");
        }
        else log($"{stage.Name}: published as shared stage {key[..12]} in {entry.Dir}");
        return new SharedStage(stage.Name, key, entry.Hit, stage.Epochs);
    }

    static string? Verify(CacheEntry<StageEntry> e) => StageSnapshot.Problem(e.Dir);
}
