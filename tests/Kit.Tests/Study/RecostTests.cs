using Kit.IO;
using Kit.Study;

namespace Kit.Tests.Study;

/// <summary>`kit study recost`: cost.json re-derived from model.kitm alone equals the one published from the checkpoint.</summary>
[Collection("torch")]
public class RecostTests
{
    [Fact]
    public void Recost_reproduces_the_published_cost_json_without_any_checkpoint()
    {
        using var dir = new TempDir();
        var o = FakeStudyRuns.Options(dir);
        var nodes = StudyPlan.Of(StudyPlanTests.Tiny()).Nodes;
        var (floatRun, quantized) = (nodes[1], nodes[3]);
        FakeStudyRuns.Publish(nodes[0], o);
        FakeStudyRuns.Publish(floatRun, o);
        FakeStudyRuns.Publish(quantized, o, bits: 4);
        string Cost(StudyNode n) => Path.Combine(o.ResultsDir, n.Folder, "cost.json");
        var published = new[] { floatRun, quantized }.ToDictionary(n => n.Folder, n => File.ReadAllText(Cost(n)));
        var models = nodes.Where(n => n != nodes[2]).ToDictionary(n => n.Folder, n => AtomicFile.Sha256(Path.Combine(o.ResultsDir, n.Folder, RunModelFile.FileName)));
        Directory.Delete(o.WorkDir, recursive: true); // no checkpoint anywhere
        File.Delete(Cost(floatRun));
        File.WriteAllText(Cost(quantized), "{}\n"); // stale

        var actions = RunModelBackfill.Recost(o.ResultsDir);

        Assert.Equal(published[floatRun.Folder], File.ReadAllText(Cost(floatRun)));
        Assert.Equal(published[quantized.Folder], File.ReadAllText(Cost(quantized)));
        Assert.Equal($"{RunModelFile.FileName} unchanged, cost.json rewritten", actions.Single(a => a.Run == quantized.Folder).Action);
        Assert.Equal($"{RunModelFile.FileName} unchanged", actions.Single(a => a.Run == nodes[0].Folder).Action); // dense: no cost.json
        Assert.All(models, kv => Assert.Equal(kv.Value, AtomicFile.Sha256(Path.Combine(o.ResultsDir, kv.Key, RunModelFile.FileName))));
        Assert.All(RunModelBackfill.Recost(o.ResultsDir), a => Assert.DoesNotContain("rewritten", a.Action));
    }

    [Fact]
    public void A_run_without_a_model_file_is_named_and_nothing_is_written()
    {
        using var dir = new TempDir();
        var o = FakeStudyRuns.Options(dir);
        var nodes = StudyPlan.Of(StudyPlanTests.Tiny()).Nodes;
        FakeStudyRuns.Publish(nodes[0], o);
        FakeStudyRuns.Publish(nodes[1], o);
        string cost = Path.Combine(o.ResultsDir, nodes[1].Folder, "cost.json");
        File.WriteAllText(cost, "{}\n");
        File.Delete(Path.Combine(o.ResultsDir, nodes[0].Folder, RunModelFile.FileName));
        var e = Assert.Throws<KitException>(() => RunModelBackfill.Recost(o.ResultsDir));
        Assert.Contains(nodes[0].Folder, e.Message);
        Assert.Equal("{}\n", File.ReadAllText(cost));
    }
}
