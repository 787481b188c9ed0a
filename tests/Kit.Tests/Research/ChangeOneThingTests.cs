using System.Text.Json.Nodes;
using Kit.Research.ChangeOneThing;

namespace Kit.Tests.Research;

/// <summary>The notebooks' "change one thing" cells: each change on the committed models, checked against another path to the same number.</summary>
[Collection("torch")]
public class ChangeOneThingTests
{
    static string Root => Kit.Tests.Experiments.SpecTests.RepoRoot();
    static string Study(string run) => Path.Combine(Root, "results", "study", run);

    [Theory]
    [InlineData(Expectation.Falls, 2, 1, true)]
    [InlineData(Expectation.Falls, 2, 2, false)]
    [InlineData(Expectation.FallsOrStays, 2, 2, true)]
    [InlineData(Expectation.FallsOrStays, 2, 3, false)]
    [InlineData(Expectation.Rises, 2, 3, true)]
    [InlineData(Expectation.RisesOrStays, 2, 1, false)]
    [InlineData(Expectation.Stays, 2, 2, true)]
    [InlineData(Expectation.Stays, 2, 2.5, false)]
    public void An_effect_is_as_expected_only_when_it_moved_the_stated_way(Expectation expected, double before, double after, bool ok)
    {
        var e = new Effect("x", before, after, expected);
        Assert.Equal(ok, e.AsExpected);
        var change = new OneChange("knob", "a", "b", [e], "made up");
        Assert.Contains(ok ? "went the way stated before the run" : "went against the stated expectation", change.Summary);
    }

    [Fact]
    public void The_expectation_follows_the_direction_of_the_edit()
    {
        Assert.Equal(Expectation.Falls, Effect.Follows(8, 2, Expectation.Rises, Expectation.Falls));
        Assert.Equal(Expectation.Rises, Effect.Follows(8, 16, Expectation.Rises, Expectation.Falls));
        Assert.Equal(Expectation.Stays, Effect.Follows(8, 8, Expectation.Rises, Expectation.Falls));
    }

    [Fact]
    public void A_model_tested_on_another_dataset_loses_accuracy_and_on_its_own_matches_kit_eval()
    {
        var other = ChangeDataset.Run(Root, "fashion-mnist", images: 300);
        var own = ChangeDataset.Run(Root, "mnist", images: 300);
        // Oracle: `kit eval --limit 300` on the same model file.
        double eval = Kit.Training.ModelEvaluation.Run(Path.Combine(Study(ChangeDataset.DefaultRun), "model.kitm"), 300).Accuracy;
        Assert.Equal(eval, own.Effects[0].Before, 9);
        Assert.Equal(eval, own.Effects[0].After, 9);
        Assert.Equal(Expectation.Stays, own.Effects[0].Expected);
        Assert.True(other.Effects[0].After < other.Effects[0].Before - 50, $"fashion-mnist accuracy {other.Effects[0].After}");
        Assert.True(other.AllAsExpected);
    }

    [Fact]
    public void Recosting_at_the_runs_own_bits_reproduces_its_cost_json_and_fewer_bits_store_less_with_a_lower_p_eq()
    {
        var cost = JsonNode.Parse(File.ReadAllText(Path.Combine(Study(RecostBits.DefaultRun), "cost.json")))!;
        var total = cost["storage"]!["total"]!.AsObject();
        // Oracle by hand: the smallest total_bits over the formats of cost.json (structured counted by structured_bits).
        long cheapest = total.Where(kv => kv.Value is JsonObject o && o["total_bits"] is not null && kv.Key != "structured")
            .Select(kv => kv.Value!["total_bits"]!.GetValue<long>()).Append(total["structured_bits"]!.GetValue<long>()).Min();
        var same = RecostBits.Run(Root, bits: 8);
        Assert.Equal(cheapest, same.Effects[0].Before);
        Assert.Equal(same.Effects[0].Before, same.Effects[0].After);            // the model file and its cost.json agree
        Assert.Equal(same.Effects[1].Before, same.Effects[1].After, 9);
        Assert.True(same.AllAsExpected);
        var two = RecostBits.Run(Root, bits: 2);
        Assert.True(two.Effects[0].After < two.Effects[0].Before);
        Assert.True(two.Effects[1].After < two.Effects[1].Before);
        Assert.True(two.AllAsExpected);
        Assert.Throws<KitException>(() => RecostBits.Run(Root, bits: 0));
    }

    [Fact]
    public void Snapping_a_float_model_to_one_bit_costs_accuracy_and_storage_and_only_float_runs_are_snapped()
    {
        var change = Requantize.Run(Root, bits: 1, images: 300);
        double eval = Kit.Training.ModelEvaluation.Run(Path.Combine(Study(Requantize.DefaultRun), "model.kitm"), 300).Accuracy;
        Assert.Equal(eval, change.Effects[0].Before, 9);
        Assert.True(change.Effects[0].After < change.Effects[0].Before);
        Assert.True(change.Effects[1].After < change.Effects[1].Before);
        Assert.Contains("study-mnist-irregular-admm-100x-1bit-seed1", change.Provenance);   // the study's ADMM-quantized sibling
        var e = Assert.Throws<KitException>(() => Requantize.Run(Root, run: "study-mnist-irregular-admm-100x-4bit-seed1"));
        Assert.Contains("float", e.Message);
    }

    [Fact]
    public void A_uniform_budget_keeps_each_layer_at_the_overall_density()
    {
        var change = BudgetRule.Run(exponent: 1.0, rate: 100);
        // Oracle: e = 1 is a uniform density, so each layer keeps round(N / 100): conv1 500 -> 5, fc1 400,000 -> 4,000.
        Assert.Equal(5, change.Effects[0].After);
        Assert.Equal(4000, change.Effects[1].After);
        Assert.True(change.Effects[0].Before > 5 && change.Effects[1].Before < 4000);
        Assert.True(change.AllAsExpected);
        Assert.All(BudgetRule.Run(exponent: 0.5).Effects, x => Assert.Equal(Expectation.Stays, x.Expected));
        Assert.Equal(6, BudgetRule.Table(exponent: 0.5).Columns.Count);      // before and after columns even when equal
    }

    [Fact]
    public void A_fixed_index_width_counts_fillers_from_the_real_gaps_and_never_beats_the_search()
    {
        var searched = IndexWidth.Run(Root, k: 1, layer: "fc1");
        // Oracle: the fillers at k = 1 counted from fc1's nonzero positions in the model file, floor((g - 1) / 2) per gap.
        var (model, _) = Kit.Export.ModelLoader.Load(Path.Combine(Study(IndexWidth.DefaultRun), "model.kitm"));
        long fillers = 0;
        using (model)
        {
            var w = model.Layer("fc1").Weight.detach().reshape(-1).data<float>().ToArray();
            long prev = -1;
            for (long i = 0; i < w.Length; i++)
                if (w[i] != 0) { fillers += (i - prev - 1) / 2; prev = i; }
        }
        Assert.Equal(fillers, searched.Effects[0].After);
        Assert.True(searched.Effects[1].After >= searched.Effects[1].Before);
        Assert.True(searched.AllAsExpected);
        int k = (int)JsonNode.Parse(File.ReadAllText(Path.Combine(Study(IndexWidth.DefaultRun), "cost.json")))!["storage"]!["layers"]!.AsArray()
            .Single(l => l!["name"]!.GetValue<string>() == "fc1")!["relative"]!["index_bits"]!.GetValue<int>();
        var same = IndexWidth.Run(Root, k: k, layer: "fc1");
        Assert.All(same.Effects, x => Assert.Equal(x.Before, x.After));   // the searched k recomputed: the committed cost.json
    }

    [Fact]
    public void A_larger_fgsm_eps_lowers_robust_accuracy_and_matches_kit_attack()
    {
        var change = FgsmEps.Run(Root, eps: 0.3, baseline: 0.05, images: 200);
        var oracle = Kit.Robustness.AttackReport.Run(Path.Combine(Study(FgsmEps.DefaultRun), "model.kitm"),
            new Kit.Robustness.AttackConfig { Kind = Kit.Robustness.AttackKind.Fgsm }, [0.05, 0.3], limit: 200);
        Assert.Equal(oracle.Points[0].RobustAccuracy, change.Effects[0].Before, 9);
        Assert.Equal(oracle.Points[1].RobustAccuracy, change.Effects[0].After, 9);
        Assert.True(change.AllAsExpected);
        Assert.Equal(Expectation.Rises, FgsmEps.Run(Root, eps: 0.05, baseline: 0.3, images: 50).Effects[0].Expected);
    }

    [Fact]
    public void A_larger_claims_tolerance_keeps_every_pair()
    {
        var change = ClaimTolerance.Run(Root, tolerance: 1.0);
        var strict = Kit.Research.Claims.ClaimsAudit.Audit(Root).Pairs.Select(p => (p.Irregular.Name, p.Structured.Name)).ToHashSet();
        var loose = Kit.Research.Claims.ClaimsAudit.Audit(Root, new(AccuracyTolerance: 1.0)).Pairs.Select(p => (p.Irregular.Name, p.Structured.Name)).ToHashSet();
        Assert.Subset(loose, strict);
        Assert.Equal(strict.Count, change.Effects[0].Before);
        Assert.Equal(loose.Count, change.Effects[0].After);
        Assert.True(change.AllAsExpected);
    }
}
