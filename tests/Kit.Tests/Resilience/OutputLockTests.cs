using System.Diagnostics;
using Kit.Training;

namespace Kit.Tests.Resilience;

/// <summary>Two processes writing one output folder: the second is refused while the first runs; the first's checkpoint stays intact.</summary>
public class OutputLockTests
{
    [Fact]
    public void Second_process_on_a_busy_output_folder_is_refused_and_writes_nothing()
    {
        using var d = new TempDir();
        var spec = TinyRuns.Write(d.File("tiny.json"), TinyRuns.Compress);
        var dir = d.File("out");
        var marker = d.File("reached");
        // The first process holds the folder, paused right after its first checkpoint.
        using var first = KitProcess.Start(["compress", "--spec", spec, "--out", dir],
            new Dictionary<string, string> { ["KIT_FAULT"] = "after-commit:0", ["KIT_FAULT_FILE"] = marker });
        try
        {
            KitProcess.WaitForMarker(first, marker, "after-commit:0");
            var before = CliRun.Snapshot(dir);
            foreach (var args in new[] { new[] { "compress", "--spec", spec, "--out", dir }, new[] { "compress", "--resume", dir } })
            {
                var (code, _, stderr) = KitProcess.Run(args);
                Assert.Equal(1, code);
                Assert.StartsWith($"error: {dir}: in use by another kit process", stderr);
            }
            Assert.Equal(before, CliRun.Snapshot(dir));
        }
        finally
        {
            first.Kill(true);
            first.WaitForExit();
        }
        // Its death released the lock: the run continues.
        Assert.Single(RunJournal.Read(dir).Units);
        var done = KitProcess.Run("compress", "--resume", dir);
        Assert.True(done.code == 0, done.stderr);
    }
}
