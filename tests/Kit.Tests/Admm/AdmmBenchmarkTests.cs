using Kit.Admm;

namespace Kit.Tests.Admm;

/// <summary>The benchmark's bookkeeping (order of epochs, medians, ratios), never its times.</summary>
[Collection("torch")]
public class AdmmBenchmarkTests
{
    [Fact]
    public void Epochs_alternate_in_abba_order_and_the_ratios_are_of_the_medians()
    {
        using var train = TorchFixture.Synthetic(40, 2);
        var lines = new List<string>();
        var r = AdmmBenchmark.Run("lenet-300-100", train, TorchFixture.Info, pairs: 3, seed: 1, lines.Add);
        Assert.Equal(["plain", "admm ", "admm ", "plain", "plain", "admm "], lines.Select(l => l[..5]));
        Assert.Equal(("lenet-300-100", "mnist", 40, TorchRuntime.Threads), (r.Model, r.Dataset, r.TrainImages, r.Threads));
        Assert.Equal(64, r.BatchSize);
        Assert.Equal(3, r.PlainSeconds.Count);
        Assert.Equal(3, r.AdmmSeconds.Count);
        Assert.Equal(3, r.PlainCpuSeconds.Count);
        Assert.Equal(3, r.AdmmCpuSeconds.Count);
        Assert.Equal(r.PlainSeconds.Order().ElementAt(1), r.PlainMedian);
        Assert.Equal(r.AdmmSeconds.Order().ElementAt(1), r.AdmmMedian);
        Assert.Equal(r.PlainCpuSeconds.Order().ElementAt(1), r.PlainCpuMedian);
        Assert.Equal(r.AdmmCpuSeconds.Order().ElementAt(1), r.AdmmCpuMedian);
        Assert.Equal(r.AdmmMedian / r.PlainMedian, r.Ratio, 12);
        Assert.Equal(r.AdmmCpuMedian / r.PlainCpuMedian, r.CpuRatio, 12);
        // An epoch's CPU time is this process's CPU time over that epoch: together they fit inside the process's total.
        Assert.All(r.PlainCpuSeconds.Concat(r.AdmmCpuSeconds), c => Assert.True(c >= 0));
        Assert.True(r.PlainCpuSeconds.Sum() + r.AdmmCpuSeconds.Sum() <= System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
        // Each logged line carries the time it recorded, in the order the epochs ran.
        Assert.Equal($"plain epoch: {r.PlainSeconds[0]:F2} s wall, {r.PlainCpuSeconds[0]:F2} s CPU", lines[0]);
        Assert.Equal($"admm  epoch: {r.AdmmSeconds[1]:F2} s wall, {r.AdmmCpuSeconds[1]:F2} s CPU", lines[2]);
    }

    [Fact]
    public void One_pair_is_one_plain_and_one_admm_epoch()
    {
        using var train = TorchFixture.Synthetic(8, 2);
        var r = AdmmBenchmark.Run("lenet-300-100", train, TorchFixture.Info, pairs: 1, seed: 1);
        Assert.Equal((1, 1), (r.PlainSeconds.Count, r.AdmmSeconds.Count));
        Assert.Equal(r.PlainSeconds[0], r.PlainMedian);
    }

    [Fact]
    public void Refuses_zero_pairs()
    {
        using var train = TorchFixture.Synthetic(8, 2);
        var e = Assert.Throws<KitException>(() => AdmmBenchmark.Run("lenet-300-100", train, TorchFixture.Info, pairs: 0, seed: 1));
        Assert.Equal("pairs must be >= 1, got 0", e.Message);
    }
}
