using System.Globalization;
using Kit.Study;

namespace Kit.Tests.Study;

/// <summary>`kit study models`: the table of real model sizes, and the README quoting it.</summary>
[Collection("torch")]
public class ModelTableTests
{
    [Fact]
    public void Rows_give_each_runs_file_and_checkpoint_sizes_and_name_runs_without_a_file()
    {
        using var dir = new TempDir();
        var o = FakeStudyRuns.Options(dir);
        var nodes = StudyPlan.Of(StudyPlanTests.Tiny()).Nodes;
        FakeStudyRuns.Publish(nodes[0], o);
        FakeStudyRuns.Publish(nodes[1], o);
        File.Delete(Path.Combine(o.ResultsDir, nodes[1].Folder, RunModelFile.RecordName));

        var md = ModelTable.ToMarkdown(o.ResultsDir);

        var ic = CultureInfo.InvariantCulture;
        long file = new FileInfo(Path.Combine(o.ResultsDir, nodes[0].Folder, RunModelFile.FileName)).Length;
        long pt = new FileInfo(StudyFolders.Model(nodes[0], o)).Length;
        Assert.Contains(string.Create(ic, $"| `{nodes[0].Folder}` | 98.50 | 1.0x | float | dense | 32 | {file:N0} | {pt:N0} | {(double)pt / file:F1}x |"), md);
        Assert.Contains($"| `{nodes[1].Folder}` | 97.25 | 10.0x | float | no model file yet", md);
        Assert.StartsWith(string.Create(ic, $"1 of the 2 published runs keep their model"), md);
        Assert.Contains(string.Create(ic, $"{file:N0} bytes together, {pt:N0} bytes as float32 `.pt` checkpoints"), md);
    }
}
