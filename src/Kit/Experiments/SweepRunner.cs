using Kit.IO;
using Kit.Training;

namespace Kit.Experiments;

/// <summary>What one entry of a shard ended as.</summary>
public sealed record SweepOutcome(SweepEntry Entry, string Dir, string Status, string? Error);

/// <summary>Hooks a live display (e.g. `kit sweep --jobs`' parent, reading a worker's events) uses to follow a shard.</summary>
public sealed record SweepObserver
{
    public Action<SweepEntry>? Started { get; init; }
    public Action<SweepOutcome>? Finished { get; init; }
    public IProgress<TrainProgress>? Progress { get; init; }
    public Action<EpochRecord>? OnEpoch { get; init; }
}

/// <summary>
/// Runs one shard of a sweep: its entries in order, each into OUT/NAME-HASH/ through the compression pipeline.
/// A finished entry (verified result.json, complete journal) is skipped, an interrupted one resumes from its
/// checkpoint, so rerunning a preempted or failed shard only does what is left. An entry that fails (divergence,
/// a folder another process holds) is reported and the shard goes on with the next. Entries share their dense model and
/// pruned models through OUT/stages/ (<see cref="StageCache"/>).
/// </summary>
public static class SweepRunner
{
    public static List<SweepOutcome> Run(IReadOnlyList<SweepEntry> entries, int shard, int shards, string outDir,
        Func<CompressionSpec, CompressionSpec>? adjust = null, Action<string>? log = null, SweepObserver? observer = null)
    {
        log ??= _ => { };
        observer ??= new SweepObserver();
        Directory.CreateDirectory(outDir);
        AtomicFile.WriteAllText(Path.Combine(outDir, $"plan-{shards}.json"), Json.Serialize(entries.Select(e => new
        {
            index = e.Index, shard = e.Shard(shards), name = e.Name, spec_sha256 = e.SpecSha256, folder = e.Folder,
        })));
        var mine = entries.Where(e => e.Shard(shards) == shard).ToList();
        log($"shard {shard}/{shards}: {mine.Count} of {entries.Count} entries");
        var outcomes = new List<SweepOutcome>();
        foreach (var e in mine)
        {
            var dir = Path.Combine(outDir, e.Folder);
            if (IsComplete(dir))
            {
                log($"[{e.Index}] {e.Name}: done earlier, skipped");
                outcomes.Add(new SweepOutcome(e, dir, "skipped", null));
                observer.Finished?.Invoke(outcomes[^1]);
                continue;
            }
            try
            {
                log($"[{e.Index}] {e.Name}: running");
                observer.Started?.Invoke(e);
                var r = CompressionPipeline.Run(adjust?.Invoke(e.Spec) ?? e.Spec, dir, new CompressionOptions
                {
                    Quick = e.Quick, StageCache = StagesDir(outDir), Resume = ResumeMode.IfPresent, Log = m => log($"[{e.Index}] {m}"), Progress = observer.Progress, OnEpoch = observer.OnEpoch,
                });
                log($"[{e.Index}] {e.Name}: {r.Accuracy:F2}% at {r.OverallRate:F1}x, {r.Bits} bits");
                outcomes.Add(new SweepOutcome(e, dir, "ran", null));
                observer.Finished?.Invoke(outcomes[^1]);
            }
            catch (KitException ex)
            {
                log($"[{e.Index}] {e.Name}: failed: {ex.Message}");
                outcomes.Add(new SweepOutcome(e, dir, "failed", ex.Message));
                observer.Finished?.Invoke(outcomes[^1]);
            }
        }
        return outcomes;
    }

    /// <summary>The sweep's stage cache (OUT/stages): entries of every part and worker that share a dense model or a pruned one train it once.</summary>
    public static string StagesDir(string outDir) => Path.Combine(outDir, "stages");

    /// <summary>A finished entry: verified result.json and a complete journal (what a rerun skips).</summary>
    public static bool IsComplete(string dir)
    {
        var result = Path.Combine(dir, "result.json");
        if (!File.Exists(result) || !File.Exists(RunJournal.PathIn(dir))) return false;
        AtomicFile.VerifyChecksum(result);
        return RunJournal.Read(dir).Complete;
    }
}
