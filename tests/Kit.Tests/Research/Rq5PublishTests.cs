using System.Text.Json.Nodes;
using Kit.Data;
using Kit.Experiments;
using Kit.Export;
using Kit.IO;
using Kit.Models;
using Kit.Research;
using Kit.Robustness;
using Kit.Tests.Experiments;
using Kit.Training;

namespace Kit.Tests.Reproduction;

/// <summary>`kit rq5 publish`: run.sh's folder becomes results/rq5 with the same tables, model files instead of checkpoints, nothing half written.</summary>
[Collection("torch")]
public class Rq5PublishTests
{
    /// <summary>One seed of run.sh's layout: the irregular run (result, log, model and dense checkpoints, a journal and a lock) and its attacks.</summary>
    static string WriteRun(TempDir d, bool quick = false)
    {
        TorchRuntime.Start(1);
        var root = d.File("rq5");
        var run = Path.Combine(root, "seed1", "irregular");
        Directory.CreateDirectory(Path.Combine(run, RunJournal.FolderName));
        File.WriteAllText(Path.Combine(run, RunJournal.FolderName, "journal.json"), "{}");
        File.WriteAllText(Path.Combine(run, ".kit.lock"), "");
        File.WriteAllText(Path.Combine(run, "admm_log.csv"), "phase,epoch\n");
        var spec = TinySpecs.Named("lenet5-mnist-irregular-50x-float");
        var result = new CompressionResult { Spec = spec, SpecSha256 = SpecIdentity.Hash(spec), Quick = quick, OverallRate = 10, Accuracy = 97 };
        AtomicFile.WriteWithChecksum(Path.Combine(run, "result.json"), Json.Serialize(result));
        foreach (var (name, seed) in new[] { ("model.pt", 3L), ("dense.pt", 4L) })
        {
            using var model = ModelRegistry.Create("lenet5", DatasetRegistry.Info("mnist"), seed);
            Checkpoint.Save(model, Path.Combine(run, name), new CheckpointInfo { Dataset = "mnist", Seed = seed });
        }
        var transfer = Path.Combine(root, "transfer", "irregular");
        Directory.CreateDirectory(transfer);
        AtomicFile.WriteWithChecksum(Path.Combine(transfer, "result.json"), Json.Serialize(new Kit.Transfer.TransferResult
        {
            Spec = new Kit.Transfer.TransferSpec { Source = spec }, Quick = quick,
            Source = new Kit.Transfer.TransferSourceResult { Dataset = "mnist", Scheme = "irregular", Accuracy = 96, Rate = 10 },
            TargetDataset = "fashion-mnist", TargetTestImages = 2000,
            Modes = [new Kit.Transfer.TransferModeResult { Mode = Kit.Transfer.TransferMode.Frozen, TargetAccuracy = 80, Rate = 10, Bits = 32 }],
        }));
        File.Copy(Path.Combine(run, "model.pt"), Path.Combine(transfer, "frozen.pt"));
        File.Copy(Path.Combine(run, "model.json"), Path.Combine(transfer, "frozen.json"));
        foreach (var tag in new[] { "irregular-model", "irregular-dense" })
            File.WriteAllText(Path.Combine(root, "seed1", $"attack-pgd-{tag}.json"), Json.Serialize(new AttackReport
            {
                Attack = new AttackSettings { Kind = AttackKind.Pgd, Steps = 40 }, TestImages = 1000, CleanAccuracy = 97,
                Points = [new AttackPoint(0.1, tag.EndsWith("model") ? 60 : 55)],
            }));
        return root;
    }

    static float[] Weights(KitModel m) => m.PrunableLayers.SelectMany(l => TensorValues.ToArray(l.Weight)).ToArray();

    [Fact]
    public void Publishes_the_same_tables_with_model_files_and_no_checkpoints()
    {
        using var d = new TempDir();
        var source = WriteRun(d);
        var target = d.File("results/rq5");
        var report = Rq5Publish.Publish(source, target);

        Assert.Equal((2, 2, 2), (report.Results, report.Attacks, report.Models));
        // Transfer runs keep their result and spec, not their models.
        Assert.True(File.Exists(Path.Combine(target, "transfer", "irregular", "spec.json")));
        Assert.False(File.Exists(Path.Combine(target, "transfer", "irregular", "frozen.kitm")));
        var (r0, t0) = Rq5Summary.LoadDirectory(source);
        var (r1, t1) = Rq5Summary.LoadDirectory(target);
        Assert.Equal(Rq5Summary.Markdown(r0, t0), Rq5Summary.Markdown(r1, t1));

        var run = Path.Combine(target, "seed1", "irregular");
        AtomicFile.VerifyChecksum(Path.Combine(run, "result.json"));
        Assert.True(File.Exists(Path.Combine(run, "admm_log.csv")));
        var spec = Json.ReadFile<CompressionSpec>(Path.Combine(run, "spec.json"), strict: true);
        Assert.Equal(JsonNode.Parse(File.ReadAllText(Path.Combine(run, "result.json")))!["spec_sha256"]!.GetValue<string>(), SpecIdentity.Hash(spec));

        var left = Directory.EnumerateFileSystemEntries(target, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(target, p)).ToList();
        Assert.DoesNotContain(left, p => p.EndsWith(".pt") || p.Contains(".kit.lock") || p.Contains(RunJournal.FolderName));
        Assert.DoesNotContain(Directory.GetDirectories(Path.GetDirectoryName(target)!), p => p != target);

        foreach (var name in new[] { "model", "dense" })
        {
            var (fromPt, _) = Checkpoint.Load(Path.Combine(source, "seed1", "irregular", name + ".pt"));
            var (fromKitm, _) = ModelFileReader.Load(Path.Combine(run, name + ".kitm"));
            using (fromPt)
            using (fromKitm)
                Assert.Equal(Weights(fromPt), Weights(fromKitm));
            var record = Json.ReadFile<Kit.Study.RunModelRecord>(Path.Combine(run, name + ".kitm.json"), strict: false);
            Assert.Equal(name + ".kitm", record.File);
            Assert.Equal(AtomicFile.Sha256(Path.Combine(run, name + ".kitm")), record.Sha256);
            Assert.Equal(AtomicFile.Sha256(Path.Combine(source, "seed1", "irregular", name + ".pt")), record.PtSha256);
        }
    }

    [Fact]
    public void A_quick_result_is_refused_by_name_and_nothing_is_written()
    {
        using var d = new TempDir();
        var source = WriteRun(d, quick: true);
        var target = d.File("results/rq5");
        var e = Assert.Throws<KitException>(() => Rq5Publish.Publish(source, target));
        Assert.Contains(Path.Combine("seed1", "irregular", "result.json"), e.Message);
        Assert.Contains("quick", e.Message);
        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.Exists(d.File("results")) ? Directory.GetDirectories(d.File("results")) : []);
    }

    [Fact]
    public void A_corrupt_result_is_refused_by_name()
    {
        using var d = new TempDir();
        var source = WriteRun(d);
        var file = Path.Combine(source, "seed1", "irregular", "result.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("97", "99"));
        var target = d.File("results/rq5");
        var e = Assert.Throws<KitException>(() => Rq5Publish.Publish(source, target));
        Assert.Contains("result.json", e.Message);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void An_existing_folder_is_replaced_only_when_asked()
    {
        using var d = new TempDir();
        var source = WriteRun(d);
        var target = d.File("results/rq5");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "stale.json"), "{}");
        var e = Assert.Throws<KitException>(() => Rq5Publish.Publish(source, target));
        Assert.Contains("--replace", e.Message);
        Assert.True(File.Exists(Path.Combine(target, "stale.json")));

        Rq5Publish.Publish(source, target, replace: true);
        Assert.False(File.Exists(Path.Combine(target, "stale.json")));
        Assert.True(File.Exists(Path.Combine(target, "seed1", "irregular", "model.kitm")));
    }
}
