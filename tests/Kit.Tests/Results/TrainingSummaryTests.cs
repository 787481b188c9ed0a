using Kit.IO;
using Kit.Results;
using Kit.Training;

namespace Kit.Tests.Results;

/// <summary>`kit results`' second block: the dense training runs come from their metrics.json and command.txt, not from a hand.</summary>
public class TrainingSummaryTests
{
    const string Sha = "00aa11bb22cc33dd44ee55ff66aa77bb88cc99dd00ee11ff22aa33bb44cc55dd";

    /// <summary>A run folder as `kit train` plus results/ conventions leave it: metrics.json with its checksum, model.json, command.txt.</summary>
    static string WriteRun(string root, string name, string dataset, int bestEpoch, string? command = "./kit train --seed 1", string? sha = Sha)
    {
        var dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        var spec = new TrainSpec
        {
            Data = new Kit.Data.DataOptions { Dataset = dataset },
            Train = new TrainConfig { Lr = 0.02, BatchSize = 128, Epochs = 3, Schedule = new LrScheduleSpec { Type = ScheduleType.Cosine, WarmupEpochs = 1 } },
            Threads = 1,
        };
        var metrics = new TrainMetrics
        {
            Machine = new MachineInfo("h", "os", "X64", 2, "Some CPU", "rt", 1), Spec = spec,
            TrainImages = 55_000, ValidationImages = 5_000, TestImages = 10_000,
            Epochs = [Epoch(1), Epoch(2), Epoch(3)],
            BestEpoch = bestEpoch, ValidationAccuracy = 91.756, TestAccuracy = 91.594,
        };
        AtomicFile.WriteWithChecksum(Path.Combine(dir, "metrics.json"), Json.Serialize(metrics));
        if (sha is not null) File.WriteAllText(Path.Combine(dir, "model.json"), $$"""{ "weights_sha256": "{{sha}}" }""");
        if (command is not null) File.WriteAllText(Path.Combine(dir, "command.txt"), command + "\n");
        return dir;
    }

    static EpochRecord Epoch(int n) => new("train", n, 0.1, 90, 91, 0.2, 0.02, 1);

    static void WriteCompression(string root, string name, string denseSha)
    {
        Directory.CreateDirectory(Path.Combine(root, name));
        File.WriteAllText(Path.Combine(root, name, "result.json"), $$"""{ "dense_sha256": "{{denseSha}}" }""");
    }

    [Fact]
    public void Each_run_is_one_row_read_from_its_files()
    {
        using var dir = new TempDir();
        WriteRun(dir.Path, "b-dense-seed1", "fashion-mnist", 2);
        WriteRun(dir.Path, "a-dense-seed1", "mnist", 3, command: null, sha: "ff");
        WriteCompression(dir.Path, "x-seed1", Sha);
        WriteCompression(dir.Path, "y-seed1", Sha.ToUpperInvariant());
        WriteCompression(dir.Path, "z-seed1", "another");
        WriteRun(Path.Combine(dir.Path, "study"), "nested-dense-seed1", "mnist", 1);   // not directly under the folder: left out

        var rows = TrainingSummary.Summarize(dir.Path);
        Assert.Equal(["a-dense-seed1", "b-dense-seed1"], rows.Select(r => r.Run));
        var md = TrainingSummary.ToMarkdown(rows);
        // Two of the three compression runs name b's checkpoint (SHA-256 compared without case); none names a's.
        Assert.Contains("| `b-dense-seed1` | fashion-mnist | lenet5 | SGD, lr 0.02, momentum 0.9, weight decay 0.0005, batch 128, 3 epochs, cosine schedule, 1 warm-up epoch | " +
            "55,000 / 5,000 / 10,000 | 2 of 3 | 91.76 | 91.59 | 2 | Some CPU, 2 cores, 1 torch thread | `./kit train --seed 1` |", md);
        Assert.Contains("| `a-dense-seed1` | mnist |", md);
        Assert.Contains("| 3 of 3 | 91.76 | 91.59 | 0 | Some CPU, 2 cores, 1 torch thread | not recorded (no command.txt) |", md);
    }

    [Fact]
    public void Recipes_name_what_the_spec_sets()
    {
        var step = new TrainSpec { Train = new TrainConfig { Optimizer = OptimizerType.Adam, Lr = 0.001, WeightDecay = 0, BatchSize = 64, Epochs = 15, Schedule = new LrScheduleSpec { Type = ScheduleType.Step, StepEpochs = 5, Gamma = 0.1 } } };
        Assert.Equal("ADAM, lr 0.001, weight decay 0, batch 64, 15 epochs, lr x0.1 every 5 epochs", TrainingSummary.Recipe(step));
        var cosine = new TrainSpec { Train = new TrainConfig { Nesterov = true, Schedule = new LrScheduleSpec { MinFraction = 0.05, WarmupEpochs = 2 } } };
        Assert.Equal("SGD, lr 0.01, momentum 0.9 (Nesterov), weight decay 0.0005, batch 64, 15 epochs, cosine schedule to 0.05 of lr, 2 warm-up epochs", TrainingSummary.Recipe(cosine));
    }

    [Fact]
    public void A_broken_or_missing_record_is_one_error_naming_the_file()
    {
        using var dir = new TempDir();
        Assert.Contains("nothing-here: folder not found", Assert.Throws<KitException>(() => TrainingSummary.Summarize(dir.File("nothing-here"))).Message);
        Assert.Equal("No dense training run (RUN/metrics.json) is in the results folder.\n", TrainingSummary.ToMarkdown(TrainingSummary.Summarize(dir.Path)));

        var run = WriteRun(dir.Path, "r-seed1", "mnist", 1);
        var metrics = Path.Combine(run, "metrics.json");
        File.AppendAllText(metrics, " ");
        Assert.Contains($"{metrics}: corrupt or modified", Assert.Throws<KitException>(() => TrainingSummary.Summarize(dir.Path)).Message);

        File.Delete(metrics + ".sha256");
        File.WriteAllText(metrics, "{ \"spec\": ");
        Assert.Contains($"{metrics}: not valid JSON", Assert.Throws<KitException>(() => TrainingSummary.Summarize(dir.Path)).Message);

        var node = Json.ToNode(new TrainMetrics { Machine = new MachineInfo("h", "os", "X64", 2, "cpu", "rt", 1), Epochs = [Epoch(1)], BestEpoch = 1 }).AsObject();
        node.Remove("test_accuracy");
        File.WriteAllText(metrics, node.ToJsonString());
        Assert.Equal($"{metrics}: no test_accuracy", Assert.Throws<KitException>(() => TrainingSummary.Summarize(dir.Path)).Message);

        node["test_accuracy"] = "high";
        File.WriteAllText(metrics, node.ToJsonString());
        Assert.Equal($"{metrics}: test_accuracy is not a Double", Assert.Throws<KitException>(() => TrainingSummary.Summarize(dir.Path)).Message);
    }

    /// <summary>The block itself is checked by `kit docs check` (DocsCheckTests); this checks what it rests on.</summary>
    [Fact]
    public void The_committed_dense_runs_name_their_compression_runs_and_command()
    {
        var root = Kit.Tests.Experiments.SpecTests.RepoRoot();
        var rows = TrainingSummary.Summarize(Path.Combine(root, "results"));
        Assert.Contains(rows, r => r.Run == "lenet5-mnist-dense-seed1" && r.CompressionRuns > 0 && r.Command is not null);
        Assert.Contains(rows, r => r.Run == "lenet5-fashion-mnist-dense-seed1" && r.CompressionRuns > 0 && r.Command is not null);
    }
}
