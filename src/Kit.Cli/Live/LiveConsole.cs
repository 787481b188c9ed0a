using System.Diagnostics;

namespace Kit.Cli.Live;

/// <summary>
/// One writer for both log lines and a live status region (a few lines redrawn in place at the bottom of a terminal).
/// Every write goes through one lock, and a log line first erases the live region, is written whole with its newline,
/// then the region is redrawn below it: a log line and the bar can never run into each other, whatever thread writes.
/// Live lines are cut to the terminal width so a redraw never has to guess how many rows a wrapped line took.
/// When the output is not a terminal the live region is never drawn; log lines are plain lines.
/// </summary>
public sealed class LiveConsole
{
    const string Esc = "\u001b[";
    readonly TextWriter output;
    readonly Func<int> width;
    readonly object gate = new();
    readonly Stopwatch clock = Stopwatch.StartNew();
    IReadOnlyList<string> live = [];
    int drawnRows;
    long lastDrawMs = long.MinValue;

    public bool Interactive { get; }
    /// <summary>Live redraws closer together than this are skipped (a batch loop reports far faster than a person reads); log lines always redraw.</summary>
    public TimeSpan MinRedraw { get; init; } = TimeSpan.FromMilliseconds(100);

    public LiveConsole(TextWriter output, bool interactive, Func<int>? width = null)
    {
        this.output = output;
        Interactive = interactive;
        this.width = width ?? (() => 80);
    }

    static LiveConsole? stdout;
    static TextWriter? stdoutWriter;

    /// <summary>The process's standard output (recreated when Console.Out is redirected, e.g. by a test capturing output).</summary>
    public static LiveConsole Stdout
    {
        get
        {
            var w = Console.Out;
            if (stdout is null || !ReferenceEquals(stdoutWriter, w))
            {
                stdoutWriter = w;
                stdout = new LiveConsole(w, Commands.CliSupport.Interactive, ConsoleWidth);
            }
            return stdout;
        }
    }

    static int ConsoleWidth()
    {
        try { return Console.WindowWidth > 0 ? Console.WindowWidth : 80; }
        catch (IOException) { return 80; }
    }

    /// <summary>A whole line above the live region (or a plain line when not on a terminal).</summary>
    public void Log(string line)
    {
        lock (gate)
        {
            Erase();
            output.Write(line);
            output.Write('\n');
            Draw();
            output.Flush();
        }
    }

    /// <summary>Replaces the live region (ignored when not on a terminal).</summary>
    public void SetLive(IReadOnlyList<string> lines, bool force = false)
    {
        if (!Interactive) return;
        lock (gate)
        {
            live = lines.ToList();
            var now = clock.ElapsedMilliseconds;
            if (!force && lastDrawMs != long.MinValue && now - lastDrawMs < MinRedraw.TotalMilliseconds) return;
            Erase();
            Draw();
            output.Flush();
        }
    }

    /// <summary>Ends the live region: its last state stays on screen as ordinary lines, and later output starts below it.</summary>
    public void Finish()
    {
        if (!Interactive) return;
        lock (gate)
        {
            Erase();
            Draw();
            if (drawnRows > 0) output.Write('\n');
            live = [];
            drawnRows = 0;
            output.Flush();
        }
    }

    /// <summary>Removes the live region without leaving it on screen.</summary>
    public void Clear()
    {
        lock (gate)
        {
            Erase();
            live = [];
            output.Flush();
        }
    }

    void Erase()
    {
        if (drawnRows == 0) return;
        // Back to the start of the region's first row, then erase to the end of the screen.
        output.Write('\r');
        if (drawnRows > 1) output.Write($"{Esc}{drawnRows - 1}A");
        output.Write($"{Esc}J");
        drawnRows = 0;
    }

    void Draw()
    {
        if (!Interactive || live.Count == 0) return;
        int max = Math.Max(10, width() - 1);
        for (int i = 0; i < live.Count; i++)
        {
            var text = live[i].Length > max ? live[i][..(max - 1)] + "…" : live[i];
            output.Write(text);
            // No newline after the last row: the cursor stays on the region, so erasing it is "up rows-1".
            if (i < live.Count - 1) output.Write('\n');
        }
        drawnRows = live.Count;
        lastDrawMs = clock.ElapsedMilliseconds;
    }
}
