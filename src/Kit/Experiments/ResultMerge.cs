using System.Globalization;
using System.Text;
using Kit.IO;

namespace Kit.Experiments;

/// <summary>One row of a merged table: one compression result.</summary>
public sealed record MergedRow
{
    public string Name { get; init; } = "";
    public string SpecSha256 { get; init; } = "";
    public string Model { get; init; } = "";
    public string Dataset { get; init; } = "";
    public string Scheme { get; init; } = "";
    public string Method { get; init; } = "";
    public double? TargetRate { get; init; }
    public double OverallRate { get; init; }
    public int Bits { get; init; }
    public long Seed { get; init; }
    public bool Quick { get; init; }
    public double DenseAccuracy { get; init; }
    public double AccuracyAfterMapping { get; init; }
    public double AccuracyAfterRetrain { get; init; }
    public double Accuracy { get; init; }
    public double ValidationAccuracy { get; init; }
    public double AccuracyDrop { get; init; }
    public string Device { get; init; } = "";
    public int Threads { get; init; }
    public double Seconds { get; init; }
    public string KitVersion { get; init; } = "";
    public string Folder { get; init; } = "";
    /// <summary>The per-layer budget exponent its last prune step ran with: chosen on validation (budget search), else the spec's; null without pruning. Not a CSV column.</summary>
    public double? AllocationExponent { get; init; }
}

public sealed record MergeDuplicate(string SpecSha256, string Name, List<string> Folders, bool SameNumbers);
public sealed record MergeMissing(int Index, string Name, string SpecSha256, string Folder);
public sealed record MergeReport(List<MergedRow> Rows, List<MergeDuplicate> Duplicates, List<MergeMissing> Missing, List<string> Corrupt, List<string> Skipped);

/// <summary>
/// Combines the compression results under some folders (any depth, e.g. the output folders of many sweep shards
/// copied from many machines) into one table. Results are identified by their spec hash: two results of one
/// experiment are duplicates (same numbers or not), and with the sweep's entries given, each entry without a
/// result is missing. A result.json that fails its SHA-256 sidecar or does not parse is listed as corrupt, not used.
/// </summary>
public static class ResultMerge
{
    public static MergeReport Merge(IEnumerable<string> roots, IReadOnlyList<SweepEntry>? expected = null)
    {
        var found = new List<(MergedRow row, string folder)>();
        var corrupt = new List<string>();
        var skipped = new List<string>();
        foreach (var root in roots)
        {
            if (!Directory.Exists(root)) throw new KitException($"{root}: folder not found");
            foreach (var file in Directory.EnumerateFiles(root, "result.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                try
                {
                    AtomicFile.VerifyChecksum(file);
                    var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file));
                    if (node?["spec"]?["prune"] is null && node?["spec"]?["quantize"] is null) { skipped.Add(file); continue; } // not a compression result
                    var r = Json.Parse<CompressionResult>(File.ReadAllText(file), file, strict: false);
                    found.Add((Row(r, Path.GetDirectoryName(Path.GetFullPath(file))!), file));
                }
                catch (Exception e) when (e is KitException or System.Text.Json.JsonException)
                {
                    corrupt.Add(e is KitException ? e.Message : $"{file}: {e.Message}");
                }
            }
        }
        var duplicates = found.GroupBy(f => f.row.SpecSha256).Where(g => g.Count() > 1).Select(g => new MergeDuplicate(
            g.Key, g.First().row.Name, g.Select(x => x.row.Folder).ToList(),
            g.Select(x => (x.row.Accuracy, x.row.OverallRate, x.row.AccuracyAfterMapping)).Distinct().Count() == 1)).ToList();
        var rows = found.GroupBy(f => f.row.SpecSha256).Select(g => g.First().row).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        var have = rows.Select(r => r.SpecSha256).ToHashSet();
        var missing = (expected ?? []).Where(e => !have.Contains(e.SpecSha256)).Select(e => new MergeMissing(e.Index, e.Name, e.SpecSha256, e.Folder)).ToList();
        return new MergeReport(rows, duplicates, missing, corrupt, skipped);
    }

    static MergedRow Row(CompressionResult r, string folder) => new()
    {
        Name = r.Name,
        SpecSha256 = string.IsNullOrEmpty(r.SpecSha256) ? SpecIdentity.Hash(r.Spec) : r.SpecSha256,
        Model = r.Spec.Model, Dataset = r.Spec.Data.Dataset,
        // A run that only quantizes a pruned model reports the scheme and method its starting model was pruned with.
        Scheme = r.Spec.Prune is { } p ? p.Scheme.Name : r.Spec.Start?.Scheme ?? "none",
        Method = r.Spec.Prune is { } p2 ? Json.Serialize(p2.Method).Trim('"') : r.Spec.Start?.Method is { } m ? Json.Serialize(m).Trim('"') : "none",
        TargetRate = r.TargetRate, OverallRate = r.OverallRate, Bits = r.Bits, Seed = r.Spec.Seed, Quick = r.Quick,
        DenseAccuracy = r.DenseAccuracy, AccuracyAfterMapping = r.AccuracyAfterMapping, AccuracyAfterRetrain = r.AccuracyAfterRetrain,
        Accuracy = r.Accuracy, ValidationAccuracy = r.ValidationAccuracy, AccuracyDrop = r.AccuracyDrop,
        Device = r.Device, Threads = r.Threads, Seconds = r.Seconds, KitVersion = r.KitVersion, Folder = folder,
        AllocationExponent = r.Spec.Prune is { } p3 ? r.Stages.LastOrDefault(s => s.BudgetSearch is not null)?.BudgetSearch!.Exponent ?? p3.AllocationExponent : null,
    };

    static readonly string[] Columns =
    [
        "name", "spec_sha256", "model", "dataset", "scheme", "method", "target_rate", "overall_rate", "bits", "seed", "quick",
        "dense_accuracy", "accuracy_after_mapping", "accuracy_after_retrain", "accuracy", "validation_accuracy", "accuracy_drop",
        "device", "threads", "seconds", "kit_version", "folder",
    ];

    public static string ToCsv(IEnumerable<MergedRow> rows)
    {
        var sb = new StringBuilder(string.Join(",", Columns)).Append('\n');
        foreach (var r in rows)
        {
            object?[] cells = [r.Name, r.SpecSha256, r.Model, r.Dataset, r.Scheme, r.Method, r.TargetRate, r.OverallRate, r.Bits, r.Seed, r.Quick,
                r.DenseAccuracy, r.AccuracyAfterMapping, r.AccuracyAfterRetrain, r.Accuracy, r.ValidationAccuracy, r.AccuracyDrop,
                r.Device, r.Threads, r.Seconds, r.KitVersion, r.Folder];
            sb.AppendJoin(',', cells.Select(Cell)).Append('\n');
        }
        return sb.ToString();
    }

    static string Cell(object? v) => v switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s when s.IndexOfAny([',', '"', '\n']) >= 0 => "\"" + s.Replace("\"", "\"\"") + "\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
