using Kit.IO;
using Kit.Study;

namespace Kit.Tests.Study;

/// <summary>`kit study backfill-models`: runs published without a model file get the one publishing writes now, from their checkpoints; all or nothing.</summary>
[Collection("torch")]
public class BackfillModelsTests
{
    static (StudyRunOptions O, List<StudyNode> Nodes, Dictionary<string, string> Published) PublishedWithoutModels(TempDir dir)
    {
        var o = FakeStudyRuns.Options(dir);
        var nodes = StudyPlan.Of(StudyPlanTests.Tiny()).Nodes.Take(2).ToList();
        var published = new Dictionary<string, string>();
        foreach (var n in nodes)
        {
            FakeStudyRuns.Publish(n, o);
            string folder = Path.Combine(o.ResultsDir, n.Folder);
            published[n.Folder] = AtomicFile.Sha256(Path.Combine(folder, RunModelFile.FileName));
            // As runs were published before they kept their model.
            File.Delete(Path.Combine(folder, RunModelFile.FileName));
            File.Delete(Path.Combine(folder, RunModelFile.RecordName));
        }
        return (o, nodes, published);
    }

    [Fact]
    public void Backfill_writes_what_publishing_writes_and_a_second_call_changes_nothing()
    {
        using var dir = new TempDir();
        var (o, nodes, published) = PublishedWithoutModels(dir);
        var first = RunModelBackfill.Backfill(o.ResultsDir, o.WorkDir);
        Assert.All(first, a => Assert.StartsWith("exported", a.Action));
        foreach (var n in nodes)
        {
            string folder = Path.Combine(o.ResultsDir, n.Folder);
            Assert.Equal(published[n.Folder], AtomicFile.Sha256(Path.Combine(folder, RunModelFile.FileName)));
            Assert.Equal(FakeStudyRuns.StateBits(StudyFolders.Model(n, o)), FakeStudyRuns.StateBits(Path.Combine(folder, RunModelFile.FileName)));
        }
        var stamps = nodes.ToDictionary(n => n.Folder, n => File.GetLastWriteTimeUtc(Path.Combine(o.ResultsDir, n.Folder, RunModelFile.FileName)));
        var second = RunModelBackfill.Backfill(o.ResultsDir, o.WorkDir);
        Assert.All(second, a => Assert.Equal("has a model file", a.Action));
        Assert.All(nodes, n => Assert.Equal(stamps[n.Folder], File.GetLastWriteTimeUtc(Path.Combine(o.ResultsDir, n.Folder, RunModelFile.FileName))));
    }

    [Fact]
    public void A_missing_checkpoint_is_one_error_naming_the_run_and_nothing_is_written()
    {
        using var dir = new TempDir();
        var (o, nodes, _) = PublishedWithoutModels(dir);
        File.Delete(StudyFolders.Model(nodes[1], o));
        var e = Assert.Throws<KitException>(() => RunModelBackfill.Backfill(o.ResultsDir, o.WorkDir));
        Assert.Contains($"{nodes[1].Folder}: no checkpoint", e.Message);
        Assert.DoesNotContain(nodes[0].Folder, e.Message);
        Assert.Empty(Directory.GetFiles(o.ResultsDir, "model.kitm*", SearchOption.AllDirectories));

        // The command: one line on stderr, a non-zero exit, no stack trace, nothing written.
        var before = CliRun.Snapshot(dir.Path);
        var (code, _, stderr) = CliRun.Run("study", "backfill-models", "--results", o.ResultsDir, "--artifacts", o.WorkDir);
        Assert.NotEqual(0, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains($"{nodes[1].Folder}: no checkpoint", stderr);
        Assert.DoesNotContain(" at ", stderr);
        Assert.Equal(before, CliRun.Snapshot(dir.Path));
    }

    [Fact]
    public void A_checkpoint_of_another_run_than_the_published_one_is_refused()
    {
        using var dir = new TempDir();
        var (o, nodes, _) = PublishedWithoutModels(dir);
        // The work folder was rerun after publishing: its record is not the published one.
        File.AppendAllText(Path.Combine(StudyFolders.Work(nodes[1], o), "result.json"), " ");
        var e = Assert.Throws<KitException>(() => RunModelBackfill.Backfill(o.ResultsDir, o.WorkDir));
        Assert.Contains($"{nodes[1].Folder}: ", e.Message);
        Assert.Contains("is not the published run's checkpoint", e.Message);
        Assert.Empty(Directory.GetFiles(o.ResultsDir, "model.kitm*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Named_runs_are_exported_alone_even_beside_runs_whose_checkpoints_are_gone()
    {
        using var dir = new TempDir();
        var (o, nodes, published) = PublishedWithoutModels(dir);
        // A folder of single experiments: older runs' checkpoints are gone, the run just collected has its own.
        File.Delete(StudyFolders.Model(nodes[0], o));
        var actions = RunModelBackfill.Backfill(o.ResultsDir, o.WorkDir, only: [nodes[1].Folder]);
        Assert.Equal([nodes[1].Folder], actions.Select(a => a.Run));
        Assert.StartsWith("exported", actions[0].Action);
        Assert.Equal(published[nodes[1].Folder], AtomicFile.Sha256(Path.Combine(o.ResultsDir, nodes[1].Folder, RunModelFile.FileName)));
        Assert.False(RunModelFile.Exists(Path.Combine(o.ResultsDir, nodes[0].Folder)));

        var e = Assert.Throws<KitException>(() => RunModelBackfill.Backfill(o.ResultsDir, o.WorkDir, only: ["no-such-run-seed1"]));
        Assert.Contains("no published run no-such-run-seed1", e.Message);
    }
}
