using Microsoft.Data.Analysis;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CChart = Plotly.NET.CSharp.Chart;

namespace Kit.Charts;

/// <summary>
/// The kit's figures as Plotly.NET charts built from plain arrays (or a DataFrame of results). Every chart
/// can be written as an offline page (<see cref="ChartPage"/>) or shown in a notebook. Series are passed as
/// ordered (name, values) lists so legend order is the caller's.
/// </summary>
public static class KitCharts
{
    /// <summary>
    /// Accuracy vs compression rate, one marker series per group (e.g. "irregular 4-bit"), with each group's
    /// Pareto front (no other point of the group has both higher rate and higher accuracy) drawn as a line.
    /// <paramref name="labels"/> (e.g. source paths) become hover text so a point can be traced to its spec.
    /// </summary>
    public static GenericChart Pareto(IReadOnlyList<string> group, IReadOnlyList<double> rate, IReadOnlyList<double> accuracy,
        IReadOnlyList<string>? labels = null, string title = "Accuracy vs compression rate", bool logRate = true)
    {
        Check(rate.Count, group.Count, nameof(group));
        Check(rate.Count, accuracy.Count, nameof(accuracy));
        if (labels != null) Check(rate.Count, labels.Count, nameof(labels));
        var charts = new List<GenericChart>();
        foreach (var g in group.Distinct())
        {
            var idx = Enumerable.Range(0, rate.Count).Where(i => group[i] == g).ToArray();
            var x = idx.Select(i => rate[i]).ToArray();
            var y = idx.Select(i => accuracy[i]).ToArray();
            var text = idx.Select(i => labels?[i] ?? $"{g}: {rate[i]:G4}x, {accuracy[i]:F2}%").ToArray();
            charts.Add(CChart.Point<double, double, string>(x, y, Name: g, MultiText: text));
            var front = Pareto2D.Front(x, y);
            if (front.Length > 1)
                charts.Add(CChart.Line<double, double, string>(front.Select(i => x[i]).ToArray(), front.Select(i => y[i]).ToArray(),
                    Name: $"{g} front", ShowLegend: false, LineDash: StyleParam.DrawingStyle.Dash));
        }
        return Layout(CChart.Combine(charts), title, "compression rate (x)", "accuracy (%)", logX: logRate);
    }

    /// <summary>Pareto chart from a results table: groups are the joined values of <paramref name="groupColumns"/> (missing columns are ignored).</summary>
    public static GenericChart Pareto(DataFrame results, string rateColumn = "overall_rate", string accuracyColumn = "accuracy",
        string[]? groupColumns = null, string title = "Accuracy vs compression rate")
    {
        groupColumns ??= ["spec.scheme", "bits"];
        var cols = groupColumns.Where(c => results.Columns.IndexOf(c) >= 0).ToArray();
        var n = (int)results.Rows.Count;
        var rate = new List<double>(); var acc = new List<double>(); var group = new List<string>(); var labels = new List<string>();
        var hasSource = results.Columns.IndexOf(Results.ResultTable.SourceColumn) >= 0;
        for (int i = 0; i < n; i++)
        {
            if (results[rateColumn][i] is not double r || results[accuracyColumn][i] is not double a || !double.IsFinite(r) || !double.IsFinite(a)) continue;
            rate.Add(r); acc.Add(a);
            var g = cols.Length == 0 ? "all" : string.Join(" ", cols.Select(c => Label(c, results[c][i])));
            group.Add(g);
            labels.Add(hasSource ? $"{g}: {r:G4}x, {a:F2}% ({results[Results.ResultTable.SourceColumn][i]})" : $"{g}: {r:G4}x, {a:F2}%");
        }
        return Pareto(group, rate, acc, labels, title);
    }

    static string Label(string column, object? v) => (column, v) switch
    {
        (_, null) => "-",
        ("bits" or "spec.bits", double b) => $"{b:G}-bit",
        (_, double d) => d.ToString("G", System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "-",
    };

    /// <summary>Stacked bars: one bar per category (model or format), one stack part per (name, values) series (e.g. values, index, fillers, pointers).</summary>
    public static GenericChart StorageBreakdown(IReadOnlyList<string> categories, IReadOnlyList<(string Part, double[] Values)> parts,
        string title = "Storage breakdown", string valueTitle = "bits")
    {
        foreach (var p in parts) Check(categories.Count, p.Values.Length, p.Part);
        var charts = parts.Select(p => CChart.StackedColumn<double, string, string>(p.Values, Keys: categories.ToArray(), Name: p.Part));
        return Layout(CChart.Combine(charts), title, "", valueTitle);
    }

    /// <summary>
    /// Time (or energy) vs compression rate per kernel, with the dense time as a horizontal reference; the rate
    /// where each curve first drops below the reference is marked and named in the legend.
    /// </summary>
    public static GenericChart BreakEven(double[] rates, IReadOnlyList<(string Name, double[] Time)> curves, double denseTime,
        string title = "Break-even rate", string timeTitle = "time per image (relative)")
    {
        var charts = new List<GenericChart>();
        foreach (var (name, t) in curves)
        {
            Check(rates.Length, t.Length, name);
            var cross = Crossing(rates, t, denseTime);
            charts.Add(CChart.Line<double, double, string>(rates, t, Name: cross is double c ? $"{name} (break-even {c:G3}x)" : $"{name} (no break-even)"));
            if (cross is double cx)
                charts.Add(CChart.Point<double, double, string>([cx], [denseTime], Name: $"{name} break-even", ShowLegend: false, MultiText: new[] { $"{name}: {cx:G3}x" }));
        }
        charts.Add(CChart.Line<double, double, string>([rates.Min(), rates.Max()], [denseTime, denseTime], Name: "dense", LineDash: StyleParam.DrawingStyle.Dot));
        return Layout(CChart.Combine(charts), title, "compression rate (x)", timeTitle, logX: true);
    }

    /// <summary>First x where y crosses from above <paramref name="level"/> to at or below it, linearly interpolated; null if never.</summary>
    public static double? Crossing(IReadOnlyList<double> x, IReadOnlyList<double> y, double level)
    {
        Check(x.Count, y.Count, nameof(y));
        if (x.Count > 0 && y[0] <= level) return x[0];
        for (int i = 1; i < x.Count; i++)
            if (y[i - 1] > level && y[i] <= level)
                return x[i - 1] + (x[i] - x[i - 1]) * (y[i - 1] - level) / (y[i - 1] - y[i]);
        return null;
    }

    /// <summary>ADMM primal residual ||W-Z||/||W|| per layer over Z/U steps (log scale), with the rho schedule as a dotted line when given.</summary>
    public static GenericChart AdmmResiduals(IReadOnlyList<(string Layer, double[] Primal)> layers, double[]? rho = null, string title = "ADMM residuals")
    {
        var charts = layers.Select(l => CChart.Line<int, double, string>(Enumerable.Range(1, l.Primal.Length).ToArray(), l.Primal, Name: l.Layer, ShowMarkers: true)).ToList();
        // rho (1e-3 .. ~1) shares the residuals' log axis; a separate subplot would need F# option types here.
        if (rho is not null)
            charts.Add(CChart.Line<int, double, string>(Enumerable.Range(1, rho.Length).ToArray(), rho, Name: "rho", ShowMarkers: true, LineDash: StyleParam.DrawingStyle.Dot));
        return Layout(CChart.Combine(charts), title, "Z/U step", "||W - Z|| / ||W||  (and rho)", logY: true);
    }

    /// <summary>
    /// One layer's ADMM trace: primal residual ||W-Z||/||W||, dual residual ||Z-Z_prev|| and rho at each Z/U step, on one
    /// log axis (all three span decades). <paramref name="labels"/> (e.g. "prune admm step 2") become hover text.
    /// </summary>
    public static GenericChart AdmmLayer(string layer, double[] primal, double[] dual, double[] rho, string[]? labels = null, int heightPx = 300)
    {
        Check(primal.Length, dual.Length, "dual");
        Check(primal.Length, rho.Length, "rho");
        if (labels != null) Check(primal.Length, labels.Length, nameof(labels));
        var x = Enumerable.Range(1, primal.Length).ToArray();
        string[] Text(string what, double[] v) => v.Select((y, i) => $"{layer} {what} {y.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}{(labels is null ? "" : $" ({labels[i]})")}").ToArray();
        var charts = new[]
        {
            CChart.Line<int, double, string>(x, primal, Name: "primal", ShowMarkers: true, MultiText: Text("primal ||W-Z||/||W||", primal)),
            CChart.Line<int, double, string>(x, dual, Name: "dual", ShowMarkers: true, MultiText: Text("dual ||Z-Z_prev||", dual)),
            CChart.Line<int, double, string>(x, rho, Name: "rho", ShowMarkers: true, LineDash: StyleParam.DrawingStyle.Dot, MultiText: Text("rho", rho)),
        };
        // The x title is in the chart title: under a horizontal legend it would collide with it.
        var chart = Layout(CChart.Combine(charts), $"ADMM {layer} (x: Z/U step)", "", "residual / rho", logY: true);
        // Small multiples: a fixed height (the page's div must match it) and the legend under the plot, not beside it.
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithSize(chart, Height: heightPx);
        return Plotly.NET.CSharp.GenericChartExtensions.WithLegendStyle(chart, Orientation: StyleParam.Orientation.Horizontal);
    }

    /// <summary>
    /// Accuracy under attack vs perturbation size eps, one line per model (dense, irregular, column, filter...). With
    /// <paramref name="errors"/> (one array per model, e.g. the sample sd over seeds; NaN = no bar) each point gets a
    /// symmetric error bar; the caller says in the title or legend what the bars are.
    /// </summary>
    public static GenericChart Robustness(double[] eps, IReadOnlyList<(string Model, double[] Accuracy)> models, string title = "Accuracy under attack",
        IReadOnlyList<double[]>? errors = null)
    {
        foreach (var m in models) Check(eps.Length, m.Accuracy.Length, m.Model);
        if (errors != null) Check(models.Count, errors.Count, nameof(errors));
        var charts = models.Select((m, i) => WithYError(CChart.Line<double, double, string>(eps, m.Accuracy, Name: m.Model, ShowMarkers: true), errors?[i], eps.Length, m.Model));
        return Layout(CChart.Combine(charts), title, "eps (L-inf)", "accuracy (%)");
    }

    /// <summary>Grouped bars: target accuracy per model (x) for each transfer setting (series), e.g. masks frozen vs re-pruned; optional error bars per series.</summary>
    public static GenericChart Transfer(IReadOnlyList<string> models, IReadOnlyList<(string Setting, double[] Accuracy)> settings, string title = "Transfer: target accuracy",
        IReadOnlyList<double[]>? errors = null)
        => Bars(models, settings, title, "accuracy (%)", errors);

    /// <summary>Grouped bars, one series per (name, values), one group per category; optional symmetric error bars per series (NaN = no bar).</summary>
    public static GenericChart Bars(IReadOnlyList<string> categories, IReadOnlyList<(string Name, double[] Values)> series, string title, string valueTitle,
        IReadOnlyList<double[]>? errors = null)
    {
        foreach (var s in series) Check(categories.Count, s.Values.Length, s.Name);
        if (errors != null) Check(series.Count, errors.Count, nameof(errors));
        var charts = series.Select((s, i) => WithYError(CChart.Column<double, string, string>(s.Values, Keys: categories.ToArray(), Name: s.Name,
            MultiText: s.Values.Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)).ToArray()), errors?[i], categories.Count, s.Name));
        return Layout(CChart.Combine(charts), title, "", valueTitle);
    }

    /// <summary>Symmetric y error bars of the given lengths on a single-trace chart (plotly's error_y with type "data"); NaN draws no bar.</summary>
    internal static GenericChart WithYError(GenericChart chart, double[]? lengths, int points, string what)
    {
        if (lengths is null) return chart;
        Check(points, lengths.Length, what + " errors");
        if (lengths.All(double.IsNaN)) return chart;
        var error = new Plotly.NET.TraceObjects.Error();
        error.SetProperty("type", "data");
        error.SetProperty("symmetric", true);
        error.SetProperty("visible", true);
        // plotly treats a missing (null) length as no bar; NaN would not serialize as JSON.
        error.SetProperty("array", lengths.Select(v => double.IsNaN(v) ? (double?)null : v).ToArray());
        return Plotly.NET.Chart.withYError(error).Invoke(chart);
    }

    internal static GenericChart Layout(GenericChart chart, string title, string xTitle, string yTitle, bool logX = false, bool logY = false)
    {
        // The axis type is set only for log axes: forcing "linear" on a category axis (bar charts' x) leaves it empty.
        chart = logX
            ? Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, TitleText: xTitle, AxisType: StyleParam.AxisType.Log)
            : Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, TitleText: xTitle);
        chart = logY
            ? Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: yTitle, AxisType: StyleParam.AxisType.Log)
            : Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: yTitle);
        return Plotly.NET.Chart.withTitle(title, Microsoft.FSharp.Core.FSharpOption<Font>.None).Invoke(chart);
    }

    static void Check(int expected, int actual, string what)
    {
        if (expected != actual) throw new ArgumentException($"{what}: {actual} values, expected {expected}");
    }
}

/// <summary>Pareto front for "more is better" on both axes (rate and accuracy).</summary>
internal static class Pareto2D
{
    /// <summary>Indices of the non-dominated points, sorted by increasing x. Ties: of equal points the first is kept.</summary>
    public static int[] Front(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException("x and y differ in length");
        // Sweep from the highest x down: a point is on the front if its y beats every y seen at higher x.
        var order = Enumerable.Range(0, x.Count).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i]))
            .OrderByDescending(i => x[i]).ThenByDescending(i => y[i]).ThenBy(i => i).ToArray();
        var front = new List<int>();
        var best = double.NegativeInfinity;
        foreach (var i in order)
            if (y[i] > best) { front.Add(i); best = y[i]; }
        front.Reverse();
        return front.ToArray();
    }
}
