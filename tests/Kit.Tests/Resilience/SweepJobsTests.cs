using Kit.Experiments;

namespace Kit.Tests.Resilience;

/// <summary>`kit sweep --jobs 2`: two worker processes fill the same folders one process would, and a rerun skips them.</summary>
public class SweepJobsTests
{
    [Fact]
    public void Two_workers_run_every_entry_once_then_a_rerun_skips_them_all()
    {
        using var d = new TempDir();
        var spec = TinyRuns.Compress with
        {
            Dense = new DenseSpec { Train = TinyRuns.Compress.Dense.Train with { Epochs = 1 } },
            Prune = TinyRuns.Compress.Prune! with { Admm = TinyRuns.Compress.Prune.Admm with { Periods = 1 }, Retrain = TinyRuns.Compress.Prune.Retrain with { Epochs = 1 } },
            Quantize = null,
        };
        TinyRuns.Write(d.File("base.json"), spec);
        File.WriteAllText(d.File("sweep.json"), """{ "name": "j", "grid": { "base": "base.json", "schemes": ["irregular", "filter", "column"] } }""");
        var outDir = d.File("out");

        var (code, stdout, stderr) = KitProcess.Run("sweep", d.File("sweep.json"), "--jobs", "2", "--out", outDir);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("3 entries on 2 worker processes, 1 thread(s) each; 0 done earlier", stdout);
        // Worker 0 has entries 0 and 2, worker 1 entry 1 (parts 0/2 and 1/2 of part 0/1).
        Assert.Contains("[w0] [0] j-irregular: ran;", stdout);
        Assert.Contains("[w1] [1] j-filter: ran;", stdout);
        Assert.Contains("[w0] [2] j-column: ran;", stdout);
        Assert.Contains("part 0/1: 3/3 entries done", stdout);
        Assert.DoesNotContain("@kit-event", stdout);
        foreach (var e in Sweep.Load(d.File("sweep.json")))
            Assert.True(SweepRunner.IsComplete(Path.Combine(outDir, e.Folder)), e.Folder);

        (code, stdout, stderr) = KitProcess.Run("sweep", d.File("sweep.json"), "--jobs", "2", "--out", outDir);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("3 done earlier", stdout);
        Assert.Equal(3, stdout.Split('\n').Count(l => l.Contains(": skipped;")));

        (code, stdout, stderr) = CliRun.Run("merge", outDir, "--sweep", d.File("sweep.json"), "--out", d.File("t.csv"), "--require-complete");
        Assert.True(code == 0, stderr);
        Assert.Contains("3 experiments, 0 duplicated, 0 missing, 0 corrupt", stdout);
    }

    [Fact]
    public void Jobs_must_be_positive()
    {
        using var d = new TempDir();
        TinyRuns.Write(d.File("base.json"), TinyRuns.Compress);
        File.WriteAllText(d.File("sweep.json"), """{ "name": "j", "specs": ["base.json"] }""");
        var (code, _, stderr) = CliRun.Run("sweep", d.File("sweep.json"), "--jobs", "0", "--out", d.File("out"));
        Assert.NotEqual(0, code);
        Assert.Contains("--jobs must be in 1..64", stderr);
        Assert.False(Directory.Exists(d.File("out")));
    }
}
