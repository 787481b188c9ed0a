using System.Text.Json.Nodes;
using Kit.IO;
using Kit.Study;

namespace Kit.Tests.Study;

/// <summary>`kit study methods`: ADMM against the magnitude chain per rate, means and spreads checked by hand.</summary>
[Collection("torch")]
public class MethodTableTests
{
    static StudySpec TwoMethods() => StudyPlanTests.Tiny() with
    {
        Datasets = [new() { Dataset = "mnist", Seeds = [1, 2] }],
        Chains = [StudyPlanTests.Tiny().Chains[0], StudyPlanTests.Tiny().Chains[0] with { Name = "mag", Method = Kit.Experiments.PruneMethod.Magnitude, QuantizeAt = null }],
    };

    /// <summary>Publishes the node, then gives its record this accuracy and its step's rate as target.</summary>
    static void Publish(StudyNode n, StudyRunOptions o, double accuracy)
    {
        FakeStudyRuns.Publish(n, o, seed: (int)n.Seed);
        string file = Path.Combine(o.ResultsDir, n.Folder, "result.json");
        var json = JsonNode.Parse(File.ReadAllText(file))!;
        json["accuracy"] = accuracy;
        json["target_rate"] = n.Rate;
        AtomicFile.WriteWithChecksum(file, json.ToJsonString());
    }

    [Fact]
    public void Each_rate_compares_the_means_and_flags_a_gap_beyond_the_summed_sd()
    {
        using var dir = new TempDir();
        var o = FakeStudyRuns.Options(dir);
        var nodes = StudyPlan.Of(TwoMethods()).Nodes;
        StudyNode Node(string chain, double rate, long seed) => nodes.Single(n => n.Chain == chain && n.Rate == rate && n.Seed == seed && n.Kind == StudyNodeKind.Prune);
        // 2x: ADMM 99.0/98.8 (mean 98.9, sd 0.141), magnitude 98.5/98.4 (98.45, sd 0.071): 0.45 > 0.212, beyond the spread.
        Publish(Node("irr", 2, 1), o, 99.0); Publish(Node("irr", 2, 2), o, 98.8);
        Publish(Node("mag", 2, 1), o, 98.5); Publish(Node("mag", 2, 2), o, 98.4);
        // 4x: ADMM 98.0/98.6 (98.3, sd 0.424), magnitude 98.4/98.4 (98.4, sd 0): -0.10 inside the spread.
        Publish(Node("irr", 4, 1), o, 98.0); Publish(Node("irr", 4, 2), o, 98.6);
        Publish(Node("mag", 4, 1), o, 98.4); Publish(Node("mag", 4, 2), o, 98.4);
        // A quantized run is not a float run: left out.
        FakeStudyRuns.Publish(nodes.First(n => n.Kind == StudyNodeKind.Quantize), o, bits: 4);

        var pairs = MethodTable.Pairs(o.ResultsDir, "tiny");
        Assert.Equal([2.0, 4.0], pairs.Select(p => p.Rate));
        Assert.Equal(0.45, pairs[0].Difference, 6);
        Assert.True(pairs[0].BeyondSpread);
        Assert.Equal(-0.10, pairs[1].Difference, 6);
        Assert.False(pairs[1].BeyondSpread);

        var md = MethodTable.ToMarkdown(o.ResultsDir, study: "tiny");
        Assert.Contains("ADMM ends higher at 1 of 2 (dataset, scheme, rate) rows, lower at 1, equal at 0.", md);
        Assert.Contains("Of the 2 rows with two or more seeds on both sides, the difference exceeds the two sides' summed sd at 1 (ADMM higher at 1 of them).", md);
        Assert.Contains("| mnist | irregular | 2x | 98.90 ± 0.14 | 2 | 98.45 ± 0.07 | 2 | +0.45 | yes |", md);
        Assert.Contains("| mnist | irregular | 4x | 98.30 ± 0.42 | 2 | 98.40 ± 0.00 | 2 | -0.10 | no |", md);
    }

    [Fact]
    public void One_seed_has_no_spread_and_a_method_alone_has_no_row()
    {
        using var dir = new TempDir();
        var o = FakeStudyRuns.Options(dir);
        var nodes = StudyPlan.Of(TwoMethods()).Nodes;
        var irr2 = nodes.Single(n => n.Chain == "irr" && n.Rate == 2 && n.Seed == 1 && n.Kind == StudyNodeKind.Prune);
        Publish(irr2, o, 99.0);
        Assert.StartsWith("No rate of the study has both", MethodTable.ToMarkdown(o.ResultsDir, study: "tiny"));
        Publish(nodes.Single(n => n.Chain == "mag" && n.Rate == 2 && n.Seed == 1), o, 98.0);
        var md = MethodTable.ToMarkdown(o.ResultsDir, study: "tiny");
        Assert.Contains("| mnist | irregular | 2x | 99.00 | 1 | 98.00 | 1 | +1.00 | 1 seed |", md);
        Assert.Contains("No row has two or more seeds on both sides yet", md);
    }
}
