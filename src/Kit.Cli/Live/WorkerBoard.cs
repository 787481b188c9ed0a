namespace Kit.Cli.Live;

/// <summary>One entry a worker will run: its sweep index, name and planned epochs (see Kit.Experiments.PlannedEpochs).</summary>
public sealed record PlannedEntry(int Index, string Name, int Epochs, bool DoneEarlier = false);

/// <summary>
/// The state of N worker processes, fed with their events: per worker the entry and phase it runs, entries done of
/// its total; overall entries done and an ETA from the measured epoch times (remaining planned epochs of the busiest
/// worker times the mean seconds per epoch so far). Pure: rendering is text, time comes from the events.
/// </summary>
public sealed class WorkerBoard
{
    sealed class Worker(List<PlannedEntry> entries)
    {
        public readonly List<PlannedEntry> Entries = entries;
        public readonly HashSet<int> Finished = entries.Where(e => e.DoneEarlier).Select(e => e.Index).ToHashSet();
        public PlannedEntry? Current;
        public int EpochsInCurrent;
        public string Phase = "starting";
        public bool Exited;

        public int RemainingEpochs => Entries.Where(e => !Finished.Contains(e.Index)).Sum(e => e.Epochs) - (Current is null ? 0 : Math.Min(EpochsInCurrent, Current.Epochs));
    }

    readonly List<Worker> workers;
    double epochSeconds;
    int epochCount;
    public int Failed { get; private set; }

    public WorkerBoard(IReadOnlyList<IReadOnlyList<PlannedEntry>> perWorker) => workers = perWorker.Select(w => new Worker(w.ToList())).ToList();

    public int Total => workers.Sum(w => w.Entries.Count);
    public int Done => workers.Sum(w => w.Finished.Count);
    public double? MeanEpochSeconds => epochCount == 0 ? null : epochSeconds / epochCount;

    /// <summary>Seconds left: the slowest worker's remaining planned epochs at the mean measured epoch time (null before the first epoch).</summary>
    public double? EtaSeconds => MeanEpochSeconds is { } s ? workers.Where(w => !w.Exited).Select(w => (double)w.RemainingEpochs).DefaultIfEmpty(0).Max() * s : null;

    /// <summary>Applies an event; returns a line worth logging (an entry finished), or null.</summary>
    public string? Apply(int worker, WorkerEvent e)
    {
        var w = workers[worker];
        switch (e.Kind)
        {
            case "start":
                w.Current = w.Entries.FirstOrDefault(x => x.Index == e.Index) ?? new PlannedEntry(e.Index ?? -1, e.Name ?? "?", 0);
                w.EpochsInCurrent = 0;
                w.Phase = "starting";
                return null;
            case "progress":
                w.Phase = $"{e.Phase} epoch {e.Epoch}/{e.Epochs} batch {e.Batch}/{e.Batches}";
                return null;
            case "epoch":
                w.EpochsInCurrent++;
                if (e.Seconds is { } s && s > 0) { epochSeconds += s; epochCount++; }
                return null;
            case "end":
                if (e.Index is { } i) w.Finished.Add(i);
                if (e.Status == "failed") Failed++;
                w.Current = null;
                w.Phase = "between entries";
                return $"[w{worker}] [{e.Index}] {e.Name ?? w.Entries.FirstOrDefault(x => x.Index == e.Index)?.Name}: {e.Status}; {Summary()}";
            default:
                return null;
        }
    }

    public void Exited(int worker) => workers[worker].Exited = true;

    /// <summary>Entries done of total, failures, ETA.</summary>
    public string Summary()
    {
        var eta = Done == Total ? "" : EtaSeconds is { } s ? $", ETA {Clock(s)} (mean epoch {MeanEpochSeconds:F1} s)" : ", ETA after the first epoch";
        return $"{Done}/{Total} entries done{(Failed > 0 ? $", {Failed} failed" : "")}{eta}";
    }

    /// <summary>h:mm:ss, hours unbounded (a long grid can take days).</summary>
    public static string Clock(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}";
    }

    /// <summary>The live region: one line per worker, then the summary.</summary>
    public IReadOnlyList<string> Render()
    {
        var lines = new List<string>();
        for (int i = 0; i < workers.Count; i++)
        {
            var w = workers[i];
            var what = w.Exited ? "finished" : w.Current is { } c ? $"[{c.Index}] {c.Name}: {w.Phase}" : w.Phase;
            lines.Add($"w{i} {w.Finished.Count}/{w.Entries.Count} {what}");
        }
        lines.Add(Summary());
        return lines;
    }
}
