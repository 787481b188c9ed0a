using System.Text.Json.Nodes;
using Kit.Export;
using Kit.IO;
using Kit.Study;
using Kit.Training;

namespace Kit.Research;

/// <summary>What <see cref="Rq5Publish.Publish"/> wrote: files copied, models exported, and the checkpoints' bytes left behind.</summary>
public sealed record Rq5PublishReport(string Target, int Results, int Attacks, int Models, long ModelFileBytes, long CheckpointBytes);

/// <summary>
/// Commits the RQ5 runs specs/rq5-reduced/run.sh (and run-adversarial.sh) left in artifacts/rq5 as results/rq5, in the same
/// layout, so <see cref="Rq5Summary.LoadDirectory"/>, the claims and the README read them from the clone. Kept per run:
/// result.json with its checksum, the spec it ran (spec.json, from result.json), the ADMM log, the attack reports, and
/// every attacked model as a compressed model file (NAME.pt becomes NAME.kitm in its cheapest exact format, with
/// NAME.kitm.json saying which and why; transfer runs keep their results only). Never a checkpoint, a journal or a lock. A smoke (quick) or corrupt result stops the publication
/// by name, and the folder appears in one rename, so results/rq5 is never half written.
/// </summary>
public static class Rq5Publish
{
    const string TransferFolder = "transfer";
    static readonly string[] Copied = ["result.json", "result.json.sha256", "admm_log.csv", Admm.AdmmLog.FileName];

    public static Rq5PublishReport Publish(string source, string target, bool replace = false)
    {
        if (!Directory.Exists(source)) throw new KitException($"{source}: no such folder (specs/rq5-reduced/run.sh writes artifacts/rq5)");
        if (Directory.Exists(target) && !replace) throw new KitException($"{target}: already exists (give --replace to publish over it)");
        var (robust, transfer) = Rq5Summary.LoadDirectory(source);
        if (robust.Count == 0 && transfer.Count == 0) throw new KitException($"{source}: no attack or transfer results found (expected seedN/attack-*.json or transfer/*/result.json)");

        string full = Path.GetFullPath(target);
        string staging = full + ".tmp-" + Environment.ProcessId;
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        int results = 0, attacks = 0, models = 0;
        long kitmBytes = 0, ptBytes = 0;
        try
        {
            foreach (var dir in RunFolders(source))
            {
                string rel = Path.GetRelativePath(source, dir);
                string into = Path.Combine(staging, rel);
                Directory.CreateDirectory(into);
                foreach (var name in Copied.Where(n => File.Exists(Path.Combine(dir, n))))
                    File.Copy(Path.Combine(dir, name), Path.Combine(into, name));
                foreach (var attack in Directory.EnumerateFiles(dir, "attack-*.json").Order(StringComparer.Ordinal))
                {
                    Kit.Robustness.AttackReport.Read(attack);
                    File.Copy(attack, Path.Combine(into, Path.GetFileName(attack)));
                    attacks++;
                }
                if (File.Exists(Path.Combine(dir, "result.json")))
                {
                    WriteSpec(Path.Combine(dir, "result.json"), into);
                    results++;
                }
                // The attacked models are kept; transfer runs keep their numbers only (each is its own `kit transfer --spec`
                // run, and their six float models per run would make results/rq5 ten times larger).
                if (rel.Replace('\\', '/').Split('/')[0] == TransferFolder) continue;
                foreach (var pt in Directory.EnumerateFiles(dir, "*.pt").Order(StringComparer.Ordinal))
                {
                    var (bytes, size) = Export(pt, into);
                    kitmBytes += bytes;
                    ptBytes += size;
                    models++;
                }
            }
            if (Directory.Exists(full))
            {
                string old = full + ".old-" + Environment.ProcessId;
                Directory.Move(full, old);
                Directory.Move(staging, full);
                Directory.Delete(old, recursive: true);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                Directory.Move(staging, full);
            }
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        return new Rq5PublishReport(target, results, attacks, models, kitmBytes, ptBytes);
    }

    /// <summary>Every folder below <paramref name="source"/> (itself included) except journals, stage caches and dot folders.</summary>
    static IEnumerable<string> RunFolders(string source) =>
        new[] { source }.Concat(Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            .Where(d => !Path.GetRelativePath(source, d).Replace('\\', '/').Split('/')
                .Any(seg => seg.StartsWith('.') || seg == RunJournal.FolderName || seg == "stages"))
            .Order(StringComparer.Ordinal);

    /// <summary>The result must be intact and full scale; its spec is written beside it as it ran.</summary>
    static void WriteSpec(string resultFile, string into)
    {
        AtomicFile.VerifyChecksum(resultFile);
        JsonNode? node;
        try { node = JsonNode.Parse(File.ReadAllText(resultFile)); }
        catch (System.Text.Json.JsonException e) { throw new KitException($"{resultFile}: not valid JSON ({e.Message})"); }
        if (node?["quick"]?.GetValue<bool>() != false) throw new KitException($"{resultFile}: a quick-mode (smoke) result (or no \"quick\" field); only full runs are published");
        if (node["spec"] is not JsonObject spec) throw new KitException($"{resultFile}: no \"spec\" object");
        AtomicFile.WriteAllText(Path.Combine(into, "spec.json"), spec.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>NAME.pt → NAME.kitm (cheapest exact format; b as small as the weights' levels allow) and NAME.kitm.json.</summary>
    static (long KitmBytes, long PtBytes) Export(string pt, string into)
    {
        var record = RunModelFile.WriteFrom(pt, into, quantized: true, Path.GetFileNameWithoutExtension(pt) + ".kitm");
        return (record.FileBytes, record.PtBytes);
    }
}
