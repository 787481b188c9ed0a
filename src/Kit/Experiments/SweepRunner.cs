using Kit.IO;
using Kit.Training;

namespace Kit.Experiments;

/// <summary>What one entry of a shard ended as.</summary>
public sealed record SweepOutcome(SweepEntry Entry, string Dir, string Status, string? Error);

/// <summary>
/// Runs one shard of a sweep: its entries in order, each into OUT/NAME-HASH/ through the compression pipeline.
/// A finished entry (verified result.json, complete journal) is skipped, an interrupted one resumes from its
/// checkpoint, so rerunning a preempted or failed shard only does what is left. An entry that fails (divergence,
/// a folder another process holds) is reported and the shard goes on with the next.
/// </summary>
public static class SweepRunner
{
    public static List<SweepOutcome> Run(IReadOnlyList<SweepEntry> entries, int shard, int shards, string outDir,
        Func<CompressionSpec, CompressionSpec>? adjust = null, Action<string>? log = null)
    {
        log ??= _ => { };
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
                continue;
            }
            try
            {
                log($"[{e.Index}] {e.Name}: running");
                var r = CompressionPipeline.Run(adjust?.Invoke(e.Spec) ?? e.Spec, dir, new CompressionOptions { Quick = e.Quick, Resume = ResumeMode.IfPresent, Log = m => log($"[{e.Index}] {m}") });
                log($"[{e.Index}] {e.Name}: {r.Accuracy:F2}% at {r.OverallRate:F1}x, {r.Bits} bits");
                outcomes.Add(new SweepOutcome(e, dir, "ran", null));
            }
            catch (KitException ex)
            {
                log($"[{e.Index}] {e.Name}: failed: {ex.Message}");
                outcomes.Add(new SweepOutcome(e, dir, "failed", ex.Message));
            }
        }
        return outcomes;
    }

    static bool IsComplete(string dir)
    {
        var result = Path.Combine(dir, "result.json");
        if (!File.Exists(result) || !File.Exists(RunJournal.PathIn(dir))) return false;
        AtomicFile.VerifyChecksum(result);
        return RunJournal.Read(dir).Complete;
    }
}
