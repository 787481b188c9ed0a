using System.Globalization;
using Kit.Study;
using Microsoft.Data.Analysis;

namespace Kit.Research.Study;

using VerdictRow = Kit.Study.VerdictRow;

/// <summary>One number (or text) of the study that differs between the committed results and a recomputation.</summary>
public sealed record StudyDifference(string What, string Field, string Committed, string Recomputed, double? Difference);

/// <summary>
/// Full mode for the study: the study is recomputed with `kit study run` into another folder (never over results/), then
/// every published number is compared with the committed one: each run's accuracy, rate, nonzeros, stored bits and format,
/// the accuracies after mapping and retraining, each dataset's dense accuracy, runs present on one side only, and every
/// cell of the verdict. Only differences are listed.
/// </summary>
public static class StudyDiff
{
    /// <summary>Where full mode expects the recomputed study (its runs under RECOMPUTE/study, like results/study).</summary>
    public static string RecomputeDir(string repoRoot) => Path.Combine(repoRoot, "artifacts", "study-recompute");

    /// <summary>The commands that recompute the study there (two lanes of one thread: one per core).</summary>
    public const string Command = "./kit study run specs/study/lenet5-study.json --results artifacts/study-recompute/study --work artifacts/study-recompute/work --lane 1/2 --threads 1 & " +
                                  "./kit study run specs/study/lenet5-study.json --results artifacts/study-recompute/study --work artifacts/study-recompute/work --lane 2/2 --threads 1";

    public static List<StudyDifference> Compare(StudyResults committed, StudyResults recomputed)
    {
        var diffs = new List<StudyDifference>();
        var a = committed.Runs.ToDictionary(r => Path.GetFileName(r.Run.Folder));
        var b = recomputed.Runs.ToDictionary(r => Path.GetFileName(r.Run.Folder));
        foreach (var name in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            if (!a.TryGetValue(name, out var x)) { diffs.Add(new(name, "run", "not published", "published", null)); continue; }
            if (!b.TryGetValue(name, out var y)) { diffs.Add(new(name, "run", "published", "not recomputed", null)); continue; }
            Number(diffs, name, "accuracy", x.Run.Accuracy, y.Run.Accuracy);
            Number(diffs, name, "rate", x.Run.Rate, y.Run.Rate);
            Number(diffs, name, "nonzeros", x.Nonzeros, y.Nonzeros);
            Number(diffs, name, "storage_bits", x.Run.StorageBits, y.Run.StorageBits);
            Text(diffs, name, "storage_format", x.Run.StorageFormat, y.Run.StorageFormat);
            Number(diffs, name, "accuracy_after_mapping", x.AccuracyAfterMapping, y.AccuracyAfterMapping);
            Number(diffs, name, "accuracy_after_retrain", x.AccuracyAfterRetrain, y.AccuracyAfterRetrain);
        }
        foreach (var ds in committed.DenseAccuracy.Keys.Union(recomputed.DenseAccuracy.Keys).Order(StringComparer.Ordinal))
        {
            bool inA = committed.DenseAccuracy.TryGetValue(ds, out var da), inB = recomputed.DenseAccuracy.TryGetValue(ds, out var db);
            if (inA && inB) Number(diffs, $"{ds} dense", "mean accuracy", da, db);
            else diffs.Add(new($"{ds} dense", "run", inA ? "published" : "not published", inB ? "published" : "not recomputed", null));
        }
        var va = Verdict(committed).ToDictionary(Key);
        var vb = Verdict(recomputed).ToDictionary(Key);
        foreach (var k in va.Keys.Union(vb.Keys).Order(StringComparer.Ordinal))
        {
            string what = $"verdict {k}";
            if (!va.TryGetValue(k, out var x)) { diffs.Add(new(what, "row", "absent", "present", null)); continue; }
            if (!vb.TryGetValue(k, out var y)) { diffs.Add(new(what, "row", "present", "absent", null)); continue; }
            Optional(diffs, what, "rate", x.Rate, y.Rate);
            Optional(diffs, what, "accuracy", x.Accuracy, y.Accuracy);
            Optional(diffs, what, "storage_bits", x.StorageBits, y.StorageBits);
            Text(diffs, what, "stores_least", x.StorageWinner ? "yes" : "no", y.StorageWinner ? "yes" : "no");
        }
        return diffs;
    }

    /// <summary>The committed verdict.csv when there is one (what readers saw), else the verdict of the runs.</summary>
    static IReadOnlyList<VerdictRow> Verdict(StudyResults s) => s.Verdict.Count > 0 ? s.Verdict
        : s.Runs.Count == 0 ? [] : Kit.Study.Verdict.Build(s.Runs.Select(r => r.Run).ToList(), s.DenseAccuracy.ToDictionary());

    static string Key(VerdictRow r) => string.Create(CultureInfo.InvariantCulture, $"{r.Dataset} {StudyStats.BitsLabel(r.Bits)} within {r.TolerancePoints:0.0#} {r.Scheme}");

    static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    static void Number(List<StudyDifference> d, string what, string field, double x, double y) { if (x != y) d.Add(new(what, field, F(x), F(y), y - x)); }
    static void Optional(List<StudyDifference> d, string what, string field, double? x, double? y)
    {
        if (x == y) return;
        d.Add(new(what, field, x is { } a ? F(a) : "", y is { } b ? F(b) : "", x is { } p && y is { } q ? q - p : null));
    }
    static void Text(List<StudyDifference> d, string what, string field, string x, string y) { if (x != y) d.Add(new(what, field, x, y, null)); }

    public static DataFrame Frame(IEnumerable<StudyDifference> diffs) => ReproFrames.From(diffs.Select(x => new Dictionary<string, object?>
    {
        ["what"] = x.What, ["field"] = x.Field, ["committed"] = x.Committed, ["recomputed"] = x.Recomputed, ["difference"] = x.Difference,
    }));

    /// <summary>Full mode: the diff table and a finding when a recomputed study exists, else a note with the commands that make one.</summary>
    public static void AddTo(RqReport report, string repoRoot)
    {
        string dir = RecomputeDir(repoRoot);
        if (!Directory.Exists(Path.Combine(dir, Kit.Results.ResultsSummary.StudyFolder)))
        {
            string spec = Path.Combine(repoRoot, "specs", "study", "lenet5-study.json");
            string epochs = File.Exists(spec)
                ? string.Create(CultureInfo.InvariantCulture, $" ({StudyPlan.Of(Kit.IO.Json.ReadFile<StudySpec>(spec, strict: true)).SharedEpochs:N0} epochs of training)") : "";
            report.Notes.Add($"Study not recomputed: there is no artifacts/study-recompute/study. Recompute it{epochs} with `{Command}`, then rerun full mode to list every number that differs from results/study.");
            return;
        }
        var committed = StudyResults.LoadRepo(repoRoot);
        var recomputed = StudyResults.Load(dir);
        var diffs = Compare(committed, recomputed);
        report.Tables.Add(("study_diff", Frame(diffs)));
        int compared = committed.Runs.Select(r => Path.GetFileName(r.Run.Folder)).Intersect(recomputed.Runs.Select(r => Path.GetFileName(r.Run.Folder))).Count();
        report.Findings.Add(string.Create(CultureInfo.InvariantCulture,
            $"Recomputed study vs committed: {compared} runs on both sides, {diffs.Count(d => d.Field == "run")} on one side only, {diffs.Count(d => d.Field != "run" && !d.What.StartsWith("verdict", StringComparison.Ordinal))} run numbers and {diffs.Count(d => d.What.StartsWith("verdict", StringComparison.Ordinal))} verdict entries differ (table study_diff lists each)."));
    }
}
