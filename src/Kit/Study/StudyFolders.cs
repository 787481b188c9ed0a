using System.Globalization;
using System.Text.Json.Nodes;
using Kit.IO;

namespace Kit.Study;

/// <summary>
/// Where a study node lives: its work folder (checkpoints, journal), its lock, and its published folder in the
/// results. A published folder is the node's identity: one made by another spec is an error, never overwritten.
/// </summary>
internal static class StudyFolders
{
    public static string Work(StudyNode n, StudyRunOptions o) => Path.Combine(o.WorkDir, n.Folder);
    public static string Model(StudyNode n, StudyRunOptions o) => Path.Combine(Work(n, o), "model.pt");
    public static string Published(StudyNode n, StudyRunOptions o) => Path.Combine(o.ResultsDir, n.Folder);
    static string RecordName(StudyNode n) => n.Kind == StudyNodeKind.Dense ? "metrics.json" : "result.json";

    /// <summary>The spec hash a finished run of this node records (quick mode changes the spec, so the hash).</summary>
    public static string ExpectedHash(StudyNode n, StudyRunOptions o) => n.Kind == StudyNodeKind.Dense
        ? SpecIdentity.Hash(n.DenseRun(o.Quick))
        : SpecIdentity.Hash(o.Quick ? n.Compress!.AsQuick() : n.Compress!);

    public static bool IsDone(StudyNode n, StudyRunOptions o) => Matches(n, o, Path.Combine(Published(n, o), RecordName(n)));

    /// <summary>True when <paramref name="record"/> exists and was made by this node's spec; an error when it was made by another.</summary>
    static bool Matches(StudyNode n, StudyRunOptions o, string record)
    {
        if (!File.Exists(record)) return false;
        JsonNode? json;
        try { json = JsonNode.Parse(File.ReadAllText(record)); }
        catch (System.Text.Json.JsonException e) { throw new KitException($"{record}: not valid JSON ({e.Message}); delete the folder to rerun the run"); }
        string? made = n.Kind == StudyNodeKind.Dense ? (json?["spec"] is { } s ? SpecIdentity.Hash(s) : null) : json?["spec_sha256"]?.GetValue<string>();
        if (made != ExpectedHash(n, o))
            throw new KitException($"{record}: made by another spec than the study's {n.Folder} (the study spec changed?): give the chain a new name, or move the folder away to rerun it");
        return true;
    }

    /// <summary>An exclusive lock on the node for this process, or null when another process holds it (released at exit, even a crash).</summary>
    public static FileStream? TryLock(StudyNode n, StudyRunOptions o)
    {
        string dir = Path.Combine(o.WorkDir, ".locks");
        Directory.CreateDirectory(dir);
        try { return new FileStream(Path.Combine(dir, n.Folder + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException) { return null; }
    }

    /// <summary>Log lines go to the console (prefixed with the run) and to the run's run.log.</summary>
    public static Action<string> Logger(StudyNode n, StudyRunOptions o)
    {
        string file = Path.Combine(Work(n, o), "run.log");
        return line =>
        {
            File.AppendAllText(file, $"{DateTime.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {line}\n");
            o.Log($"{n.Folder}: {line}");
        };
    }

    /// <summary>Copies the finished run's record, logs and spec (never a checkpoint) and its model as a model file into the results, in one rename.</summary>
    public static void Publish(StudyNode n, StudyRunOptions o)
    {
        string work = Work(n, o), record = RecordName(n);
        if (!Matches(n, o, Path.Combine(work, record))) throw new KitException($"{work}: the run ended without {record}");
        var (temp, final) = Staging(n, o);
        string[] files = n.Kind == StudyNodeKind.Dense
            ? ["metrics.json", "metrics.json.sha256", "model.json", "run.log"]
            : ["result.json", "result.json.sha256", "admm_log.csv", "run.log"];
        foreach (var f in files)
            if (File.Exists(Path.Combine(work, f))) File.Copy(Path.Combine(work, f), Path.Combine(temp, f));
        // The spec exactly as it ran, beside its record (a reader reruns it from here).
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(work, record)))!;
        File.WriteAllText(Path.Combine(temp, "spec.json"), recorded["spec"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        // The storage of the real model in every format at its bit width (float: 32), what `kit cost model --json` prints:
        // the study's verdict reads it, since checkpoints are not committed.
        int bits = n.Kind == StudyNodeKind.Dense ? 32 : recorded["bits"]!.GetValue<int>();
        if (n.Kind != StudyNodeKind.Dense) File.WriteAllText(Path.Combine(temp, "cost.json"), CostJson(Model(n, o), bits, n.Folder));
        // The model itself, small enough to commit: a fresh clone restores checkpoints from it (docs/study.md).
        RunModelFile.WriteFrom(Model(n, o), temp, quantized: bits != 32);
        Directory.Move(temp, final);
    }

    /// <summary>An empty folder beside the node's published one, renamed to it when complete (a published folder is never half written).</summary>
    static (string Temp, string Final) Staging(StudyNode n, StudyRunOptions o)
    {
        string final = Published(n, o);
        if (Directory.Exists(final)) throw new KitException($"{final} exists already: move it away to publish this run");
        Directory.CreateDirectory(o.ResultsDir);
        string temp = Path.Combine(o.ResultsDir, $".{n.Folder}.tmp-{Environment.ProcessId}");
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        return (temp, final);
    }

    /// <summary>A published dense run in one of <see cref="StudyRunOptions.DenseFrom"/> made by this dense node's spec, with its model file; else null.</summary>
    public static string? Adoptable(StudyNode n, StudyRunOptions o)
    {
        string expected = ExpectedHash(n, o);
        foreach (var dir in o.DenseFrom)
        {
            if (!Directory.Exists(dir)) throw new KitException($"--dense-from {dir}: no such folder");
            foreach (var run in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
            {
                string metrics = Path.Combine(run, "metrics.json");
                if (!File.Exists(metrics) || !RunModelFile.Exists(run)) continue;
                JsonNode? json;
                try { json = JsonNode.Parse(File.ReadAllText(metrics)); }
                catch (System.Text.Json.JsonException e) { throw new KitException($"{metrics}: not valid JSON ({e.Message})"); }
                if (json?["spec"] is { } spec && SpecIdentity.Hash(spec) == expected) return run;
            }
        }
        return null;
    }

    /// <summary>
    /// Publishes <paramref name="source"/> (a dense run of the same spec) as this node's run in one rename: its record,
    /// logs, spec and model file, with a line in its run.log naming where it came from; its timing (cpu.json) stays behind.
    /// </summary>
    public static void Adopt(StudyNode n, string source, StudyRunOptions o)
    {
        var (temp, final) = Staging(n, o);
        foreach (var f in Directory.GetFiles(source).Where(f => Path.GetFileName(f) != "cpu.json"))
            File.Copy(f, Path.Combine(temp, Path.GetFileName(f)));
        string from = Path.GetRelativePath(Directory.GetCurrentDirectory(), source).Replace('\\', '/');
        File.AppendAllText(Path.Combine(temp, "run.log"),
            $"{DateTime.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} adopted from {from}: a published dense run of the same spec (SHA-256 {ExpectedHash(n, o)}), not retrained\n");
        Directory.Move(temp, final);
    }

    /// <summary>cost.json of a run: `kit cost model --json` of its model at the run's bits, named after the run (publish and recost write the same text).</summary>
    public static string CostJson(string modelPath, int bits, string run) =>
        Json.Serialize(Kit.Costs.ModelCost.Of(modelPath, bits) with { Model = run }) + "\n";

    /// <summary>The run finished in its work folder but was not published (e.g. the process stopped in between).</summary>
    public static bool FinishedInWork(StudyNode n, StudyRunOptions o) =>
        File.Exists(Model(n, o)) && Matches(n, o, Path.Combine(Work(n, o), RecordName(n)));
}
