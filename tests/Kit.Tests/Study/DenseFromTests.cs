using System.Text.Json.Nodes;
using Kit.IO;
using Kit.Study;

namespace Kit.Tests.Study;

/// <summary>
/// A trial study retrains nothing it shares with the study: `--dense-from` adopts a published dense run made by the very
/// same dense spec, and refuses one made by any other.
/// </summary>
[Collection("torch")]
public class DenseFromTests
{
    [Fact]
    public void A_dense_run_of_the_same_spec_is_adopted_and_its_children_start_from_it()
    {
        using var dir = new TempDir();
        var log = new List<string>();
        var study = FakeStudyRuns.Options(dir) with { ResultsDir = dir.File("study-results"), WorkDir = dir.File("study-work") };
        var studyDense = StudyPlan.Of(StudyPlanTests.Tiny()).Nodes[0];
        FakeStudyRuns.Publish(studyDense, study);
        string source = Path.Combine(study.ResultsDir, studyDense.Folder);
        string sourceSha = AtomicFile.Sha256(StudyFolders.Model(studyDense, study));
        File.WriteAllText(Path.Combine(source, "cpu.json"), "{}"); // timed on the study's machine and day: not the trial's

        var trial = StudyPlan.Of(StudyPlanTests.Tiny("trial"));
        var (dense, child) = (trial.Nodes[0], trial.Nodes[1]);
        var o = FakeStudyRuns.Options(dir, log) with { DenseFrom = [study.ResultsDir] };
        var summary = StudyRunner.Run(trial, o with { Only = child.Folder });

        Assert.Equal((2, 1, 0), (summary.Done, summary.Ran, summary.Failed)); // the child trained; the dense run was adopted, not counted as run
        Assert.Contains(log, l => l.StartsWith($"{dense.Folder}: adopted the dense run"));
        Assert.DoesNotContain(log, l => l.StartsWith($"{dense.Folder}: starting"));
        string adopted = Path.Combine(o.ResultsDir, dense.Folder);
        Assert.Equal(AtomicFile.Sha256(Path.Combine(source, "metrics.json")), AtomicFile.Sha256(Path.Combine(adopted, "metrics.json")));
        Assert.Contains("adopted from", File.ReadAllLines(Path.Combine(adopted, "run.log"))[^1]);
        Assert.False(File.Exists(Path.Combine(adopted, "cpu.json")));
        Assert.True(StudyRunner.IsDone(dense, o));
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(o.ResultsDir, child.Folder, "result.json")))!;
        Assert.Equal(sourceSha, result["dense_sha256"]!.GetValue<string>()); // the child began from the study's very weights
    }

    [Fact]
    public void A_dense_run_of_another_spec_is_not_adopted_and_a_missing_folder_is_named()
    {
        using var dir = new TempDir();
        var study = FakeStudyRuns.Options(dir) with { ResultsDir = dir.File("study-results"), WorkDir = dir.File("study-work") };
        FakeStudyRuns.Publish(StudyPlan.Of(StudyPlanTests.Tiny()).Nodes[0], study);
        var longer = StudyPlanTests.Tiny("trial") with { Dense = StudyPlanTests.Tiny().Dense with { Lr = 0.05 } }; // another recipe
        var o = FakeStudyRuns.Options(dir) with { DenseFrom = [study.ResultsDir] };
        Assert.Null(StudyFolders.Adoptable(StudyPlan.Of(longer).Nodes[0], o));
        Assert.NotNull(StudyFolders.Adoptable(StudyPlan.Of(StudyPlanTests.Tiny("trial")).Nodes[0], o));
        var missing = Assert.Throws<KitException>(() => StudyFolders.Adoptable(StudyPlan.Of(longer).Nodes[0], o with { DenseFrom = [dir.File("nowhere")] }));
        Assert.Contains("--dense-from", missing.Message);
        Assert.Contains("nowhere", missing.Message);
    }
}
