using System.Globalization;
using System.Text;

namespace Kit.Study;

/// <summary>
/// ADMM against its equal-epoch magnitude control, from the study's own chains: per dataset, scheme and rate where both
/// methods have a float run, the mean test accuracy over seeds of each, their difference, and whether it exceeds the seed
/// spread (the two sd summed, the verdict's rule). Issue 14 asks whether ADMM beats equal-epoch magnitude pruning; the study's
/// magnitude chain gets the ADMM steps' epochs as masked retraining, so this is that comparison on every seed the study runs.
/// Generated (`kit study methods --into`), never by hand.
/// </summary>
public static class MethodTable
{
    public sealed record Side(double Mean, double? Sd, int Seeds);
    public sealed record Pair(string Dataset, string Scheme, double Rate, Side Admm, Side Magnitude)
    {
        public double Difference => Admm.Mean - Magnitude.Mean;
        /// <summary>Null when either side has one seed: no spread to compare against.</summary>
        public bool? BeyondSpread => Kit.Research.Study.StudyStats.Beyond(Difference, Admm.Sd, Magnitude.Sd);
    }

    /// <summary>The rates where both methods have a float run, from the same comparison the RQ3 notebook shows
    /// (<see cref="Kit.Research.Study.StudyAblations.Methods"/> over <see cref="Kit.Research.Study.StudyResults.ReadRuns"/>).</summary>
    public static List<Pair> Pairs(string resultsDir, string study = Kit.Research.Study.StudyResults.StudyName)
    {
        if (!Directory.Exists(resultsDir)) return [];
        var (runs, _) = Kit.Research.Study.StudyResults.ReadRuns(resultsDir, study: study);
        return Kit.Research.Study.StudyAblations.Methods(runs)
            .Where(m => m.AdmmAccuracy is not null && m.MagnitudeAccuracy is not null)
            .Select(m => new Pair(m.Dataset, m.Scheme, m.TargetRate, new Side(m.AdmmAccuracy!.Value, m.AdmmSd, m.AdmmSeeds),
                new Side(m.MagnitudeAccuracy!.Value, m.MagnitudeSd, m.MagnitudeSeeds)))
            .ToList();
    }

    public static string ToMarkdown(string resultsDir, string shownDir = "results/study", string study = Kit.Research.Study.StudyResults.StudyName)
    {
        var pairs = Pairs(resultsDir, study);
        if (pairs.Count == 0) return $"No rate of the study has both an ADMM and a magnitude run in `{shownDir}/` yet.\n";
        var ic = CultureInfo.InvariantCulture;
        int higher = pairs.Count(p => p.Difference > 0), lower = pairs.Count(p => p.Difference < 0);
        var spread = pairs.Where(p => p.BeyondSpread is not null).ToList();
        var sb = new StringBuilder();
        sb.Append(ic, $"ADMM against equal-epoch magnitude pruning in the study's chains (`{shownDir}/`, float models; mean test accuracy over the seeds each side has). ");
        sb.Append(ic, $"ADMM ends higher at {higher} of {pairs.Count} (dataset, scheme, rate) rows, lower at {lower}, equal at {pairs.Count - higher - lower}. ");
        sb.Append(spread.Count == 0
            ? "No row has two or more seeds on both sides yet, so none can be told apart from the seed spread.\n\n"
            : string.Create(ic, $"Of the {spread.Count} rows with two or more seeds on both sides, the difference exceeds the two sides' summed sd at {spread.Count(p => p.BeyondSpread == true)} " +
                $"(ADMM higher at {spread.Count(p => p.BeyondSpread == true && p.Difference > 0)} of them).\n\n"));
        sb.Append("| dataset | scheme | rate | ADMM % | seeds | magnitude % | seeds | ADMM - magnitude (points) | beyond seed spread |\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|\n");
        foreach (var p in pairs)
            sb.Append(ic, $"| {p.Dataset} | {p.Scheme} | {p.Rate:0.#}x | {Cell(p.Admm)} | {p.Admm.Seeds} | {Cell(p.Magnitude)} | {p.Magnitude.Seeds} | {p.Difference:+0.00;-0.00;0.00} | {(p.BeyondSpread is { } b ? (b ? "yes" : "no") : "1 seed")} |\n");
        return sb.ToString();
    }

    static string Cell(Side s) => s.Sd is { } sd ? string.Create(CultureInfo.InvariantCulture, $"{s.Mean:F2} ± {sd:F2}") : string.Create(CultureInfo.InvariantCulture, $"{s.Mean:F2}");
}
