using System.Diagnostics;
using Kit.Experiments;
using Kit.Training;

namespace Kit.Cli.Live;

/// <summary>The worker side of <see cref="WorkerEvent"/>: a sweep observer that writes events to stdout (progress at most twice a second).</summary>
public static class WorkerEvents
{
    public static SweepObserver Observer(TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        long last = long.MinValue;
        void Emit(WorkerEvent e) { lock (output) { output.WriteLine(e.Encode()); output.Flush(); } }
        return new SweepObserver
        {
            Started = e => Emit(new WorkerEvent { Kind = "start", Index = e.Index, Name = e.Name }),
            Finished = o => Emit(new WorkerEvent { Kind = "end", Index = o.Entry.Index, Name = o.Entry.Name, Status = o.Status }),
            OnEpoch = r => Emit(new WorkerEvent { Kind = "epoch", Phase = r.Phase, Epoch = r.Epoch, Seconds = r.Seconds }),
            Progress = new Sink(p =>
            {
                var now = clock.ElapsedMilliseconds;
                if (last != long.MinValue && now - last < 500 && p.Batch != p.Batches) return;
                last = now;
                Emit(new WorkerEvent { Kind = "progress", Phase = p.Phase, Epoch = p.Epoch, Epochs = p.Epochs, Batch = p.Batch, Batches = p.Batches });
            }),
        };
    }

    sealed class Sink(Action<TrainProgress> report) : IProgress<TrainProgress>
    {
        public void Report(TrainProgress value) => report(value);
    }
}
