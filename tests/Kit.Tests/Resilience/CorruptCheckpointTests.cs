using Kit.Training;

namespace Kit.Tests.Resilience;

/// <summary>
/// A damaged checkpoint is reported with one line naming the file, never loaded, and nothing in the folder is
/// rewritten. The unfinished run comes from <see cref="DivergedRun"/> (two committed dense epochs).
/// </summary>
public class CorruptCheckpointTests(DivergedRun run) : IClassFixture<DivergedRun>
{
    public static TheoryData<string, string, string> Damages => new()
    {
        { "truncate", "unit-00000.weights.pt", "corrupt or truncated checkpoint" },
        { "flip", "unit-00001.weights.pt", "corrupt or truncated checkpoint" },
        { "append", "unit-00001.optim.pt", "corrupt or truncated checkpoint" },
        { "delete", "unit-00001.optim.pt", "checkpoint file missing" },
        { "flip", "journal.json", "corrupt or truncated checkpoint journal" },
        { "truncate", "journal.json", "corrupt or truncated checkpoint journal" },
        { "empty", "journal.json", "corrupt checkpoint journal" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void Damaged_checkpoint_file_is_named_and_never_loaded_or_overwritten(string damage, string file, string message)
    {
        using var d = new TempDir();
        var dir = run.CopyTo(d.File("run"));
        var path = Path.Combine(dir, RunJournal.FolderName, file);
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "truncate": File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]); break;
            // A digit in the middle changes value, not syntax: only the hash can tell.
            case "flip": int i = Array.FindIndex(bytes, bytes.Length / 2, b => b is >= (byte)'1' and <= (byte)'8'); bytes[i]++; File.WriteAllBytes(path, bytes); break;
            case "append": File.WriteAllBytes(path, [.. bytes, 0]); break;
            case "delete": File.Delete(path); break;
            case "empty": File.WriteAllBytes(path, []); break;
        }
        var before = CliRun.Snapshot(dir);
        var (code, _, stderr) = CliRun.Run("compress", "--resume", dir);
        Assert.Equal(1, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {path}: {message}", line);
        Assert.Equal(before, CliRun.Snapshot(dir));
    }

    [Fact]
    public void A_fresh_run_into_a_folder_with_an_unfinished_run_is_refused()
    {
        using var d = new TempDir();
        var dir = run.CopyTo(d.File("run"));
        var before = CliRun.Snapshot(dir);
        var (code, _, stderr) = CliRun.Run("compress", "--spec", run.Spec, "--out", dir);
        Assert.Equal(1, code);
        Assert.StartsWith($"error: {dir}: holds an unfinished run (2 epochs done); continue it with --resume", stderr);
        var other = TinyRuns.Write(d.File("other.json"), TinyRuns.Compress with { Seed = 9 });
        (code, _, stderr) = CliRun.Run("compress", "--spec", other, "--out", dir);
        Assert.Equal(1, code);
        Assert.Contains("holds an unfinished compress run of another spec", stderr);
        Assert.Equal(before, CliRun.Snapshot(dir));
    }
}
