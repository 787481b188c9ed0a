using Kit.Training;
using Spectre.Console;

namespace Kit.Cli.Commands;

/// <summary>
/// Progress of a training run: a live bar (epoch, batch, loss, images/s) on a terminal, and one line
/// per epoch when output is redirected (CI logs stay short and readable).
/// </summary>
public static class TrainProgressView
{
    public static T Run<T>(string title, Func<IProgress<TrainProgress>, Action<EpochRecord>, T> body)
    {
        if (!CliSupport.Interactive)
            return body(new Sink(_ => { }), PrintEpoch);
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: 1.0);
                result = body(new Sink(p =>
                {
                    task.Description = Markup.Escape($"{p.Phase} epoch {p.Epoch}/{p.Epochs} batch {p.Batch}/{p.Batches} loss {p.Loss:F4} {p.ImagesPerSecond:N0} img/s");
                    task.Value = Math.Min(1.0, (p.Epoch - 1 + (double)p.Batch / p.Batches) / Math.Max(1, p.Epochs));
                }), rec => ctx.Refresh());
                task.Value = 1.0;
            });
        return result;
    }

    public static void PrintEpoch(EpochRecord r) =>
        Console.WriteLine($"{r.Phase} epoch {r.Epoch}: loss {r.TrainLoss:F4} train {r.TrainAccuracy:F2}% validation {r.ValidationAccuracy:F2}% lr {r.Lr:G3} {r.Seconds:F1} s");

    sealed class Sink(Action<TrainProgress> report) : IProgress<TrainProgress>
    {
        public void Report(TrainProgress value) => report(value);
    }
}
