using Kit.Experiments;
using Kit.Tests.Resilience;

namespace Kit.Tests.Experiments;

/// <summary>The epoch count behind the ETA of `--jobs` matches the epochs a run really trains.</summary>
[Collection("torch")]
public class PlannedEpochsTests
{
    [Fact]
    public void Planned_epochs_equal_the_epochs_the_pipeline_reports()
    {
        using var d = new TempDir();
        var spec = TinyRuns.Compress;
        int seen = 0;
        CompressionPipeline.Run(spec, d.File("run"), new CompressionOptions { OnEpoch = _ => seen++ });
        Assert.Equal(seen, PlannedEpochs.Of(spec));
        // The tiny spec's documented epoch units: dense 2, prune ADMM 2, masked retrain 2, quantize ADMM 1, quantize retrain 1.
        Assert.Equal(8, seen);
    }
}
