using Kit.Cli.Live;

namespace Kit.Tests.Cli;

/// <summary>Log lines and the live progress region share one writer: on a terminal every log line stays whole on its own row.</summary>
public class LiveConsoleTests
{
    const int Width = 100;
    const string ZuLine = "prune Z/U step 2/2: rho 0.0013, conv1 primal 0.1210 dual 0.0311, fc2 primal 0.8394 dual 0.4561";
    static string Bar(int batch) => $"epoch 1/2 batch {batch}/32 loss 0.4220 2,665 img/s ━━━━━━━━━━ {batch * 3}%";

    [Fact]
    public void The_screen_oracle_shows_the_reported_garbling_of_a_naive_writer()
    {
        // As in the report: the log line's text, then a bar refresh from another thread, then the log line's newline.
        var naive = new StringWriter();
        naive.Write("\r" + Bar(31));
        naive.Write("\n" + ZuLine);
        naive.Write(Bar(32));
        naive.Write("\n");
        var rows = TerminalScreen.Of(naive.ToString(), 400).Lines;
        Assert.Contains(rows, r => r.Contains("dual 0.4561epoch 1/2 batch 32/32"));
    }

    [Fact]
    public void Interleaved_log_lines_and_bar_updates_leave_whole_log_lines_and_one_bar()
    {
        var w = new StringWriter();
        var live = new LiveConsole(w, interactive: true, () => Width) { MinRedraw = TimeSpan.Zero };
        var logs = new List<string>();
        for (int b = 1; b <= 32; b++)
        {
            live.SetLive([Bar(b)]);
            if (b % 5 == 0)
            {
                var line = $"{ZuLine} #{b}";
                logs.Add(line);
                live.Log(line);
            }
        }
        var rows = TerminalScreen.Of(w.ToString(), Width).Lines;
        Assert.Equal([.. logs, Bar(32)], rows);
    }

    [Fact]
    public async Task Log_lines_from_another_thread_never_land_inside_the_bar()
    {
        var w = new StringWriter();
        var live = new LiveConsole(w, interactive: true, () => Width) { MinRedraw = TimeSpan.Zero };
        var logs = Enumerable.Range(0, 200).Select(i => $"{ZuLine} #{i}").ToList();
        var bars = Task.Run(() => { for (int i = 0; i < 2000; i++) live.SetLive([Bar(i % 32 + 1), $"worker 2: entry {i}"]); });
        var logger = Task.Run(() => { foreach (var l in logs) live.Log(l); });
        await Task.WhenAll(bars, logger);
        live.SetLive([Bar(32), "worker 2: done"], force: true);
        var rows = TerminalScreen.Of(w.ToString(), Width).Lines;
        Assert.Equal([.. logs, Bar(32), "worker 2: done"], rows);
    }

    [Fact]
    public void Long_live_lines_are_cut_to_the_width_and_wrapped_log_lines_survive_the_redraw()
    {
        var w = new StringWriter();
        var live = new LiveConsole(w, interactive: true, () => 40) { MinRedraw = TimeSpan.Zero };
        var longBar = new string('x', 100);
        live.SetLive([longBar, "second"]);
        var longLog = string.Concat(Enumerable.Repeat("0123456789", 9));
        live.Log(longLog);
        live.SetLive(["short", "second"]);
        var rows = TerminalScreen.Of(w.ToString(), 40).Lines;
        // The 90-character log line wraps into 3 rows of a 40-column terminal; the region below it is intact.
        Assert.Equal([longLog[..40], longLog[40..80], longLog[80..], "short", "second"], rows);
        Assert.All(rows, r => Assert.True(r.Length <= 40));
    }

    [Fact]
    public void Finish_keeps_the_last_state_and_later_lines_start_below_it()
    {
        var w = new StringWriter();
        var live = new LiveConsole(w, interactive: true, () => Width) { MinRedraw = TimeSpan.Zero };
        live.SetLive([Bar(32)]);
        live.Finish();
        live.Log("after");
        Assert.Equal([Bar(32), "after"], TerminalScreen.Of(w.ToString(), Width).Lines);
    }

    [Fact]
    public void Not_a_terminal_gives_plain_lines_without_control_codes()
    {
        var w = new StringWriter();
        var live = new LiveConsole(w, interactive: false, () => Width) { MinRedraw = TimeSpan.Zero };
        live.SetLive([Bar(1)]);
        live.Log("one");
        live.SetLive([Bar(2)]);
        live.Log("two");
        live.Finish();
        Assert.Equal("one\ntwo\n", w.ToString());
    }
}
