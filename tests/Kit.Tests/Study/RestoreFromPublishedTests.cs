using System.Text.Json.Nodes;
using Kit.IO;
using Kit.Study;

namespace Kit.Tests.Study;

/// <summary>
/// A fresh clone has the published runs but no checkpoints: a child whose parent is published starts from the
/// parent's model.kitm (bit-identical weights), not from a retrained parent.
/// </summary>
[Collection("torch")]
public class RestoreFromPublishedTests
{
    [Fact]
    public void A_missing_parent_checkpoint_comes_back_from_its_published_model_file()
    {
        using var dir = new TempDir();
        var log = new List<string>();
        var o = FakeStudyRuns.Options(dir, log);
        var plan = StudyPlan.Of(StudyPlanTests.Tiny());
        var (dense, child) = (plan.Nodes[0], plan.Nodes[1]);
        FakeStudyRuns.Publish(dense, o);
        var original = FakeStudyRuns.StateBits(StudyFolders.Model(dense, o));
        string originalSha = AtomicFile.Sha256(StudyFolders.Model(dense, o));
        string publishedMetrics = AtomicFile.Sha256(Path.Combine(o.ResultsDir, dense.Folder, "metrics.json"));
        Directory.Delete(o.WorkDir, recursive: true); // a fresh clone: results/ only

        var summary = StudyRunner.Run(plan, o with { Only = child.Folder });

        Assert.Equal((2, 1, 0), (summary.Done, summary.Ran, summary.Failed)); // only the child ran
        Assert.Contains(log, l => l.StartsWith($"{dense.Folder}: checkpoint") && l.Contains($"restoring it from the published {RunModelFile.FileName}"));
        Assert.DoesNotContain(log, l => l.Contains("retraining it") || l.StartsWith($"{dense.Folder}: starting"));
        string restored = StudyFolders.Model(dense, o);
        Assert.Equal(original, FakeStudyRuns.StateBits(restored));
        // TorchSharp writes the same state dict to the same bytes: the child records the checkpoint hash the original machine had.
        Assert.Equal(originalSha, AtomicFile.Sha256(restored));
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(o.ResultsDir, child.Folder, "result.json")))!;
        Assert.Equal(originalSha, result["dense_sha256"]!.GetValue<string>());
        Assert.Equal(publishedMetrics, AtomicFile.Sha256(Path.Combine(o.ResultsDir, dense.Folder, "metrics.json")));
        Assert.True(RunModelFile.Exists(Path.Combine(o.ResultsDir, child.Folder)));
    }
}
