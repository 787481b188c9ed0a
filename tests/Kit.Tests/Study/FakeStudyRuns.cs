using System.Text.Json.Nodes;
using Kit.IO;
using Kit.Models;
using Kit.Study;
using Kit.Tests.Export;
using Kit.Training;

namespace Kit.Tests.Study;

/// <summary>
/// Finished study runs without training: a node's work folder gets a checkpoint (a fresh dense model, or a pruned and
/// optionally quantized one built in the test) and the record its spec would leave, then the runner publishes it.
/// </summary>
internal static class FakeStudyRuns
{
    public static StudyRunOptions Options(TempDir dir, List<string>? log = null) => new()
    {
        Quick = true, Threads = 1, ResultsDir = dir.File("results"), WorkDir = dir.File("work"),
        Log = line => log?.Add(line), Poll = TimeSpan.FromMilliseconds(10),
    };

    /// <summary>Writes the node's finished run into its work folder and publishes it; bits 32 = float.</summary>
    public static void Publish(StudyNode n, StudyRunOptions o, int bits = 32, int seed = 1)
    {
        string work = StudyFolders.Work(n, o);
        Directory.CreateDirectory(work);
        using KitModel model = n.Kind == StudyNodeKind.Dense
            ? ModelRegistry.Create("lenet5", TorchFixture.Info, seed)
            : ExportTestModels.PrunedQuantized("lenet5", seed, bits == 32 ? 3 : bits, density: 0.1, quantized: bits != 32);
        Checkpoint.Save(model, StudyFolders.Model(n, o), new CheckpointInfo { Dataset = "mnist", Seed = seed });
        if (n.Kind == StudyNodeKind.Dense)
            AtomicFile.WriteWithChecksum(Path.Combine(work, "metrics.json"),
                new JsonObject { ["spec"] = Json.ToNode(n.DenseRun(o.Quick)), ["test_accuracy"] = 98.5 }.ToJsonString());
        else
            AtomicFile.WriteWithChecksum(Path.Combine(work, "result.json"), new JsonObject
            {
                ["spec"] = Json.ToNode(n.Compress!.AsQuick()), ["spec_sha256"] = StudyFolders.ExpectedHash(n, o),
                ["bits"] = bits, ["accuracy"] = 97.25, ["overall_rate"] = 10.0,
            }.ToJsonString());
        File.WriteAllText(Path.Combine(work, "run.log"), "fake run\n");
        StudyFolders.Publish(n, o);
    }

    /// <summary>Every state-dict tensor's float32 bit patterns of a saved model (.pt or model file).</summary>
    public static Dictionary<string, int[]> StateBits(string path)
    {
        var (net, _) = Kit.Export.ModelLoader.Load(path);
        using (net) return ExportTestModels.StateBits(net);
    }
}
