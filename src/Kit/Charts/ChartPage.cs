using System.Net;
using System.Reflection;
using System.Text;
using Plotly.NET;

namespace Kit.Charts;

/// <summary>
/// Charts as HTML that renders with no network: plotly.js is taken from the copy Plotly.NET.dll embeds
/// (Plotly.NET's own HTML output and Plotly.NET.Interactive load it from a CDN, which is blank offline).
/// The figure itself comes from GenericChart.toJson, whose signature is plain .NET.
/// </summary>
public static class ChartPage
{
    static readonly Lazy<(string Name, string Script)> Embedded = new(LoadPlotlyJs);

    /// <summary>The embedded plotly.js source.</summary>
    public static string PlotlyJs => Embedded.Value.Script;

    /// <summary>Version of the embedded plotly.js, from its resource name (e.g. "2.28.0").</summary>
    public static string PlotlyVersion
    {
        get
        {
            var name = Embedded.Value.Name;
            var start = name.IndexOf("plotly-", StringComparison.Ordinal) + "plotly-".Length;
            return name[start..name.IndexOf(".min.js", StringComparison.Ordinal)];
        }
    }

    static (string, string) LoadPlotlyJs()
    {
        var asm = typeof(GenericChart).Assembly;
        // Found by pattern, not a fixed name, so a Plotly.NET update that bumps plotly.js keeps working.
        var name = asm.GetManifestResourceNames()
            .Where(n => n.Contains("plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            .OrderByDescending(n => n, StringComparer.Ordinal)
            .FirstOrDefault() ?? throw new KitException($"{asm.GetName().Name} embeds no plotly.js resource; offline charts cannot be drawn");
        using var s = asm.GetManifestResourceStream(name)!;
        using var r = new StreamReader(s, Encoding.UTF8);
        return (name, r.ReadToEnd());
    }

    /// <summary>The figure as JSON: {"data": [...], "layout": {...}, "config": {...}}.</summary>
    public static string ToJson(GenericChart chart) => GenericChart.toJson(chart);

    /// <summary>The plotly.js script tag; include it once per page (or notebook) before any <see cref="Div"/>.</summary>
    public static string ScriptTag() => "<script type=\"text/javascript\">" + EscapeScript(PlotlyJs) + "</script>";

    /// <summary>
    /// A div plus the script that draws the chart into it. Assumes plotly.js is already on the page;
    /// if it is not yet (a notebook output rendered before the setup cell's), it waits for it briefly.
    /// </summary>
    public static string Div(GenericChart chart, string? id = null, int heightPx = 480)
    {
        id ??= "kit-chart-" + Guid.NewGuid().ToString("N")[..12];
        var json = EscapeScript(ToJson(chart));
        return $$"""
            <div id="{{id}}" style="width:100%;height:{{heightPx}}px;"></div>
            <script type="text/javascript">
            (function () {
              var fig = {{json}};
              var tries = 0;
              // Plotly.NET writes a fixed 600x600 layout: let the width follow the page and the div take the figure's
              // height, or the plot overflows the div and covers what follows it.
              var el = document.getElementById('{{id}}');
              if (fig.layout) { delete fig.layout.width; if (fig.layout.height) el.style.height = fig.layout.height + 'px'; }
              function draw() {
                if (window.Plotly) { Plotly.newPlot('{{id}}', fig.data, fig.layout || {}, Object.assign({responsive: true}, fig.config || {})); }
                else if (tries++ < 100) { setTimeout(draw, 50); }
                else { document.getElementById('{{id}}').textContent = 'plotly.js is not loaded: run the notebook setup cell.'; }
              }
              draw();
            })();
            </script>
            """;
    }

    /// <summary>A standalone page with plotly.js inlined and one or more charts.</summary>
    public static string Html(string title, params GenericChart[] charts) => Html(title, charts.Select(c => (c, (string?)null)));

    /// <summary>A standalone page; each chart may carry a caption (plain text, HTML-encoded).</summary>
    public static string Html(string title, IEnumerable<(GenericChart Chart, string? Caption)> charts)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
          .Append(WebUtility.HtmlEncode(title)).Append("</title>\n")
          .Append("<style>body{font-family:system-ui,sans-serif;margin:1.5em;max-width:1100px}figcaption{color:#444;margin:.3em 0 1.5em}</style>\n")
          .Append(ScriptTag()).Append("\n</head>\n<body>\n<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>\n");
        int i = 0;
        foreach (var (chart, caption) in charts)
        {
            sb.Append("<figure>\n").Append(Div(chart, $"chart{i++}")).Append('\n');
            if (!string.IsNullOrEmpty(caption)) sb.Append("<figcaption>").Append(WebUtility.HtmlEncode(caption)).Append("</figcaption>\n");
            sb.Append("</figure>\n");
        }
        sb.Append($"<footer><small>kit {WebUtility.HtmlEncode(KitInfo.Version)}, plotly.js {PlotlyVersion} inlined</small></footer>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Writes a standalone page atomically (a reader never sees half a page).</summary>
    public static void Write(string path, string title, params GenericChart[] charts) => IO.AtomicFile.WriteAllText(path, Html(title, charts));

    public static void Write(string path, string title, IEnumerable<(GenericChart Chart, string? Caption)> charts) => IO.AtomicFile.WriteAllText(path, Html(title, charts));

    // "</script" inside inlined JS or JSON strings would end the script element early.
    static string EscapeScript(string s) => s.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
}

/// <summary>An index page linking chart pages, CSV tables and other artifacts, with relative links.</summary>
public static class IndexPage
{
    public sealed record Entry(string Title, string Path, string? Note = null);

    public static string Html(string title, IEnumerable<Entry> entries)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(WebUtility.HtmlEncode(title))
          .Append("</title>\n<style>body{font-family:system-ui,sans-serif;margin:1.5em}td,th{padding:.2em .8em;text-align:left}</style>\n</head>\n<body>\n<h1>")
          .Append(WebUtility.HtmlEncode(title)).Append("</h1>\n<table>\n<tr><th>artifact</th><th>kind</th><th>note</th></tr>\n");
        foreach (var e in entries)
        {
            var href = string.Join('/', e.Path.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));
            var kind = System.IO.Path.GetExtension(e.Path).TrimStart('.').ToLowerInvariant();
            sb.Append("<tr><td><a href=\"").Append(WebUtility.HtmlEncode(href)).Append("\">").Append(WebUtility.HtmlEncode(e.Title))
              .Append("</a></td><td>").Append(WebUtility.HtmlEncode(kind)).Append("</td><td>").Append(WebUtility.HtmlEncode(e.Note ?? "")).Append("</td></tr>\n");
        }
        sb.Append("</table>\n<footer><small>kit ").Append(WebUtility.HtmlEncode(KitInfo.Version)).Append("</small></footer>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>
    /// Writes index.html into <paramref name="folder"/> linking every .html (except itself), .csv, .json and .ipynb
    /// below it, sorted by path. Returns the entries.
    /// </summary>
    public static IReadOnlyList<Entry> WriteFor(string folder, string title = "kit artifacts")
    {
        string[] kinds = [".html", ".csv", ".json", ".ipynb"];
        var entries = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(r => r != "index.html" && !r.Split('/').Any(s => s.StartsWith('.')) && kinds.Contains(System.IO.Path.GetExtension(r).ToLowerInvariant()))
            .OrderBy(r => r, StringComparer.Ordinal)
            .Select(r => new Entry(r, r))
            .ToList();
        IO.AtomicFile.WriteAllText(System.IO.Path.Combine(folder, "index.html"), Html(title, entries));
        return entries;
    }
}
