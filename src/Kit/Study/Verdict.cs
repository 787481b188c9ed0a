using System.Globalization;
using System.Text;
using Kit.Results;

namespace Kit.Study;

/// <summary>One finished run of a study as the verdict needs it (read from its result.json and cost.json).</summary>
public sealed record StudyRun(
    string Folder, string Experiment, string Dataset, string Scheme, string Method, double Rate, int Bits, long Seed,
    double Accuracy, long StorageBits, string StorageFormat);

/// <summary>One row of `results/verdict.csv`: a scheme's most compressed model within a tolerance of dense accuracy.</summary>
public sealed record VerdictRow
{
    public string Dataset { get; init; } = "";
    /// <summary>32 = float.</summary>
    public int Bits { get; init; }
    public double TolerancePoints { get; init; }
    public double DenseAccuracy { get; init; }
    public string Scheme { get; init; } = "";
    /// <summary>Empty when no model of the scheme is within the tolerance.</summary>
    public string Method { get; init; } = "";
    public double? Rate { get; init; }
    public double? Accuracy { get; init; }
    public double? AccuracySd { get; init; }
    public int Seeds { get; init; }
    public double? StorageBits { get; init; }
    public double? StorageSd { get; init; }
    public string StorageFormat { get; init; } = "";
    /// <summary>This scheme stores the fewest bits of all schemes at this (dataset, bits, tolerance).</summary>
    public bool StorageWinner { get; init; }
    /// <summary>Winner rows: the runner-up's bits over the winner's.</summary>
    public double? StorageMargin { get; init; }
    /// <summary>Winner rows: the difference exceeds the sum of the two sds over seeds (null with one seed).</summary>
    public bool? BeyondSeedSpread { get; init; }
    public List<string> Runs { get; init; } = [];
}

/// <summary>
/// The paper's question at equal accuracy and equal bits: for each dataset, bit width and tolerance below that dataset's
/// mean dense accuracy, per scheme the highest rate whose mean accuracy over seeds stays within the tolerance (any
/// pruning method: the scheme's best model), its storage in its cheapest exact format, and which scheme stores least.
/// </summary>
public static class Verdict
{
    public static readonly double[] Tolerances = [0.1, 0.3, 0.5, 1.0];

    /// <summary>The verdict of a study's published runs; no rows when none has been published (a missing folder counts as none).</summary>
    public static List<VerdictRow> From(string resultsDir, string study)
    {
        if (!Directory.Exists(resultsDir)) return [];
        var (runs, dense) = VerdictSource.Read(resultsDir, study);
        return runs.Count == 0 ? [] : Build(runs, dense);
    }

    /// <summary>How many of the spec's planned runs are published in <paramref name="resultsDir"/> (null when the spec file is absent).</summary>
    public static (int Published, int Planned)? Progress(string specPath, string resultsDir)
    {
        if (!File.Exists(specPath)) return null;
        var plan = StudyPlan.Of(Kit.IO.Json.ReadFile<StudySpec>(specPath, strict: true));
        var o = new StudyRunOptions { ResultsDir = resultsDir };
        return (plan.Nodes.Count(n => StudyRunner.IsDone(n, o)), plan.Nodes.Count);
    }

    public static List<VerdictRow> Build(IReadOnlyList<StudyRun> runs, IReadOnlyDictionary<string, double> denseAccuracy, IReadOnlyList<double>? tolerances = null)
    {
        var experiments = runs.GroupBy(r => r.Experiment).Select(g => g.ToList()).ToList();
        var rows = new List<VerdictRow>();
        foreach (var dataset in runs.Select(r => r.Dataset).Distinct().Order(StringComparer.Ordinal))
        {
            if (!denseAccuracy.TryGetValue(dataset, out double dense)) throw new KitException($"verdict: no dense run of {dataset} among the study's results");
            foreach (var bits in runs.Where(r => r.Dataset == dataset).Select(r => r.Bits).Distinct().OrderByDescending(b => b))
                foreach (var tol in tolerances ?? Tolerances)
                {
                    var group = new List<VerdictRow>();
                    foreach (var scheme in runs.Where(r => r.Dataset == dataset && r.Bits == bits).Select(r => r.Scheme).Distinct().Order(StringComparer.Ordinal))
                    {
                        var best = experiments.Where(e => e[0].Dataset == dataset && e[0].Bits == bits && e[0].Scheme == scheme)
                            .Where(e => e.Average(r => r.Accuracy) >= dense - tol - 1e-9)
                            .OrderByDescending(e => e.Average(r => r.Rate)).ThenByDescending(e => e.Average(r => r.Accuracy)).FirstOrDefault();
                        var row = new VerdictRow { Dataset = dataset, Bits = bits, TolerancePoints = tol, DenseAccuracy = dense, Scheme = scheme };
                        if (best is not null)
                            row = row with
                            {
                                Method = best[0].Method,
                                Rate = best.Average(r => r.Rate),
                                Accuracy = best.Average(r => r.Accuracy), AccuracySd = Sd(best.Select(r => r.Accuracy)),
                                Seeds = best.Count,
                                StorageBits = best.Average(r => (double)r.StorageBits), StorageSd = Sd(best.Select(r => (double)r.StorageBits)),
                                StorageFormat = best.GroupBy(r => r.StorageFormat).OrderByDescending(g => g.Count()).First().Key,
                                Runs = best.Select(r => r.Folder).Order(StringComparer.Ordinal).ToList(),
                            };
                        group.Add(row);
                    }
                    rows.AddRange(MarkWinner(group));
                }
        }
        return rows;
    }

    static IEnumerable<VerdictRow> MarkWinner(List<VerdictRow> group)
    {
        var ranked = group.Where(r => r.StorageBits is not null).OrderBy(r => r.StorageBits).ToList();
        if (ranked.Count == 0) return group;
        var (win, second) = (ranked[0], ranked.ElementAtOrDefault(1));
        double? margin = second is null ? null : second.StorageBits!.Value / win.StorageBits!.Value;
        bool? beyond = second is null || win.StorageSd is null || second.StorageSd is null ? null
            : second.StorageBits!.Value - win.StorageBits!.Value > win.StorageSd.Value + second.StorageSd.Value;
        return group.Select(r => ReferenceEquals(r, win) ? r with { StorageWinner = true, StorageMargin = margin, BeyondSeedSpread = beyond } : r);
    }

    static double? Sd(IEnumerable<double> v) { double s = ResultsSummary.Sd(v); return double.IsNaN(s) ? null : s; }

    public const string CsvHeader = "dataset,bits,tolerance_points,dense_accuracy,scheme,method,rate,accuracy,accuracy_sd,seeds,storage_bits,storage_sd,storage_format,storage_winner,storage_margin,beyond_seed_spread,cpu_us_batch1,cpu_us_batch64,runs";

    /// <summary>The CSV (invariant culture; empty cells where there is no value; CPU columns stay empty until `kit bench sparse` on the study's models feeds them).</summary>
    public static string ToCsv(IEnumerable<VerdictRow> rows)
    {
        static string F(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "";
        var sb = new StringBuilder(CsvHeader).Append('\n');
        foreach (var r in rows)
            sb.Append(string.Join(",", r.Dataset, r.Bits == 32 ? "float" : r.Bits.ToString(CultureInfo.InvariantCulture), F(r.TolerancePoints, "0.0#"),
                F(r.DenseAccuracy, "F2"), r.Scheme, r.Method, F(r.Rate, "F1"), F(r.Accuracy, "F2"), F(r.AccuracySd, "F2"),
                r.Seeds.ToString(CultureInfo.InvariantCulture), F(r.StorageBits, "F0"), F(r.StorageSd, "F0"), r.StorageFormat,
                r.StorageWinner ? "true" : "false", F(r.StorageMargin, "F2"), r.BeyondSeedSpread is { } b ? (b ? "true" : "false") : "",
                "", "", string.Join(";", r.Runs))).Append('\n');
        return sb.ToString();
    }
}
