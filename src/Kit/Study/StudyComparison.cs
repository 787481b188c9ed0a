using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Kit.Experiments;

namespace Kit.Study;

/// <summary>One run present in the baseline study, the trial study or both: the same dataset, chain, rate, bits and seed.</summary>
public sealed record ComparedRun(string Run, double? Baseline, double? Trial, double? BaselineAfterMapping, double? TrialAfterMapping)
{
    /// <summary>The allocation exponent each side's prune step ran with (chosen on validation when the step searched; null for dense and quantize runs).</summary>
    public double? BaselineExponent { get; init; }
    public double? TrialExponent { get; init; }

    public double? Difference => Baseline is { } b && Trial is { } t ? t - b : null;
}

/// <summary>
/// A study run again with one thing changed (a trial spec: another name, the same chains) against the study it varies:
/// runs are paired by their folder name without the study's name (`NAME-mnist-irregular-admm-100x-seed1` pairs with
/// `study-mnist-irregular-admm-100x-seed1`), so each pair shares dataset, chain, rate, bits and seed and differs only in
/// what the trial spec changed. Each study's name is read from its dense run folders (`NAME-DATASET-dense-seedS`). The
/// dense runs are paired too: the same dense spec and seed on one thread should give the same accuracy on both sides.
/// </summary>
public static class StudyComparison
{
    /// <summary>Every run of the trial, with its baseline counterpart where the baseline has one.</summary>
    public static List<ComparedRun> Compare(string baselineDir, string trialDir) => Compare(Runs(baselineDir), Runs(trialDir));

    static List<ComparedRun> Compare(Dictionary<string, RunNumbers> a, Dictionary<string, RunNumbers> b) =>
        [.. b.Keys.Order(KeyOrder.Instance).Select(k =>
        {
            bool inA = a.TryGetValue(k, out var x);
            var y = b[k];
            return new ComparedRun(k, inA ? x!.Accuracy : null, y.Accuracy, inA ? x!.AfterMapping : null, y.AfterMapping)
            {
                BaselineExponent = inA ? x!.Exponent : null, TrialExponent = y.Exponent,
            };
        })];

    sealed record RunNumbers(double? Accuracy, double? AfterMapping, double? Exponent);

    /// <summary>The comparison as markdown; the folders are shown as given and read relative to <paramref name="root"/> (default: the working folder).</summary>
    public static string ToMarkdown(string baselineDir, string trialDir, string? root = null)
    {
        var ic = CultureInfo.InvariantCulture;
        var baseline = Runs(Path.Combine(root ?? "", baselineDir));
        var rows = Compare(baseline, Runs(Path.Combine(root ?? "", trialDir)));
        var paired = rows.Where(r => r.Difference is not null && !r.Run.Contains("-dense-", StringComparison.Ordinal)).ToList();
        var sb = new StringBuilder();
        int baselineOnly = baseline.Count - rows.Count(r => r.Baseline is not null);
        sb.Append(ic, $"`{Shown(trialDir)}` (study `{StudyName(Path.Combine(root ?? "", trialDir))}`) against `{Shown(baselineDir)}` (study `{StudyName(Path.Combine(root ?? "", baselineDir))}`), run by run: ");
        sb.Append("each row is one dataset, chain, rate, bit width and seed, its test accuracy (%) on each side, read from each run's `result.json` (dense runs: `metrics.json`). ");
        if (paired.Count > 0)
        {
            var d = paired.Select(r => r.Difference!.Value).ToList();
            sb.Append(ic, $"Over the {paired.Count} compressed runs on both sides the trial is higher in {d.Count(x => x > 0)}, lower in {d.Count(x => x < 0)}, equal in {d.Count(x => x == 0)}; ");
            sb.Append(ic, $"mean difference {d.Average():+0.00;-0.00;0.00} points (min {d.Min():+0.00;-0.00;0.00}, max {d.Max():+0.00;-0.00;0.00}).");
        }
        else sb.Append("No compressed run is on both sides yet.");
        if (baselineOnly > 0) sb.Append(ic, $" The baseline's {baselineOnly} other runs (chains, bit widths or seeds the trial does not run) are not listed.");
        // The per-layer budget's exponent is shown only when the two sides ran with different ones somewhere (a budget trial).
        bool exponents = rows.Any(r => r.BaselineExponent is not null && r.TrialExponent is not null && r.BaselineExponent != r.TrialExponent);
        if (exponents) sb.Append(" Exponents: the per-layer budget's allocation exponent each prune step ran with (`stages[].budget_search.exponent` of its `result.json` when the step chose it on validation, else the spec's `prune.allocation_exponent`).");
        sb.Append("\n\n| run (without the study's name) | baseline % | trial % | trial - baseline | baseline after mapping % | trial after mapping % |");
        sb.Append(exponents ? " baseline exponent | trial exponent |\n|---|---|---|---|---|---|---|---|\n" : "\n|---|---|---|---|---|---|\n");
        foreach (var r in rows)
        {
            sb.Append(ic, $"| `{r.Run}` | {P(r.Baseline)} | {P(r.Trial)} | {(r.Difference is { } x ? x.ToString("+0.00;-0.00;0.00", ic) : "")} | {P(r.BaselineAfterMapping)} | {P(r.TrialAfterMapping)} |");
            if (exponents) sb.Append(ic, $" {E(r.BaselineExponent)} | {E(r.TrialExponent)} |");
            sb.Append('\n');
        }
        return sb.ToString();
    }

    static string P(double? v) => v is { } x ? x.ToString("F2", CultureInfo.InvariantCulture) : "-";
    static string E(double? v) => v is { } x ? x.ToString("0.###", CultureInfo.InvariantCulture) : "-";
    /// <summary>A folder as the block and its markers name it.</summary>
    public static string Shown(string dir) => Path.TrimEndingDirectorySeparator(dir).Replace('\\', '/');

    /// <summary>The study's name: the common prefix of its dense run folders `NAME-DATASET-dense-seedS`.</summary>
    public static string StudyName(string dir)
    {
        if (!Directory.Exists(dir)) throw new KitException($"{dir}: no such results folder");
        var names = Directory.EnumerateDirectories(dir).Where(d => Path.GetFileName(d).Contains("-dense-seed", StringComparison.Ordinal) && File.Exists(Path.Combine(d, "metrics.json")))
            .Select(d =>
            {
                string n = Path.GetFileName(d);
                string ds = Kit.IO.Json.ReadNode(Path.Combine(d, "metrics.json"))["spec"]?["data"]?["dataset"]?.GetValue<string>()
                    ?? throw new KitException($"{d}/metrics.json: no spec.data.dataset");
                string suffix = $"-{ds}-dense-seed";
                int at = n.LastIndexOf(suffix, StringComparison.Ordinal);
                return at > 0 ? n[..at] : throw new KitException($"{d}: a dense run of dataset {ds} not named NAME{suffix}S");
            }).Distinct().Order(StringComparer.Ordinal).ToList();
        return names.Count switch
        {
            1 => names[0],
            0 => throw new KitException($"{dir}: no dense run (NAME-DATASET-dense-seedS with metrics.json), so the study's name is unknown"),
            _ => throw new KitException($"{dir}: dense runs of more than one study ({string.Join(", ", names)}); compare one study per folder"),
        };
    }

    static Dictionary<string, RunNumbers> Runs(string dir)
    {
        string name = StudyName(dir);
        string Key(string folder) => Path.GetFileName(folder)[(name.Length + 1)..];
        var runs = new Dictionary<string, RunNumbers>(StringComparer.Ordinal);
        foreach (var d in Directory.EnumerateDirectories(dir, name + "-*").Where(d => File.Exists(Path.Combine(d, "metrics.json"))))
        {
            var m = Kit.IO.Json.ReadNode(Path.Combine(d, "metrics.json"));
            runs[Key(d)] = new(m["test_accuracy"]?.GetValue<double>() ?? throw new KitException($"{d}/metrics.json: no test_accuracy"), null, null);
        }
        var merged = ResultMerge.Merge([dir]);
        if (merged.Corrupt.Count > 0) throw new KitException($"{dir}: corrupt results: {string.Join("; ", merged.Corrupt)}");
        foreach (var r in merged.Rows.Where(r => Path.GetFileName(r.Folder).StartsWith(name + "-", StringComparison.Ordinal)))
            runs[Key(r.Folder)] = new(r.Accuracy, r.AccuracyAfterMapping, r.AllocationExponent);
        return runs;
    }

    /// <summary>Dataset, then chain, then rate as a number (4x before 12x), then bits and seed as they read.</summary>
    sealed class KeyOrder : IComparer<string>
    {
        public static readonly KeyOrder Instance = new();
        public int Compare(string? x, string? y) => string.CompareOrdinal(SortKey(x!), SortKey(y!));

        // Rate as a zero-padded number (4x before 12x), then float before 8 bits before 1 bit, then the rest (the seed).
        static string SortKey(string run)
        {
            var m = Regex.Match(run, @"^(?<head>.*?)-(?<rate>\d+(?:\.\d+)?)x(?:-(?<bits>\d+)bit)?(?<tail>-seed\d+)$");
            if (!m.Success) return run;
            double rate = double.Parse(m.Groups["rate"].Value, CultureInfo.InvariantCulture);
            int bits = m.Groups["bits"].Success ? int.Parse(m.Groups["bits"].Value, CultureInfo.InvariantCulture) : 32;
            return string.Create(CultureInfo.InvariantCulture, $"{m.Groups["head"].Value}|{rate:00000.00}|{99 - bits:00}|{m.Groups["tail"].Value}");
        }
    }
}
