using Kit.Costs;
using Kit.IO;
using Kit.Study;

namespace Kit.Tests.Study;

/// <summary>Publishing a run also publishes its model: model.kitm with the checkpoint's exact weights, in the format the cost model finds cheapest.</summary>
[Collection("torch")]
public class PublishedModelTests
{
    [Theory]
    [InlineData(0, 32)] // dense model
    [InlineData(1, 32)] // pruned, float
    [InlineData(3, 4)]  // pruned and quantized to 4 bits
    public void A_published_run_keeps_its_model_with_the_checkpoints_weights(int node, int bits)
    {
        using var dir = new TempDir();
        var o = FakeStudyRuns.Options(dir);
        var n = StudyPlan.Of(StudyPlanTests.Tiny()).Nodes[node];
        FakeStudyRuns.Publish(n, o, bits);

        string folder = Path.Combine(o.ResultsDir, n.Folder), file = Path.Combine(folder, RunModelFile.FileName), pt = StudyFolders.Model(n, o);
        Assert.Equal(FakeStudyRuns.StateBits(pt), FakeStudyRuns.StateBits(file));
        var record = RunModelFile.Read(folder);
        Assert.Equal((AtomicFile.Sha256(file), new FileInfo(file).Length), (record.Sha256, record.FileBytes));
        Assert.Equal((AtomicFile.Sha256(pt), new FileInfo(pt).Length), (record.PtSha256, record.PtBytes));
        Assert.Empty(Directory.GetFiles(folder, "*.pt"));

        // The cost model (src/Kit/Costs, not the encoders) gives the file's format and b exactly the recorded bits.
        var cost = ModelCost.Of(pt, record.Bits).Storage.Total.Formats;
        Assert.Equal(cost[record.Format].TotalBits, record.CostModelBits);
        if (bits == 32)
        {
            // Float: raw float32 values, and no format the cost model prices holds it in fewer bits.
            Assert.Equal(32, record.Bits);
            Assert.Equal(cost.MinBy(kv => kv.Value.TotalBits).Key, record.Format);
        }
        else
        {
            // 16 levels a layer need 4 bits without a zero code, 5 with one; the file takes the fewest that hold them.
            Assert.InRange(record.Bits, 4, 5);
            Assert.All(record.Candidates.Values.OfType<FormatCandidate>(), c => Assert.True(c.CostModelBits >= record.CostModelBits));
        }
    }
}
