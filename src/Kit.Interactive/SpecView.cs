using System.Net;
using System.Text;
using Kit.Experiments;

namespace Kit.Interactive;

/// <summary>
/// A compression spec as a notebook shows it: the summary a reader needs (<see cref="SpecSummary"/>: scheme, rate steps,
/// per-layer budget, bits, epochs per phase, seed) and the full JSON folded underneath in a details element.
/// </summary>
public static class SpecView
{
    public static string Html(CompressionSpec spec)
    {
        var sb = new StringBuilder("<div class=\"kit-spec\">");
        sb.Append(KitFormatters.Caption($"spec {spec.Name} · hash {Hash(spec)}"));
        sb.Append("<table>");
        foreach (var (field, value) in SpecSummary.Of(spec))
            sb.Append("<tr><th style=\"text-align:left;vertical-align:top;white-space:nowrap;padding-right:1em\">").Append(Enc(field))
              .Append("</th><td style=\"text-align:left\">").Append(Enc(value)).Append("</td></tr>");
        sb.Append("</table>");
        sb.Append("<details><summary>full spec (JSON)</summary><pre>").Append(Enc(IO.Json.Serialize(spec))).Append("</pre></details>");
        return sb.Append("</div>").ToString();
    }

    public static string Text(CompressionSpec spec)
    {
        var rows = SpecSummary.Of(spec);
        var width = rows.Max(r => r.Field.Length);
        var sb = new StringBuilder($"spec {spec.Name} · hash {Hash(spec)}").AppendLine();
        foreach (var (field, value) in rows) sb.Append("  ").Append(field.PadRight(width)).Append("  ").AppendLine(value);
        return sb.Append("  (full JSON: Kit.IO.Json.Serialize(spec))").ToString();
    }

    // The same short hash the kernel's other spec views show (the experiment cache's key of the spec).
    static string Hash(CompressionSpec spec) => new ExperimentCache(".").Key(spec)[..12];

    static string Enc(string s) => WebUtility.HtmlEncode(s);
}
