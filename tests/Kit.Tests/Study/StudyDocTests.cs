using System.Globalization;
using System.Text.RegularExpressions;
using Kit.IO;
using Kit.Study;

namespace Kit.Tests.Study;

/// <summary>docs/study.md quotes the shipped study's plan; the quote must be what the plan computes.</summary>
public class StudyDocTests
{
    [Fact]
    public void The_quoted_plan_totals_are_the_plans()
    {
        var root = Kit.Tests.Experiments.SpecTests.RepoRoot();
        var plan = StudyPlan.Of(Json.ReadFile<StudySpec>(Path.Combine(root, "specs", "study", "lenet5-study.json"), strict: true));
        var doc = File.ReadAllText(Path.Combine(root, "docs", "study.md"));
        var block = Regex.Match(doc, "<!-- study plan: begin -->(.*)<!-- study plan: end -->", RegexOptions.Singleline).Groups[1].Value;
        int Quoted(string label) => int.Parse(Regex.Match(block, $@"- {label}: ([\d,]+)").Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.Equal(plan.Nodes.Count, Quoted("runs"));
        Assert.Equal(plan.SharedEpochs, Quoted("epochs with shared prefixes"));
        Assert.Equal(plan.UnsharedEpochs, Quoted("epochs with every reported model run on its own from scratch"));
    }
}
