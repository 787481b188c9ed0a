using System.Globalization;
using Kit.Charts;
using Plotly.NET;
using CChart = Plotly.NET.CSharp.Chart;

namespace Kit.Research.Study;

/// <summary>
/// The study's figures: one marker series per scheme with error bars of one sd over seeds (no bar for one seed) and the
/// number of seeds in the legend, and each scheme's Pareto front as a dashed line through its front points.
/// </summary>
public static class StudyCharts
{
    /// <summary>Accuracy vs mean rate (log axis) at one dataset and bit width.</summary>
    public static GenericChart AccuracyVsRate(IReadOnlyList<StudyPoint> points, string title) =>
        Chart(points, p => p.Rate, p => p.OnRateFront, title, "pruning rate (x, mean over seeds)", logX: true);

    /// <summary>Accuracy vs mean stored bits (KiB, cheapest exact format; log axis) at one dataset and bit width.</summary>
    public static GenericChart AccuracyVsStoredBits(IReadOnlyList<StudyPoint> points, string title) =>
        Chart(points, p => p.StoredBits / 8192, p => p.OnBitsFront, title, "stored KiB (cheapest exact format, mean over seeds)", logX: true);

    /// <summary>The legend label of a scheme's series: "irregular (n=1-2 seeds)".</summary>
    public static string Legend(string scheme, IEnumerable<int> seeds) => $"{scheme} ({SeedsLabel(seeds)})";

    /// <summary>"n=1 seed", "n=3 seeds", "n=1-3 seeds".</summary>
    public static string SeedsLabel(IEnumerable<int> seeds)
    {
        var s = seeds.ToList();
        string n = s.Min() == s.Max() ? s.Min().ToString(CultureInfo.InvariantCulture) : $"{s.Min()}-{s.Max()}";
        return $"n={n} seed{(s.Max() == 1 ? "" : "s")}";
    }

    /// <summary>Lines with markers, one per named series (each its own x), with sd bars where given (NaN: no bar).</summary>
    public static GenericChart Series(IReadOnlyList<(string Name, double[] X, double[] Y, double[] Sd)> series, string title, string xTitle, string yTitle, bool logX = false)
    {
        var charts = series.Select(s => KitCharts.WithYError(CChart.Line<double, double, string>(s.X, s.Y, Name: s.Name, ShowMarkers: true), s.Sd, s.X.Length, s.Name)).ToList();
        return KitCharts.Layout(CChart.Combine(charts), title, xTitle, yTitle, logX: logX);
    }

    static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

    static GenericChart Chart(IReadOnlyList<StudyPoint> points, Func<StudyPoint, double> x, Func<StudyPoint, bool> onFront, string title, string xTitle, bool logX)
    {
        var charts = new List<GenericChart>();
        int k = 0;
        foreach (var g in points.GroupBy(p => p.Scheme).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // The front line takes its scheme's colour, so a reader can tell whose front it is.
            var color = Color.fromString(Palette[k++ % Palette.Length]);
            var ps = g.OrderBy(x).ToList();
            string name = Legend(g.Key, ps.Select(p => p.Seeds));
            var text = ps.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{p.Experiment}: {p.Rate:F1}x, {StudyStats.PlusMinus(p.Accuracy, p.AccuracySd, p.Seeds)}, {p.StoredBits / 8192:F1} KiB ({p.Format}, {p.Method})")).ToArray();
            var points0 = CChart.Point<double, double, string>(ps.Select(x).ToArray(), ps.Select(p => p.Accuracy).ToArray(), Name: name, MultiText: text, MarkerColor: color);
            charts.Add(KitCharts.WithYError(points0, ps.Select(p => p.AccuracySd ?? double.NaN).ToArray(), ps.Count, name));
            var front = ps.Where(onFront).ToList();
            if (front.Count > 1)
                charts.Add(CChart.Line<double, double, string>(front.Select(x).ToArray(), front.Select(p => p.Accuracy).ToArray(),
                    Name: $"{g.Key} front", ShowLegend: false, LineDash: StyleParam.DrawingStyle.Dash, LineColor: color));
        }
        return KitCharts.Layout(CChart.Combine(charts), title, xTitle, "test accuracy (%, mean ± sd over seeds)", logX: logX);
    }
}
