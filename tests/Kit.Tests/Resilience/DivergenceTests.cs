using Kit.Training;

namespace Kit.Tests.Resilience;

/// <summary>A run whose ADMM learning rate explodes: the message names phase, epoch and layer, and the last good checkpoint stays.</summary>
public sealed class DivergedRun : IDisposable
{
    public TempDir Root { get; } = new();
    public string Spec { get; }
    public string Dir { get; }
    public (int code, string stdout, string stderr) First { get; }

    public DivergedRun()
    {
        var spec = TinyRuns.Compress with { Name = "diverge" };
        spec = spec with { Prune = spec.Prune! with { Admm = spec.Prune.Admm with { Train = spec.Prune.Admm.Train with { Lr = 1e12 } } } };
        Spec = TinyRuns.Write(Root.File("diverge.json"), spec);
        Dir = Root.File("run");
        First = CliRun.Run("compress", "--spec", Spec, "--out", Dir);
    }

    /// <summary>A private copy of the unfinished run folder, for tests that damage it.</summary>
    public string CopyTo(string target)
    {
        foreach (var f in Directory.GetFiles(Dir, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(target, Path.GetRelativePath(Dir, f));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(f, dest);
        }
        return target;
    }

    public void Dispose() => Root.Dispose();
}

public class DivergenceTests(DivergedRun run) : IClassFixture<DivergedRun>
{
    [Fact]
    public void Diverging_run_names_phase_epoch_and_layer_and_keeps_the_last_good_checkpoint()
    {
        var (code, _, stderr) = run.First;
        Assert.Equal(1, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: phase 'prune admm', epoch 1, batch ", line);
        Assert.Contains("loss became NaN", line);
        Assert.Matches("layer (conv1|conv2|fc1|fc2) has the largest weights", line);
        // The two dense epochs are committed and verify; nothing of the failed phase is.
        var journal = RunJournal.Read(run.Dir);
        Assert.False(journal.Complete);
        Assert.Equal(["dense", "dense"], journal.Units.Select(u => u.Phase));
        Assert.False(File.Exists(Path.Combine(run.Dir, "result.json")));

        // Resuming replays the good epochs and stops at the same place, with the same message, checkpoint unchanged.
        using var d = new TempDir();
        var copy = run.CopyTo(d.File("copy"));
        var before = CliRun.Snapshot(copy);
        var again = CliRun.Run("compress", "--resume", copy);
        Assert.Equal(1, again.code);
        Assert.Equal(line, again.stderr.Trim());
        Assert.Equal(before.Where(kv => kv.Key.StartsWith(RunJournal.FolderName)), CliRun.Snapshot(copy).Where(kv => kv.Key.StartsWith(RunJournal.FolderName)));
    }

    [Fact]
    public void Weights_that_stop_being_finite_are_named_by_parameter()
    {
        using var model = Kit.Models.ModelRegistry.Create("lenet5", TorchFixture.Info, 1);
        Assert.Null(Trainer.FirstNonFinite(model));
        using (TorchSharp.torch.no_grad()) model.PrunableLayers[2].Weight[0, 0] = float.PositiveInfinity;
        Assert.Equal("fc1.weight", Trainer.FirstNonFinite(model));
    }
}
