using Kit.IO;
using Kit.Training;

namespace Kit.Tests.Resilience;

/// <summary>
/// kill -9 a real `kit` process at chosen points, resume it, and compare with a run that was never interrupted:
/// same seed, one thread, so the final metrics and weights must be bit-identical.
/// </summary>
public class ResumeKillTests
{
    [Fact]
    public void Compress_killed_in_every_phase_resumes_to_the_uninterrupted_result_bit_for_bit()
    {
        using var d = new TempDir();
        var spec = TinyRuns.Write(d.File("tiny.json"), TinyRuns.Compress);
        string reference = d.File("reference"), resumed = d.File("resumed");
        var (code, _, err) = KitProcess.Run("compress", "--spec", spec, "--out", reference);
        Assert.True(code == 0, err);

        // Dense right after its first checkpoint; ADMM mid-epoch; masked retraining with the epoch's files written but
        // not committed; quantization retraining mid-epoch. Each kill continues the lineage of the previous one.
        var kills = new (string fault, int journaled)[] { ("after-commit:0", 1), ("mid-epoch:3", 3), ("before-commit:5", 5), ("mid-epoch:7", 7) };
        foreach (var (fault, journaled) in kills)
        {
            string[] args = Directory.Exists(Path.Combine(resumed, RunJournal.FolderName))
                ? ["compress", "--resume", resumed]
                : ["compress", "--spec", spec, "--out", resumed];
            KitProcess.KillAt(fault, d.Path, args);
            Assert.Equal(journaled, RunJournal.Read(resumed).Units.Count);
            Assert.False(File.Exists(Path.Combine(resumed, "result.json")));
        }
        (code, var stdout, err) = KitProcess.Run("compress", "--resume", resumed);
        Assert.True(code == 0, err);
        Assert.Contains("resuming", stdout);

        Assert.Equal(TinyRuns.WithoutTimes(TinyRuns.ReadJson(Path.Combine(reference, "result.json"))).ToJsonString(),
            TinyRuns.WithoutTimes(TinyRuns.ReadJson(Path.Combine(resumed, "result.json"))).ToJsonString());
        Assert.Equal(TinyRuns.WithoutTimes(TinyRuns.ReadJson(Path.Combine(reference, "admm_log.json"))).ToJsonString(),
            TinyRuns.WithoutTimes(TinyRuns.ReadJson(Path.Combine(resumed, "admm_log.json"))).ToJsonString());
        Assert.Equal("cpu", (string?)TinyRuns.ReadJson(Path.Combine(resumed, "result.json"))["device"]);
        foreach (var f in new[] { "model.pt", "dense.pt" })
            Assert.Equal(AtomicFile.Sha256(Path.Combine(reference, f)), AtomicFile.Sha256(Path.Combine(resumed, f)));

        // Complete: per-epoch states are gone, the result verifies, and a further --resume has nothing to do.
        var journal = RunJournal.Read(resumed);
        Assert.True(journal.Complete);
        Assert.Equal(8, journal.Units.Count);
        Assert.Empty(Directory.GetFiles(Path.Combine(resumed, RunJournal.FolderName), "unit-*"));
        Assert.True(AtomicFile.VerifyChecksum(Path.Combine(resumed, "result.json")));
        (code, stdout, _) = KitProcess.Run("compress", "--resume", resumed);
        Assert.Equal(0, code);
        Assert.Contains("already complete", stdout);

        // A result edited after the fact is reported, not trusted.
        var result = Path.Combine(resumed, "result.json");
        File.WriteAllText(result, File.ReadAllText(result).Replace("\"accuracy\": ", "\"accuracy\": 1"));
        (code, _, err) = KitProcess.Run("compress", "--resume", resumed);
        Assert.Equal(1, code);
        Assert.StartsWith($"error: {result}: corrupt or modified", err);
    }

    [Fact]
    public void A_budget_search_killed_between_and_inside_its_candidates_resumes_bit_for_bit()
    {
        using var d = new TempDir();
        var tiny = TinyRuns.Compress;
        // Epoch units: dense 0-1, candidate e0.3 2, candidate e0.8 3, ADMM 4-5, masked retraining 6-7.
        var spec = TinyRuns.Write(d.File("tiny.json"), tiny with
        {
            Quantize = null,
            Prune = tiny.Prune! with { BudgetSearch = new Kit.Experiments.BudgetSearchSpec { Exponents = [0.3, 0.8], Epochs = 1 } },
        });
        var (_, resumed) = KillResumeAndCompare(d, spec, [("after-commit:2", 3), ("mid-epoch:3", 3)]);
        var result = TinyRuns.ReadJson(Path.Combine(resumed, "result.json"));
        Assert.Equal(2, result["stages"]![0]!["budget_search"]!["candidates"]!.AsArray().Count);
    }

    [Fact]
    public void Trained_level_scales_killed_inside_and_between_their_retraining_epochs_resume_bit_for_bit()
    {
        using var d = new TempDir();
        var tiny = TinyRuns.Compress;
        // Epoch units: dense 0-1, prune ADMM 2-3, masked retraining 4-5, quantize ADMM 6, quantize retraining (scales) 7-8.
        var spec = TinyRuns.Write(d.File("tiny.json"), tiny with
        {
            Quantize = tiny.Quantize! with { TrainScales = true, Retrain = tiny.Quantize.Retrain with { Epochs = 2 } },
        });
        KillResumeAndCompare(d, spec, [("after-commit:7", 8), ("mid-epoch:8", 8)]);
    }

    /// <summary>
    /// Runs <paramref name="spec"/> once uninterrupted and once killed at each fault in turn (each kill continuing the
    /// previous one's journal, which then holds the given number of epoch units), resumes it to the end, and checks
    /// that result.json (but for times) and model.pt are the uninterrupted run's.
    /// </summary>
    static (string Reference, string Resumed) KillResumeAndCompare(TempDir d, string spec, (string Fault, int Journaled)[] kills)
    {
        string reference = d.File("reference"), resumed = d.File("resumed");
        var (code, _, err) = KitProcess.Run("compress", "--spec", spec, "--out", reference);
        Assert.True(code == 0, err);
        foreach (var (fault, journaled) in kills)
        {
            string[] args = Directory.Exists(Path.Combine(resumed, RunJournal.FolderName))
                ? ["compress", "--resume", resumed]
                : ["compress", "--spec", spec, "--out", resumed];
            KitProcess.KillAt(fault, d.Path, args);
            Assert.Equal(journaled, RunJournal.Read(resumed).Units.Count);
        }
        (code, _, err) = KitProcess.Run("compress", "--resume", resumed);
        Assert.True(code == 0, err);
        Assert.Equal(TinyRuns.WithoutTimes(TinyRuns.ReadJson(Path.Combine(reference, "result.json"))).ToJsonString(),
            TinyRuns.WithoutTimes(TinyRuns.ReadJson(Path.Combine(resumed, "result.json"))).ToJsonString());
        Assert.Equal(AtomicFile.Sha256(Path.Combine(reference, "model.pt")), AtomicFile.Sha256(Path.Combine(resumed, "model.pt")));
        return (reference, resumed);
    }

    [Fact]
    public void Train_killed_mid_epoch_resumes_to_the_uninterrupted_result_bit_for_bit()
    {
        using var d = new TempDir();
        string reference = d.File("reference"), resumed = d.File("resumed");
        string[] Args(string dir) => ["train", "--epochs", "3", "--train-limit", "256", "--validation", "500", "--batch-size", "32",
            "--seed", "5", "--threads", "1", "--schedule", "step", "--optimizer", "adam", "--out", dir];
        var (code, _, err) = KitProcess.Run(Args(reference));
        Assert.True(code == 0, err);
        KitProcess.KillAt("mid-epoch:1", d.Path, Args(resumed));
        Assert.Single(RunJournal.Read(resumed).Units);
        (code, _, err) = KitProcess.Run("train", "--resume", resumed);
        Assert.True(code == 0, err);
        Assert.Equal(TinyRuns.WithoutTimes(TinyRuns.ReadJson(Path.Combine(reference, "metrics.json"))).ToJsonString(),
            TinyRuns.WithoutTimes(TinyRuns.ReadJson(Path.Combine(resumed, "metrics.json"))).ToJsonString());
        Assert.Equal(AtomicFile.Sha256(Path.Combine(reference, "model.pt")), AtomicFile.Sha256(Path.Combine(resumed, "model.pt")));
    }
}
