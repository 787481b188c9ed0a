using System.Globalization;
using System.Text;
using Kit.Experiments;

namespace Kit.Results;

/// <summary>One experiment of the committed results: its seeds' runs, with means and sample sd over seeds.</summary>
public sealed record SummaryRow(
    string Name, string Dataset, string Scheme, string Method, double Rate, int Bits, int Seeds,
    double Dense, double AfterMapping, double Pruned, double PrunedSd, double Final, double FinalSd, List<string> Runs);

/// <summary>
/// The table the README and docs quote: every compression result under a folder (normally `results/`), grouped by
/// experiment name over seeds. Means over seeds; sd is the sample standard deviation (NaN for one seed).
/// Runs are listed relative to the folder so a reader can open each one.
/// </summary>
public static class ResultsSummary
{
    public static List<SummaryRow> Summarize(string dir)
    {
        string root = Path.GetFullPath(dir);
        // The study grid (`kit study`, hundreds of runs) has its own summary, `kit study verdict`, and its trials theirs,
        // `kit study compare`; this table is the other runs.
        return CommittedRows(dir).Where(r => !InStudy(root, r.Folder)).GroupBy(r => r.Name).Select(g =>
        {
            var rows = g.OrderBy(r => r.Seed).ToList();
            return new SummaryRow(g.Key, rows[0].Dataset, rows[0].Scheme, rows[0].Method, rows.Average(r => r.OverallRate), rows[0].Bits, rows.Count,
                rows.Average(r => r.DenseAccuracy), rows.Average(r => r.AccuracyAfterMapping),
                rows.Average(r => r.AccuracyAfterRetrain), Sd(rows.Select(r => r.AccuracyAfterRetrain)),
                rows.Average(r => r.Accuracy), Sd(rows.Select(r => r.Accuracy)),
                rows.Select(r => Path.GetRelativePath(root, r.Folder)).ToList());
        }).OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Scheme, StringComparer.Ordinal).ThenBy(r => r.Rate).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every compression run under <paramref name="dir"/> (any depth); a corrupt or quick-mode (smoke) result is refused by name.</summary>
    public static List<MergedRow> CommittedRows(string dir)
    {
        var report = ResultMerge.Merge([dir]);
        if (report.Corrupt.Count > 0) throw new KitException($"{dir}: corrupt results: {string.Join("; ", report.Corrupt)}");
        if (report.Rows.FirstOrDefault(r => r.Quick) is { } q) throw new KitException($"{q.Folder}: a quick-mode (smoke) result among the committed results");
        string root = Path.GetFullPath(dir);
        return report.Rows.Where(r => !InRq5(root, r.Folder)).ToList();
    }

    /// <summary>Subfolder of the results where `kit study run` publishes; left out of this table.</summary>
    public const string StudyFolder = "study";

    /// <summary>True for a run under results/study/ or a study trial's results/study-NAME/ (published by `kit study run --results`).</summary>
    public static bool InStudy(string root, string folder)
    {
        string rel = Path.GetRelativePath(root, Path.GetFullPath(folder)).Replace('\\', '/');
        string top = rel.Split('/')[0];
        return rel.Contains('/') && (top == StudyFolder || top.StartsWith(StudyFolder + "-", StringComparison.Ordinal));
    }

    /// <summary>Subfolder of the results where `kit rq5 publish` commits RQ5's runs.</summary>
    public const string Rq5Folder = "rq5";

    /// <summary>
    /// True for a run under results/rq5/: RQ5's reduced setting (10,000 training images, a few epochs) has its own tables
    /// (`kit rq5 summary`), and its runs must never stand beside full-scale ones in a table, a claim or a target.
    /// </summary>
    public static bool InRq5(string root, string folder)
    {
        string rel = Path.GetRelativePath(root, Path.GetFullPath(folder)).Replace('\\', '/');
        return rel.Contains('/') && rel.Split('/')[0] == Rq5Folder;
    }

    /// <summary>Sample standard deviation (n - 1); NaN below two values. The one spread every seed summary of the kit uses.</summary>
    public static double Sd(IEnumerable<double> values)
    {
        var v = values.ToList();
        if (v.Count < 2) return double.NaN;
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1));
    }

    public static string ToMarkdown(IReadOnlyList<SummaryRow> rows)
    {
        var sb = new StringBuilder("| experiment | dataset | scheme | method | rate | bits | seeds | dense % | after mapping % | pruned % | final % | drop (points) | runs |\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var r in rows)
            sb.Append(CultureInfo.InvariantCulture, $"| `{r.Name}` | {r.Dataset} | {r.Scheme} | {r.Method} | {r.Rate:F1}x | {(r.Bits == 32 ? "float" : r.Bits)} | {r.Seeds} | ")
              .Append(CultureInfo.InvariantCulture, $"{r.Dense:F2} | {r.AfterMapping:F2} | {PlusMinus(r.Pruned, r.PrunedSd)} | {PlusMinus(r.Final, r.FinalSd)} | {r.Dense - r.Final:F2} | ")
              .Append(string.Join(", ", r.Runs.Select(x => $"`{x}`"))).Append(" |\n");
        return sb.ToString();
    }

    static string PlusMinus(double mean, double sd) =>
        double.IsNaN(sd) ? mean.ToString("F2", CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{mean:F2} ± {sd:F2}");
}
