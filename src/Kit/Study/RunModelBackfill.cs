using Kit.Export;
using Kit.IO;

namespace Kit.Study;

/// <summary>What one backfill or recost did to one run.</summary>
public sealed record RunModelAction(string Run, string Action);

/// <summary>
/// Brings published runs up to the current layout: `kit study backfill-models` exports the model file of runs published
/// before runs kept one (from their checkpoints), `kit study recost` re-derives what depends on the model (cost.json,
/// the model file's format choice) from the model file alone, so a cost-model fix refreshes results/ without any
/// checkpoint. Both check every run before writing anything, write each file atomically, and change nothing on a
/// second call.
/// </summary>
public static class RunModelBackfill
{
    /// <summary>
    /// Exports model.kitm for each run of <paramref name="resultsDir"/> lacking one (or only the runs named in
    /// <paramref name="only"/>), from ARTIFACTS/RUN/model.pt; torch must be started.
    /// </summary>
    public static List<RunModelAction> Backfill(string resultsDir, string artifactsDir, Action<string>? log = null, IReadOnlyCollection<string>? only = null)
    {
        var runs = PublishedRun.All(resultsDir);
        if (only is { Count: > 0 })
        {
            // A folder of single experiments mixes runs whose checkpoints are gone with the one just collected.
            var unknown = only.Where(n => !runs.Any(r => r.Name == n)).ToList();
            if (unknown.Count > 0) throw new KitException($"{resultsDir}: no published run {string.Join(", ", unknown)} (a run folder with result.json or metrics.json)");
            runs = runs.Where(r => only.Contains(r.Name)).ToList();
        }
        var todo = runs.Where(r => !RunModelFile.Exists(r.Folder)).ToList();
        var problems = todo.Select(r => Problem(r, artifactsDir)).OfType<string>().ToList();
        if (problems.Count > 0)
            throw new KitException($"{problems.Count} run(s) cannot get a model file, nothing written: {string.Join("; ", problems)}");
        var actions = runs.Except(todo).Select(r => new RunModelAction(r.Name, "has a model file")).ToList();
        foreach (var r in todo)
        {
            var rec = RunModelFile.WriteFrom(Checkpoint(r, artifactsDir), r.Folder, quantized: r.Bits != 32);
            var a = new RunModelAction(r.Name, $"exported {RunModelFile.FileName}: {rec.Format}, b = {rec.Bits}, {rec.FileBytes:N0} bytes (.pt {rec.PtBytes:N0})");
            log?.Invoke($"{a.Run}: {a.Action}");
            actions.Add(a);
        }
        return [.. actions.OrderBy(a => a.Run, StringComparer.Ordinal)];
    }

    static string Checkpoint(PublishedRun r, string artifactsDir) => Path.Combine(artifactsDir, r.Name, "model.pt");

    /// <summary>Why the run's checkpoint cannot be used, or null: it must exist and come from the very run that was published (same record).</summary>
    static string? Problem(PublishedRun r, string artifactsDir)
    {
        string pt = Checkpoint(r, artifactsDir), record = Path.Combine(artifactsDir, r.Name, Path.GetFileName(r.RecordFile));
        if (!File.Exists(pt)) return $"{r.Name}: no checkpoint {pt}";
        if (!File.Exists(record) || AtomicFile.Sha256(record) != AtomicFile.Sha256(r.RecordFile))
            return $"{r.Name}: {pt} is not the published run's checkpoint ({record} {(File.Exists(record) ? "differs from" : "is missing, expected a copy of")} {r.RecordFile})";
        return null;
    }

    /// <summary>
    /// Rewrites each run's cost.json (compressed runs) from its model.kitm, and its model file where the cheapest exact
    /// format or its cost changed (the weights stay bit-identical: they are read from the file); torch must be started.
    /// </summary>
    public static List<RunModelAction> Recost(string resultsDir, Action<string>? log = null)
    {
        var runs = PublishedRun.All(resultsDir);
        var missing = runs.Where(r => !RunModelFile.Exists(r.Folder)).Select(r => r.Name).ToList();
        if (missing.Count > 0)
            throw new KitException($"{missing.Count} run(s) have no {RunModelFile.FileName} to recost from, nothing written: {string.Join(", ", missing)} (run `kit study backfill-models` where their checkpoints are)");
        var actions = new List<RunModelAction>();
        foreach (var r in runs)
        {
            var done = new List<string> { RefreshModelFile(r) };
            if (!r.Dense)
            {
                string costFile = Path.Combine(r.Folder, "cost.json");
                string text = StudyFolders.CostJson(Path.Combine(r.Folder, RunModelFile.FileName), r.Bits, r.Name);
                bool same = File.Exists(costFile) && File.ReadAllText(costFile) == text;
                if (!same) AtomicFile.WriteAllText(costFile, text);
                done.Add(same ? "cost.json unchanged" : "cost.json rewritten");
            }
            var a = new RunModelAction(r.Name, string.Join(", ", done));
            log?.Invoke($"{a.Run}: {a.Action}");
            actions.Add(a);
        }
        return actions;
    }

    /// <summary>Re-chooses the format from the file's own weights; the file is replaced only when the choice or its cost changed.</summary>
    static string RefreshModelFile(PublishedRun r)
    {
        string file = Path.Combine(r.Folder, RunModelFile.FileName), recordFile = Path.Combine(r.Folder, RunModelFile.RecordName);
        var old = Json.ReadFile<RunModelRecord>(recordFile, strict: false);
        var (model, info) = ModelFileReader.Load(file); // checks the file's own SHA-256 trailer
        (byte[] Bytes, RunModelRecord Record) fresh;
        using (model) fresh = RunModelFile.Cheapest(model, info, quantized: r.Bits != 32);
        // What the checkpoint was cannot be re-derived from the file: it carries over.
        var derived = fresh.Record with { PtBytes = old.PtBytes, PtSha256 = old.PtSha256 };
        var kept = derived with { Sha256 = AtomicFile.Sha256(file), FileBytes = new FileInfo(file).Length };
        if (File.ReadAllText(recordFile) == Json.Serialize(kept) + "\n") return $"{RunModelFile.FileName} unchanged";
        if (kept.Format == old.Format && kept.Bits == old.Bits && kept.CostModelBits == old.CostModelBits && kept.FileBytes == derived.FileBytes)
        {
            // Same choice, same size: the file stands; only its record was stale (e.g. a stop between the two writes).
            AtomicFile.WriteAllText(recordFile, Json.Serialize(kept) + "\n");
            return $"{RunModelFile.RecordName} rewritten";
        }
        RunModelFile.Write(r.Folder, fresh.Bytes, derived);
        return $"{RunModelFile.FileName} rewritten: {old.Format} b = {old.Bits} {old.FileBytes:N0} bytes -> {derived.Format} b = {derived.Bits} {derived.FileBytes:N0} bytes";
    }
}
