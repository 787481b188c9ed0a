using System.Text;
using System.Text.RegularExpressions;

namespace Kit.Tests.Cli;

/// <summary>
/// A minimal terminal for tests: interprets what a program wrote (text with auto-wrap at the width, CR, LF as CR LF,
/// cursor up ESC[nA, erase ESC[J / ESC[K / ESC[2K) into the rows a person would see. Independent of the kit's writer,
/// so it judges the writer instead of trusting it.
/// </summary>
public sealed partial class TerminalScreen(int width)
{
    readonly List<StringBuilder> rows = [new()];
    int row, col;

    public IReadOnlyList<string> Rows => rows.Select(r => r.ToString().TrimEnd()).ToList();

    /// <summary>The rows with trailing empty rows dropped.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            var r = Rows.ToList();
            while (r.Count > 0 && r[^1].Length == 0) r.RemoveAt(r.Count - 1);
            return r;
        }
    }

    public static TerminalScreen Of(string output, int width)
    {
        var s = new TerminalScreen(width);
        s.Feed(output);
        return s;
    }

    public void Feed(string text)
    {
        int i = 0;
        while (i < text.Length)
        {
            var m = Csi().Match(text, i);
            if (m.Success && m.Index == i)
            {
                Control(m.Groups[1].Value, m.Groups[2].Value[0]);
                i += m.Length;
                continue;
            }
            char c = text[i++];
            if (c == '\r') col = 0;
            else if (c == '\n') { col = 0; Down(); }
            else
            {
                if (col == width) { col = 0; Down(); }
                var r = rows[row];
                while (r.Length < col) r.Append(' ');
                if (col < r.Length) r[col] = c; else r.Append(c);
                col++;
            }
        }
    }

    void Down()
    {
        row++;
        while (rows.Count <= row) rows.Add(new());
    }

    void Control(string arg, char op)
    {
        int n = arg.Length == 0 ? 1 : int.Parse(arg);
        switch (op)
        {
            case 'A': row = Math.Max(0, row - n); break;
            case 'J':
                Truncate(rows[row], col);
                rows.RemoveRange(row + 1, rows.Count - row - 1);
                break;
            case 'K' when arg == "2": rows[row].Clear(); break;
            case 'K': Truncate(rows[row], col); break;
            default: throw new InvalidOperationException($"unexpected control sequence ESC[{arg}{op}");
        }
    }

    static void Truncate(StringBuilder r, int at)
    {
        if (r.Length > at) r.Length = at;
    }

    [GeneratedRegex(@"\u001b\[([0-9]*)([A-Za-z])")]
    private static partial Regex Csi();
}
