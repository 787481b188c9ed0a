using Kit.Data;
using Kit.Training;

namespace Kit.Tests.Training;

public class RawLoopComparisonTests
{
    static DataSplits Small() => DatasetRegistry.Load(new DataOptions
    {
        Dataset = "mnist", ValidationSize = 5000, TrainLimit = 2048, ValidationLimit = 100, TestLimit = 1000,
    });

    [Fact]
    public void Both_loops_learn_and_the_report_is_built_from_the_timed_epochs()
    {
        using var d = Small();
        var r = RawLoopComparison.Run(d, batchSize: 64, epochs: 3, seed: 4);
        Assert.Equal(3, r.KitEpochSeconds.Count);
        Assert.Equal(3, r.RawLoopEpochSeconds.Count);
        Assert.Equal(Statistics.Median(r.KitEpochSeconds), r.KitSecondsPerEpoch);
        Assert.Equal(Statistics.Median(r.RawLoopEpochSeconds), r.RawLoopSecondsPerEpoch);
        Assert.Equal(r.KitSecondsPerEpoch / r.RawLoopSecondsPerEpoch, r.KitOverRaw, 12);
        Assert.Equal(2048, r.Images);
        // 3 epochs on 2,048 digits: a loop that does not train stays near 10%; both reach well above.
        Assert.InRange(r.KitTestAccuracy, 80, 100);
        Assert.InRange(r.RawLoopTestAccuracy, 80, 100);
    }

    [Fact]
    public void The_raw_loop_is_seeded()
    {
        using var d = Small();
        double Accuracy(long seed)
        {
            using var raw = new RawTrainingLoop(d.Train, d.Info, new TrainConfig { BatchSize = 128 }, seed);
            raw.TrainEpoch();
            return raw.Accuracy(d.Test, d.Info);
        }
        Assert.Equal(Accuracy(3), Accuracy(3));
    }

    [Fact]
    public void Median_of_odd_and_even_counts()
    {
        Assert.Equal(2.0, Statistics.Median([3.0, 1.0, 2.0]));
        Assert.Equal(2.5, Statistics.Median([4.0, 1.0, 2.0, 3.0]));
        Assert.Throws<ArgumentException>(() => Statistics.Median([]));
    }

    [Fact]
    public void Zero_epochs_is_a_clear_error()
    {
        using var d = Small();
        var e = Assert.Throws<KitException>(() => RawLoopComparison.Run(d, 64, 0, 1));
        Assert.Contains("--epochs", e.Message);
    }
}
