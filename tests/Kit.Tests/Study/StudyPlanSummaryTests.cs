using Kit.Study;

namespace Kit.Tests.Study;

/// <summary>The plan block the docs quote: totals from the spec, what is left from the published runs (hand-counted on the tiny study).</summary>
[Collection("torch")]
public class StudyPlanSummaryTests
{
    [Fact]
    public void The_block_counts_the_plan_and_what_is_still_to_run()
    {
        using var dir = new TempDir();
        var plan = StudyPlan.Of(StudyPlanTests.Tiny());
        var o = FakeStudyRuns.Options(dir) with { Quick = false };
        string Block() => StudyPlanSummary.ToMarkdown(plan, "specs/tiny.json", o.ResultsDir, "results/tiny", epochSeconds: 900);

        // 4 runs of 2 epochs each; from scratch the chain repeats its prefixes: 4 + 6 + 8 = 18 epochs.
        Assert.Contains("- runs: 4 (0 published, 4 to run)\n", Block());
        Assert.Contains("- epochs with shared prefixes: 8 (8 still to run: ~2.0 CPU-hours at 900 s per 60,000-image epoch on one thread)\n", Block());
        Assert.Contains("- epochs with every reported model run on its own from scratch: 18 (2.2x the shared plan)\n", Block());

        FakeStudyRuns.Publish(plan.Nodes[0], o);
        FakeStudyRuns.Publish(plan.Nodes[1], o);
        string block = Block();
        Assert.Contains("- runs: 4 (2 published, 2 to run)\n", block);
        Assert.Contains("- epochs with shared prefixes: 8 (4 still to run: ~1.0 CPU-hours", block);
        Assert.Contains("against `results/tiny`", block);
    }
}
