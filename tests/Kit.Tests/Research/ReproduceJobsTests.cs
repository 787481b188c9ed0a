namespace Kit.Tests.Reproduction;

/// <summary>`kit reproduce --jobs 2`: the workers compute every run the questions ask for, so the questions' own pass computes nothing.</summary>
public class ReproduceJobsTests
{
    [Fact]
    public void Workers_fill_the_cache_with_every_run_the_questions_need()
    {
        using var d = new TempDir();
        var (code, stdout, stderr) = Kit.Tests.Resilience.KitProcess.Run("reproduce", "--tiny", "--rq", "2", "--jobs", "2", "--no-notebooks",
            "--cache", d.File("cache"), "--out", d.File("out"));
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("4 runs for the cache on 2 worker processes, 1 thread(s) each; 0 cached already", stdout);
        Assert.Contains("workers: 4/4 entries done", stdout);
        Assert.Contains("[w0] [0] ", stdout);
        Assert.Contains("[w1] [1] ", stdout);
        Assert.Contains("experiments: 0 computed, the rest from the cache", stdout);
        Assert.True(File.Exists(d.File(Path.Combine("out", "rq2", "findings.md"))));
    }
}
