using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace Kit.Results;

/// <summary>
/// CSV with invariant culture, RFC 4180 quoting, empty cells for nulls and round-trip doubles, written atomically.
/// Own writer rather than DataFrame.SaveCsv so the output does not depend on the machine's culture.
/// </summary>
public static class Csv
{
    public static string ToCsv(DataFrame df)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', df.Columns.Select(c => Quote(c.Name))).Append('\n');
        for (long r = 0; r < df.Rows.Count; r++)
        {
            for (int c = 0; c < df.Columns.Count; c++)
            {
                if (c > 0) sb.Append(',');
                sb.Append(Cell(df.Columns[c][r]));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static void Save(DataFrame df, string path) => IO.AtomicFile.WriteAllText(path, ToCsv(df));

    static string Cell(object? v) => v switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(v.ToString() ?? ""),
    };

    static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
