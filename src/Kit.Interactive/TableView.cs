using System.Net;
using System.Text;
using Kit.Results;
using Microsoft.Data.Analysis;

namespace Kit.Interactive;

/// <summary>
/// DataFrames (the research questions' result tables) for a reader: headers with units, numbers formatted by what the
/// column holds (<see cref="ColumnFormat"/>: "99.17%", "100.0x", "1,722,000", 4 significant digits otherwise),
/// numbers right-aligned, and a wide table scrolling inside its own box instead of widening the notebook.
/// </summary>
public static class TableView
{
    /// <summary>Rows shown before "N more rows not shown".</summary>
    public static int MaxRows { get; set; } = 40;

    static List<ColumnFormat> Formats(DataFrame df, int rows) =>
        df.Columns.Select(c => ColumnFormat.For(c.Name, Enumerable.Range(0, rows).Select(i => c[i]))).ToList();

    public static string Html(DataFrame df)
    {
        var n = df.Rows.Count;
        var shown = (int)Math.Min(n, MaxRows);
        var formats = Formats(df, shown);
        var sb = new StringBuilder("<div class=\"kit-table\" style=\"overflow-x:auto;max-width:100%\"><table><thead><tr>");
        foreach (var f in formats) sb.Append(f.Numeric ? "<th style=\"text-align:right\">" : "<th style=\"text-align:left\">").Append(Enc(f.Header)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        for (int i = 0; i < shown; i++)
        {
            sb.Append("<tr>");
            for (int c = 0; c < formats.Count; c++)
                sb.Append(formats[c].Numeric ? "<td style=\"text-align:right;white-space:nowrap\">" : "<td style=\"text-align:left\">")
                  .Append(Enc(formats[c].Cell(df.Columns[c][i]))).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        sb.Append($"<small>{Rows(n)} × {df.Columns.Count} columns{(n > shown ? $" ({n - shown:N0} more rows not shown)" : "")}</small>");
        return sb.Append("</div>").ToString();
    }

    public static string Text(DataFrame df)
    {
        var n = df.Rows.Count;
        var shown = (int)Math.Min(n, MaxRows);
        var formats = Formats(df, shown);
        var cells = new List<string[]> { formats.Select(f => f.Header).ToArray() };
        for (int i = 0; i < shown; i++) cells.Add(formats.Select((f, c) => f.Cell(df.Columns[c][i])).ToArray());
        var widths = Enumerable.Range(0, formats.Count).Select(c => cells.Max(r => r[c].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var r in cells)
            sb.AppendLine(string.Join("  ", r.Select((v, c) => formats[c].Numeric ? v.PadLeft(widths[c]) : v.PadRight(widths[c]))).TrimEnd());
        sb.Append($"({Rows(n)} × {df.Columns.Count} columns{(n > shown ? $", {n - shown:N0} not shown" : "")})");
        return sb.ToString();
    }

    static string Rows(long n) => n == 1 ? "1 row" : $"{n:N0} rows";
    static string Enc(string s) => WebUtility.HtmlEncode(s);
}
