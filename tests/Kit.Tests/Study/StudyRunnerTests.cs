using System.Text.Json.Nodes;
using Kit.IO;
using Kit.Models;
using Kit.Study;
using Kit.Training;

namespace Kit.Tests.Study;

/// <summary>
/// A quick study end to end: every node published once with its spec, children start from their parent's model and
/// stay inside its support, nothing reruns, a lost parent checkpoint is rebuilt, and a folder made by another spec
/// is refused.
/// </summary>
[Collection("torch")]
public class StudyRunnerTests
{
    static StudyRunOptions Options(TempDir dir, List<string>? log = null) => new()
    {
        Quick = true, Threads = 1,
        ResultsDir = dir.File("results"), WorkDir = dir.File("work"),
        Log = line => log?.Add(line), Poll = TimeSpan.FromMilliseconds(10),
    };

    static Dictionary<string, bool[]> Support(string modelPath)
    {
        var (net, _) = Checkpoint.Load(modelPath);
        using (net) return net.PrunableLayers.ToDictionary(l => l.Name, l => TensorValues.ToArray(l.Weight).Select(w => w != 0).ToArray());
    }

    [Fact]
    public void A_quick_study_publishes_every_run_once_each_inside_its_parent()
    {
        using var dir = new TempDir();
        var plan = StudyPlan.Of(StudyPlanTests.Tiny());
        var log = new List<string>();
        var o = Options(dir, log);
        var summary = StudyRunner.Run(plan, o);
        Assert.Equal((4, 4, 0), (summary.Done, summary.Ran, summary.Failed));

        foreach (var n in plan.Nodes)
        {
            var folder = Path.Combine(o.ResultsDir, n.Folder);
            Assert.Empty(Directory.GetFiles(folder, "*.pt"));
            Assert.True(File.Exists(Path.Combine(folder, "spec.json")), $"{n.Folder}: no spec.json");
            Assert.True(File.Exists(Path.Combine(folder, "run.log")), $"{n.Folder}: no run.log");
            if (n.Kind == StudyNodeKind.Dense) continue;
            var result = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "result.json")))!;
            // cost.json: the storage of this run's model, equal to costing its checkpoint directly.
            var cost = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "cost.json")))!;
            Assert.Equal(result["bits"]!.GetValue<int>(), cost["bits"]!.GetValue<int>());
            var direct = Kit.Costs.ModelCost.Of(Path.Combine(o.WorkDir, n.Folder, "model.pt"), result["bits"]!.GetValue<int>());
            Assert.Equal(direct.Storage.Total.Formats["csr"].TotalBits, cost["storage"]!["total"]!["csr"]!["total_bits"]!.GetValue<long>());
            Assert.True(result["quick"]!.GetValue<bool>());
            Assert.Equal(AtomicFile.Sha256(Path.Combine(o.WorkDir, n.Parent!.Folder, "model.pt")), result["dense_sha256"]!.GetValue<string>());
            Assert.False(Path.IsPathRooted(result["dense_source"]!.GetValue<string>()), "result.json records an absolute path");
            // The child's nonzero weights lie inside the parent's.
            var parent = Support(Path.Combine(o.WorkDir, n.Parent.Folder, "model.pt"));
            foreach (var (layer, kept) in Support(Path.Combine(o.WorkDir, n.Folder, "model.pt")))
                Assert.True(kept.Select((k, i) => !k || parent[layer][i]).All(x => x), $"{n.Folder} {layer}: weights outside its parent's support");
        }
        // The quantized model keeps its parent's mask and has at most 2^4 distinct values per layer.
        var q = plan.Nodes.Single(n => n.Kind == StudyNodeKind.Quantize);
        var (net, _) = Checkpoint.Load(Path.Combine(o.WorkDir, q.Folder, "model.pt"));
        using (net)
            foreach (var l in net.PrunableLayers)
                Assert.True(TensorValues.ToArray(l.Weight).Where(w => w != 0).Distinct().Count() <= 16, $"{l.Name}: more than 16 levels at 4 bits");

        // The verdict reads these folders: three compressed runs, the dense accuracy from the dense run's metrics.json.
        var (runs, dense) = VerdictSource.Read(o.ResultsDir, "tiny");
        Assert.Equal(["tiny-mnist-irr-2x", "tiny-mnist-irr-4x", "tiny-mnist-irr-4x-4bit"], runs.Select(r => r.Experiment).Order(StringComparer.Ordinal));
        Assert.All(runs, r => Assert.Equal("irregular", r.Scheme));
        Assert.Equal(4, runs.Single(r => r.Bits == 4).Rate, 0.5);
        Assert.Equal(JsonNode.Parse(File.ReadAllText(Path.Combine(o.ResultsDir, plan.Nodes[0].Folder, "metrics.json")))!["test_accuracy"]!.GetValue<double>(), dense["mnist"]);

        // A second run finds everything done and runs nothing.
        Assert.Equal((4, 0), (StudyRunner.Run(plan, o).Done, StudyRunner.Run(plan, o).Ran));

        // Checkpoints are not committed: with the parent's gone, no model file published for it (a run published before
        // runs kept one; RestoreFromPublishedTests covers the model file) and the child's result removed, the parent is
        // retrained (its committed result untouched) and the child runs again.
        var p = plan.Nodes[2];
        var committed = AtomicFile.Sha256(Path.Combine(o.ResultsDir, p.Folder, "result.json"));
        Directory.Delete(Path.Combine(o.WorkDir, p.Folder), recursive: true);
        File.Delete(Path.Combine(o.ResultsDir, p.Folder, RunModelFile.FileName));
        Directory.Delete(Path.Combine(o.ResultsDir, q.Folder), recursive: true);
        Directory.Delete(Path.Combine(o.WorkDir, q.Folder), recursive: true);
        var again = StudyRunner.Run(plan, o);
        Assert.Equal((4, 1, 0), (again.Done, again.Ran, again.Failed));
        Assert.True(File.Exists(Path.Combine(o.WorkDir, p.Folder, "model.pt")));
        Assert.Contains(log, l => l.StartsWith($"{p.Folder}: result committed but neither its checkpoint") && l.Contains("retraining it"));
        Assert.Equal(committed, AtomicFile.Sha256(Path.Combine(o.ResultsDir, p.Folder, "result.json")));
    }

    [Fact]
    public void A_results_folder_made_by_another_spec_is_refused_by_name()
    {
        using var dir = new TempDir();
        var o = Options(dir);
        var plan = StudyPlan.Of(StudyPlanTests.Tiny());
        var dense = Path.Combine(o.ResultsDir, plan.Nodes[0].Folder);
        Directory.CreateDirectory(dense);
        File.WriteAllText(Path.Combine(dense, "metrics.json"), Json.Serialize(new { spec = plan.Nodes[0].Train! with { Seed = 99 } }));
        var e = Assert.Throws<KitException>(() => StudyRunner.Run(plan, o));
        Assert.Contains(plan.Nodes[0].Folder, e.Message);
        Assert.Contains("another spec", e.Message);
        Assert.False(Directory.Exists(o.WorkDir) && Directory.EnumerateFiles(o.WorkDir, "*.pt", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public void A_node_locked_by_another_lane_is_not_taken()
    {
        using var dir = new TempDir();
        var o = Options(dir);
        var node = StudyPlan.Of(StudyPlanTests.Tiny()).Nodes[0];
        using var first = StudyFolders.TryLock(node, o);
        Assert.NotNull(first);
        Assert.Null(StudyFolders.TryLock(node, o));
        first!.Dispose();
        using var again = StudyFolders.TryLock(node, o);
        Assert.NotNull(again);
    }
}
