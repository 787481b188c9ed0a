using Kit.Cli.Live;
using Kit.Training;

namespace Kit.Cli.Commands;

/// <summary>
/// Progress of a training run: a live bar (epoch, batch, loss, images/s) on a terminal, one line per epoch
/// (CI logs stay short and readable). Both go through <see cref="LiveConsole.Stdout"/>, so log lines written
/// with <see cref="Say"/> during the run land above the bar, never inside it.
/// </summary>
public static class TrainProgressView
{
    public static T Run<T>(string title, Func<IProgress<TrainProgress>, Action<EpochRecord>, T> body)
    {
        var console = LiveConsole.Stdout;
        var started = DateTime.UtcNow;
        try
        {
            return body(new Sink(p => console.SetLive([Bar(title, p, DateTime.UtcNow - started)])), r => console.Log(EpochLine(r)));
        }
        finally { console.Finish(); }
    }

    /// <summary>The live line: what runs, how far, and a text bar (no markup, so it is the same in every terminal).</summary>
    public static string Bar(string title, TrainProgress p, TimeSpan elapsed)
    {
        double f = Math.Clamp((p.Epoch - 1 + (double)p.Batch / Math.Max(1, p.Batches)) / Math.Max(1, p.Epochs), 0, 1);
        const int cells = 20;
        int full = (int)Math.Round(f * cells);
        return $"{title} {p.Phase} epoch {p.Epoch}/{p.Epochs} batch {p.Batch}/{p.Batches} loss {p.Loss:F4} {p.ImagesPerSecond:N0} img/s " +
               $"{new string('━', full)}{new string('─', cells - full)} {f:P0} {elapsed:hh\\:mm\\:ss}";
    }

    /// <summary>A line above the live bar on a terminal; a plain line in logs.</summary>
    public static void Say(string line) => LiveConsole.Stdout.Log(line);

    public static string EpochLine(EpochRecord r) =>
        $"{r.Phase} epoch {r.Epoch}: loss {r.TrainLoss:F4} train {r.TrainAccuracy:F2}% validation {r.ValidationAccuracy:F2}% lr {r.Lr:G3} {r.Seconds:F1} s";

    public static void PrintEpoch(EpochRecord r) => Say(EpochLine(r));

    sealed class Sink(Action<TrainProgress> report) : IProgress<TrainProgress>
    {
        public void Report(TrainProgress value) => report(value);
    }
}
