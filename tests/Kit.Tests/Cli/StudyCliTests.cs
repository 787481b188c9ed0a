namespace Kit.Tests.Cli;

public class StudyCliTests
{
    [Fact]
    public void Plan_of_the_shipped_study_lists_runs_and_sharing()
    {
        var spec = Path.Combine(Kit.Tests.Experiments.SpecTests.RepoRoot(), "specs", "study", "lenet5-study.json");
        using var dir = new TempDir();
        var (code, stdout, _) = CliRun.Run("study", "plan", spec, "--results", dir.File("results"));
        Assert.Equal(0, code);
        Assert.Contains("study-mnist-irregular-admm-348x-3bit-seed1", stdout);
        Assert.Matches(@"epochs with shared prefixes: [\d,]+ .*from scratch: [\d,]+", stdout);
    }

    [Theory]
    [InlineData("3/2")]
    [InlineData("0/2")]
    [InlineData("x")]
    public void Bad_lane_is_one_clear_error(string lane)
    {
        var spec = Path.Combine(Kit.Tests.Experiments.SpecTests.RepoRoot(), "specs", "study", "lenet5-study.json");
        var (code, stdout, stderr) = CliRun.Run("study", "run", spec, "--lane", lane, "--quick");
        Assert.NotEqual(0, code);
        Assert.Contains("--lane", stdout + stderr);
        Assert.DoesNotContain("   at ", stdout + stderr);
    }
}
