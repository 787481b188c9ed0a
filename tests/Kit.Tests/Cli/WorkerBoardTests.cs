using Kit.Cli.Commands;
using Kit.Cli.Live;

namespace Kit.Tests.Cli;

/// <summary>The parent's view of `--jobs` workers: entries done, failures, ETA, the event lines, and the split of a part among workers.</summary>
public class WorkerBoardTests
{
    static WorkerBoard Board() => new([
        [new PlannedEntry(0, "a", 4), new PlannedEntry(2, "c", 6)],
        [new PlannedEntry(1, "b", 5), new PlannedEntry(3, "d", 7, DoneEarlier: true)],
    ]);

    [Fact]
    public void Eta_is_the_busiest_workers_remaining_epochs_at_the_mean_measured_epoch_time()
    {
        var b = Board();
        Assert.Null(b.EtaSeconds);
        Assert.Equal(1, b.Done);
        b.Apply(0, new WorkerEvent { Kind = "start", Index = 0, Name = "a" });
        b.Apply(0, new WorkerEvent { Kind = "epoch", Seconds = 2 });
        b.Apply(0, new WorkerEvent { Kind = "epoch", Seconds = 4 });
        // Mean 3 s; worker 0: 4 + 6 planned, 2 done -> 8 left; worker 1: 5 left (entry 3 done earlier).
        Assert.Equal(3, b.MeanEpochSeconds);
        Assert.Equal(24, b.EtaSeconds);
        var note = b.Apply(0, new WorkerEvent { Kind = "end", Index = 0, Name = "a", Status = "ran" });
        Assert.Equal("[w0] [0] a: ran; 2/4 entries done, ETA 0:00:18 (mean epoch 3.0 s)", note);
        b.Apply(1, new WorkerEvent { Kind = "start", Index = 1, Name = "b" });
        b.Apply(1, new WorkerEvent { Kind = "end", Index = 1, Name = "b", Status = "failed" });
        Assert.Equal(1, b.Failed);
        Assert.Equal(3, b.Done);
        Assert.Equal(18, b.EtaSeconds);
        b.Apply(0, new WorkerEvent { Kind = "end", Index = 2, Name = "c", Status = "ran" });
        Assert.Equal("4/4 entries done, 1 failed", b.Summary());
    }

    [Fact]
    public void Render_shows_each_workers_entry_and_phase_then_the_summary()
    {
        var b = Board();
        b.Apply(1, new WorkerEvent { Kind = "start", Index = 1, Name = "b" });
        b.Apply(1, new WorkerEvent { Kind = "progress", Phase = "prune admm", Epoch = 2, Epochs = 4, Batch = 7, Batches = 32 });
        b.Exited(0);
        Assert.Equal(["w0 0/2 finished", "w1 1/2 [1] b: prune admm epoch 2/4 batch 7/32", "1/4 entries done, ETA after the first epoch"], b.Render());
    }

    [Fact]
    public void Events_round_trip_and_other_lines_are_log_lines()
    {
        var e = new WorkerEvent { Kind = "end", Index = 3, Name = "x,\"y\"", Status = "ran" };
        Assert.Equal(e, WorkerEvent.TryParse(e.Encode()));
        Assert.Null(WorkerEvent.TryParse("[3] prune: hard mapping to 10.0x"));
        Assert.Null(WorkerEvent.TryParse(WorkerEvent.Marker + "{not json"));
    }

    [Fact]
    public void Workers_split_a_part_exactly()
    {
        for (int count = 1; count <= 5; count++)
        for (int index = 0; index < count; index++)
        for (int jobs = 1; jobs <= 4; jobs++)
        {
            var part = Enumerable.Range(0, 200).Where(k => k % count == index).ToList();
            var byWorker = Enumerable.Range(0, jobs).Select(j =>
            {
                var (i, n) = SweepJobs.WorkerShard(index, count, jobs, j);
                return Enumerable.Range(0, 200).Where(k => k % n == i).ToList();
            }).ToList();
            Assert.Equal(part, byWorker.SelectMany(w => w).Order());
        }
    }

    [Fact]
    public void Clock_counts_hours_past_a_day()
    {
        Assert.Equal("0:00:59", WorkerBoard.Clock(59));
        Assert.Equal("27:46:40", WorkerBoard.Clock(100_000));
    }
}
