using System.Globalization;
using System.Net;
using System.Text;
using Kit.Experiments;
using Kit.Results;
using Kit.Training;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace Kit.Interactive;

/// <summary>
/// HTML and plain-text views of the kit's types, so typing a variable's name in a notebook shows the numbers
/// that matter, and headless runs (dotnet repl, logs) stay readable. The render methods are public so the
/// CLI or tests can produce the same views without a kernel.
/// </summary>
public static partial class KitFormatters
{
    /// <summary>Rows shown for a DataFrame before "... N more rows".</summary>
    public static int MaxRows { get => TableView.MaxRows; set => TableView.MaxRows = value; }

    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Register()
    {
        Add<TrainMetrics>(Html, Text);
        Add<TrainSpec>(s => SpecHtml(s), s => SpecText(s));
        Add<ResultSummary>(Html, Text);
        // What `kit compress` returns in memory shows exactly like its result.json read back.
        Add<Kit.Experiments.CompressionResult>(r => Html(ResultSummary.From(r)), r => Text(ResultSummary.From(r)));
        Add<Kit.Costs.StorageReport>(Html, Text);
        Add<Kit.Costs.ModelCostReport>(Html, Text);
        Add<DataFrame>(TableView.Html, TableView.Text);
        // Compression specs: a summary of what matters, the full JSON folded underneath.
        Add<CompressionSpec>(SpecView.Html, SpecView.Text);
        Add<Kit.Admm.AdmmLog>(Html, Text);
    }

    /// <summary>Registers the spec view (field table + cache hash) for another spec type, e.g. the ADMM engine's.</summary>
    public static void RegisterSpec<TSpec>() => Add<TSpec>(s => SpecHtml(s), s => SpecText(s));

    internal static void Add<T>(Func<T, string> html, Func<T, string> text)
    {
        Formatter.Register<T>((v, w) => w.Write(html(v)), HtmlFormatter.MimeType);
        Formatter.Register<T>((v, w) => w.Write(text(v)), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
    }

    // ---- training metrics

    public static string Html(TrainMetrics m)
    {
        var sb = new StringBuilder("<div class=\"kit-train-metrics\">");
        sb.Append(Caption($"{m.Spec.Model} on {m.Spec.Data.Dataset}, seed {m.Spec.Seed}, kit {m.KitVersion}"));
        Table(sb, ["test accuracy %", "test loss", "validation accuracy %", "best epoch", "epochs", "train / validation / test images", "seconds", "s / epoch"],
            [[F2(m.TestAccuracy), F4(m.TestLoss), F2(m.ValidationAccuracy), I(m.BestEpoch), I(m.Epochs.Count), $"{m.TrainImages} / {m.ValidationImages} / {m.TestImages}", F1(m.Seconds), F1(m.SecondsPerEpoch)]]);
        if (m.Epochs.Count > 0)
            Table(sb, ["epoch", "phase", "lr", "train loss", "train acc %", "val loss", "val acc %", "s"],
                m.Epochs.Select(e => new[] { I(e.Epoch), e.Phase, e.Lr.ToString("G3", Inv), F4(e.TrainLoss), F2(e.TrainAccuracy), F4(e.ValidationLoss), F2(e.ValidationAccuracy), F1(e.Seconds) }));
        return sb.Append("</div>").ToString();
    }

    public static string Text(TrainMetrics m)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{m.Spec.Model} on {m.Spec.Data.Dataset}, seed {m.Spec.Seed}: test accuracy {F2(m.TestAccuracy)}% (loss {F4(m.TestLoss)}), " +
                      $"validation {F2(m.ValidationAccuracy)}% at epoch {m.BestEpoch} of {m.Epochs.Count}, {F1(m.Seconds)} s");
        foreach (var e in m.Epochs)
            sb.AppendLine($"  epoch {e.Epoch,3} {e.Phase,-8} train {F2(e.TrainAccuracy)}%  val {F2(e.ValidationAccuracy)}%  loss {F4(e.TrainLoss)}  {F1(e.Seconds)} s");
        return sb.ToString().TrimEnd();
    }

    // ---- experiment specs

    public static string SpecHtml<TSpec>(TSpec spec)
    {
        var (fields, hash) = SpecFields(spec);
        var sb = new StringBuilder("<div class=\"kit-spec\">");
        sb.Append(Caption($"{typeof(TSpec).Name} · spec hash {hash[..12]} (kit {KitInfo.Version})"));
        Table(sb, ["field", "value"], fields.Select(f => new[] { f.Key, f.Value }));
        return sb.Append("</div>").ToString();
    }

    public static string SpecText<TSpec>(TSpec spec)
    {
        var (fields, hash) = SpecFields(spec);
        return $"{typeof(TSpec).Name} {hash[..12]}: " + string.Join(", ", fields.Select(f => $"{f.Key}={f.Value}"));
    }

    static (List<KeyValuePair<string, string>> Fields, string Hash) SpecFields<TSpec>(TSpec spec)
    {
        var flat = new Dictionary<string, object?>();
        if (IO.Json.ToNode(spec) is System.Text.Json.Nodes.JsonObject o) ResultTable.Flatten(o, "", flat);
        var fields = flat.Where(kv => kv.Value is not null).Select(kv => KeyValuePair.Create(kv.Key, Cell(kv.Value))).ToList();
        // The same hash the experiment cache files the spec under, so an entry folder can be found from the notebook.
        return (fields, new ExperimentCache(".").Key(spec));
    }

    // ---- compression results

    public static string Html(ResultSummary r)
    {
        var sb = new StringBuilder("<div class=\"kit-compression-result\">");
        sb.Append(Caption($"{Scheme(r)}{BitsText(r.Bits)}: overall rate {Rate(r.OverallRate)}, accuracy {F2(r.Accuracy)}% " +
                          $"(dense {F2(r.DenseAccuracy)}%, after mapping {F2(r.AccuracyAfterMapping)}%, loss {F2(r.AccuracyLoss)} points)"));
        var rows = r.Layers.Select(l => new[]
        {
            l.Name, l.ShapeText, I(l.Weights), I(l.Nonzero), Rate(l.Rate), Opt(l.KeptRows, l.Shape.Length > 0 ? l.Shape[0] : null),
            Opt(l.KeptColumns, l.Shape.Length > 1 ? l.Shape.Skip(1).Aggregate(1, (a, b) => a * b) : null), l.Levels?.ToString(Inv) ?? "", I(r.Bits),
        }).ToList();
        rows.Add(["total", "", I(r.TotalWeights), I(r.TotalNonzero), Rate(r.LayerRate), "", "", "", ""]);
        Table(sb, ["layer", "shape", "weights", "nonzero", "rate", "kept rows", "kept columns", "levels", "bits"], rows, boldLast: true);
        if (Math.Abs(r.LayerRate - r.OverallRate) > 1e-6 * Math.Max(1, r.OverallRate) && r.Layers.Count > 0)
            sb.Append($"<p style=\"color:#a00\">overall_rate {Rate(r.OverallRate)} differs from the layers' total {Rate(r.LayerRate)}</p>");
        return sb.Append("</div>").ToString();
    }

    public static string Text(ResultSummary r)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{Scheme(r)}{BitsText(r.Bits)}: rate {Rate(r.OverallRate)}, accuracy {F2(r.Accuracy)}% (dense {F2(r.DenseAccuracy)}%, after mapping {F2(r.AccuracyAfterMapping)}%)");
        foreach (var l in r.Layers)
            sb.AppendLine($"  {l.Name,-10} {l.ShapeText,-14} {l.Nonzero,10}/{l.Weights,-10} {Rate(l.Rate),9}  rows {l.KeptRows?.ToString(Inv) ?? "-"}  cols {l.KeptColumns?.ToString(Inv) ?? "-"}  levels {l.Levels?.ToString(Inv) ?? "-"}");
        sb.AppendLine($"  {"total",-10} {"",-14} {r.TotalNonzero,10}/{r.TotalWeights,-10} {Rate(r.LayerRate),9}");
        return sb.ToString().TrimEnd();
    }

    static string Scheme(ResultSummary r) =>
        r.Spec?["scheme"]?.ToString() ?? r.Spec?["prune"]?["scheme"]?.ToString() ?? "compression result";
    static string BitsText(int bits) => bits >= 32 ? "" : $", {bits}-bit";

    // ---- ADMM logs

    /// <summary>One row per phase and layer: how far W is from the constraint set at the first and last Z/U step, and rho's range.</summary>
    static List<string[]> AdmmRows(Kit.Admm.AdmmLog log) =>
        log.Phases.SelectMany(p => log.Layers.Select(l => (p, l, e: log.Entries.Where(e => e.Phase == p && e.Layer == l).ToList())))
            .Where(x => x.e.Count > 0)
            .Select(x => new[]
            {
                x.p, x.l, I(x.e.Count), G4(x.e[0].PrimalResidual), G4(x.e[^1].PrimalResidual), G4(x.e[^1].DualResidual),
                G4(x.e[0].Rho), G4(x.e[^1].Rho), F2(x.e[^1].ValidationAccuracy),
            }).ToList();

    static readonly string[] AdmmHeader = ["phase", "layer", "steps", "primal first", "primal last", "dual last", "rho first", "rho last", "val acc % last"];

    static string AdmmCaption(Kit.Admm.AdmmLog log) =>
        $"ADMM log: {log.Layers.Count} layers, {log.Phases.Count} phase(s) ({string.Join(", ", log.Phases)}), {log.Entries.Count} entries" +
        (log.Source is null ? "" : $" · {Short(Path.GetFileName(Path.GetDirectoryName(log.Source)) ?? "")}/{Path.GetFileName(log.Source)}");

    // Cache entry folders are 64-hex-digit hashes: 12 digits identify one as well as the spec hash shown for specs.
    static string Short(string folder) => folder.Length > 24 ? folder[..12] + "…" : folder;

    public static string Html(Kit.Admm.AdmmLog log)
    {
        var sb = new StringBuilder("<div class=\"kit-admm-log\">");
        sb.Append(Caption(AdmmCaption(log)));
        if (log.Entries.Count == 0) return sb.Append("<p>no entries (a run without ADMM phases, e.g. magnitude pruning)</p></div>").ToString();
        Table(sb, AdmmHeader, AdmmRows(log));
        sb.Append("<p><small>primal = ||W-Z||/||W|| (distance of the weights to the constraint set), dual = ||Z-Z_prev|| (how much the projection still moves), per Z/U step; log scale.</small></p>");
        sb.Append("<div style=\"display:flex;flex-wrap:wrap\">");
        foreach (var t in log.PerLayer())
            sb.Append("<div style=\"flex:1 1 360px;min-width:320px\">").Append(AdmmLayerChart(t)).Append("</div>");
        return sb.Append("</div></div>").ToString();
    }

    public static string Text(Kit.Admm.AdmmLog log)
    {
        var sb = new StringBuilder(AdmmCaption(log)).AppendLine();
        var rows = new List<string[]> { AdmmHeader };
        rows.AddRange(AdmmRows(log));
        var widths = Enumerable.Range(0, AdmmHeader.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var r in rows) sb.AppendLine("  " + string.Join("  ", r.Select((v, c) => v.PadRight(widths[c]))).TrimEnd());
        return sb.ToString().TrimEnd();
    }

    /// <summary>The layer's chart as the setup switch says: offline div (plotly.js inlined once) or Plotly.NET.Interactive's own view.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static string AdmmLayerChart(Kit.Admm.AdmmLayerTrace t)
    {
        const int height = 300;
        var chart = Kit.Charts.KitCharts.AdmmLayer(t.Layer, t.Primal, t.Dual, t.Rho, t.Labels, height);
        return KernelSetup.Charts == ChartDisplay.Offline
            ? Kit.Charts.ChartPage.Div(chart, heightPx: height)
            : chart.ToDisplayString(HtmlFormatter.MimeType);
    }

    // ---- helpers

    static void Table(StringBuilder sb, IReadOnlyList<string> header, IEnumerable<string[]> rows, bool boldLast = false)
    {
        var list = rows.ToList();
        sb.Append("<table><thead><tr>");
        foreach (var h in header) sb.Append("<th>").Append(Enc(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        for (int i = 0; i < list.Count; i++)
        {
            var bold = boldLast && i == list.Count - 1;
            sb.Append(bold ? "<tr style=\"font-weight:bold\">" : "<tr>");
            foreach (var c in list[i]) sb.Append("<td>").Append(Enc(c)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
    }

    internal static string Caption(string s) => $"<div><b>{Enc(s)}</b></div>";
    static string Enc(string s) => WebUtility.HtmlEncode(s);
    static string F1(double v) => v.ToString("F1", Inv);
    static string F2(double v) => v.ToString("F2", Inv);
    static string F4(double v) => v.ToString("F4", Inv);
    static string G4(double v) => v.ToString("G4", Inv);
    // Counts of weights and bits with thousands separators: 1,722,000 reads at a glance, 1722000 does not.
    static string I(long v) => v.ToString("N0", Inv);
    static string Rate(double v) => NumberFormat.Rate(v);
    static string Opt(int? kept, int? of) => kept is int k ? (of is int o ? $"{k}/{o}" : k.ToString(Inv)) : "";

    static string Cell(object? v) => v switch
    {
        null => "",
        double d => d.ToString("G6", Inv),
        float f => f.ToString("G6", Inv),
        IFormattable f => f.ToString(null, Inv),
        _ => v.ToString() ?? "",
    };
}
