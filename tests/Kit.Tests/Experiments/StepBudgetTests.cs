using Kit.Data;
using Kit.Experiments;
using Kit.IO;
using Kit.Models;
using Kit.Pruning;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Tests.Experiments;

/// <summary>A prune step that chooses its per-layer budget on validation (prune.budget_search) while the chain runs.</summary>
[Collection("torch")]
public class StepBudgetTests
{
    static CompressionSpec Searched(string name, params double[] exponents)
    {
        var spec = TinySpecs.Named(name);
        return spec with { Prune = spec.Prune! with { BudgetSearch = new BudgetSearchSpec { Exponents = [.. exponents], Epochs = 1 } } };
    }

    static List<KeepAllocation.Layer> Geometry()
    {
        using var model = ModelRegistry.Create("lenet5", DatasetRegistry.Info("mnist"), 0);
        return KeepAllocation.Layers(model.PrunableLayers);
    }

    [Fact]
    public void Every_step_keeps_the_best_validation_candidate_and_prunes_with_its_allocation()
    {
        var dir = Directory.CreateTempSubdirectory("kit-stepbudget-");
        try
        {
            TorchRuntime.Start(1);
            var spec = Searched("lenet5-mnist-irregular-348x-float", 0.2, 1.0);
            var r = CompressionPipeline.Run(spec, dir.FullName, new CompressionOptions { Quick = true });
            var prunes = r.Stages.Where(s => s.Phase.StartsWith("prune")).ToList();
            Assert.Equal(spec.Prune!.Steps.Count, prunes.Count);
            var geometry = Geometry();
            foreach (var s in prunes)
            {
                var choice = Assert.IsType<BudgetChoice>(s.BudgetSearch);
                Assert.Equal([0.2, 1.0], choice.Candidates.Select(c => c.Exponent));
                double best = choice.Candidates.Max(c => c.ValidationAccuracy);
                var winner = choice.Candidates.Where(c => c.ValidationAccuracy == best).MinBy(c => Math.Abs(c.Exponent - 0.5))!;
                Assert.Equal(winner.Exponent, choice.Exponent);
                Assert.All(choice.Candidates, c => Assert.InRange(c.Rate, s.TargetRate!.Value * 0.97, s.TargetRate!.Value * 1.03));
            }
            // The first step starts dense, so its allocation is the rule's at the chosen exponent, uncapped.
            var first = KeepAllocation.Resolve(spec.Prune.Scheme, geometry, prunes[0].TargetRate, prunes[0].BudgetSearch!.Exponent, null);
            foreach (var b in prunes[0].Budget!) Assert.Equal((long)first[b.Layer].Keep!.Value, b.Kept);
            Assert.InRange(r.OverallRate, 340, 356);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void A_layer_is_capped_by_its_earlier_support_and_the_step_still_reaches_its_rate()
    {
        var dir = Directory.CreateTempSubdirectory("kit-stepbudget-");
        try
        {
            TorchRuntime.Start(1);
            // conv1 keeps 10 of 500 weights from an earlier step; exponent 0.1 would give it far more at 50x.
            var keep = new Dictionary<string, double> { ["conv1"] = 0.02, ["conv2"] = 0.3, ["fc1"] = 0.1, ["fc2"] = 0.5 };
            string ckpt = Path.Combine(dir.FullName, "start.pt");
            var support = new Dictionary<string, bool[]>();
            using (var model = ModelRegistry.Create("lenet5", DatasetRegistry.Info("mnist"), seed: 5))
            {
                var rng = new Random(4);
                using (no_grad())
                    foreach (var l in model.PrunableLayers)
                    {
                        var w = TensorValues.ToArray(l.Weight);
                        var order = Enumerable.Range(0, w.Length).OrderBy(_ => rng.Next()).ToArray();
                        int n = (int)Math.Round(keep[l.Name] * w.Length);
                        var inside = new bool[w.Length];
                        foreach (var i in order.Take(n)) inside[i] = true;
                        for (int i = 0; i < w.Length; i++) if (!inside[i]) w[i] = 0;
                        using var t = tensor(w).reshape(l.Weight.shape);
                        l.Weight.copy_(t);
                        support[l.Name] = inside;
                    }
                Checkpoint.Save(model, ckpt, new CheckpointInfo { Dataset = "mnist", Seed = 5 });
            }
            var uncapped = KeepAllocation.Resolve(PruningSchemes.Irregular, Geometry(), 50, 0.1, null);
            Assert.True(uncapped["conv1"].Keep > 10, "the case needs a cap that binds");

            var spec = Searched("lenet5-mnist-irregular-50x-float", 0.1);
            var outDir = Path.Combine(dir.FullName, "out");
            var r = CompressionPipeline.Run(spec, outDir, new CompressionOptions { Quick = true, DenseCheckpoint = ckpt });
            var step = r.Stages.Single(s => s.Phase.StartsWith("prune"));
            Assert.Equal(0.1, step.BudgetSearch!.Exponent);
            Assert.Equal(10, step.Budget!.Single(b => b.Layer == "conv1").Kept);
            Assert.InRange(r.OverallRate, 49, 51);
            var (net, _) = Checkpoint.Load(Path.Combine(outDir, "model.pt"));
            using (net)
                foreach (var l in net.PrunableLayers)
                {
                    var w = TensorValues.ToArray(l.Weight);
                    Assert.DoesNotContain(Enumerable.Range(0, w.Length), i => w[i] != 0 && !support[l.Name][i]);
                }
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void A_step_with_its_own_fractions_is_not_searched_and_costs_no_search_epochs()
    {
        var spec = Searched("lenet5-mnist-irregular-100x-float", 0.2, 0.5);
        var p = spec.Prune! with
        {
            Steps = [new PruneStepSpec { Rate = 25 }, new PruneStepSpec { Layers = BudgetSearch.Resolve(spec, 100, 0.3) }],
        };
        Assert.True(StepBudget.Searched(p, 0));
        Assert.False(StepBudget.Searched(p, 1));
        var plain = p with { BudgetSearch = null };
        Assert.Equal(PlannedEpochs.PruneStep(plain, 0) + 2, PlannedEpochs.PruneStep(p, 0));
        Assert.Equal(PlannedEpochs.PruneStep(plain, 1), PlannedEpochs.PruneStep(p, 1));
        // The candidates' retraining phases belong to the step's stage (a shared stage replays them too).
        var stages = StageKeys.Of(spec with { Prune = p }, 1, "cpu");
        Assert.Contains("prune 1/2 budget e0.2", stages[1].Phases);
        Assert.DoesNotContain(stages[2].Phases, x => x.Contains("budget"));
    }

    [Fact]
    public void Without_a_search_the_spec_serializes_as_before()
    {
        var spec = TinySpecs.Named("lenet5-mnist-irregular-100x-float");
        Assert.DoesNotContain("budget_search", Json.Serialize(spec));
        var searched = Searched("lenet5-mnist-irregular-100x-float", 0.3);
        Assert.Contains("\"budget_search\"", Json.Serialize(searched));
        Assert.NotEqual(SpecIdentity.Hash(spec), SpecIdentity.Hash(searched));
        var back = Json.Parse<CompressionSpec>(Json.Serialize(searched), "spec");
        Assert.Equal([0.3], back.Prune!.BudgetSearch!.Exponents);
        Assert.Contains(SpecSummary.Of(searched), r => r.Field == "budget search" && r.Value.Contains("among 0.3 (1 masked retraining epoch(s)"));
        Assert.DoesNotContain(SpecSummary.Of(spec), r => r.Field == "budget search");
    }

    [Theory]
    [InlineData("{\"exponents\": []}", "prune.budget_search.exponents must list")]
    [InlineData("{\"exponents\": [0.2, 1.5]}", "prune.budget_search.exponents[1] must be in (0, 1]")]
    [InlineData("{\"exponents\": [0.2, 0.2]}", "prune.budget_search.exponents lists an exponent twice")]
    [InlineData("{\"exponents\": [0.2], \"epochs\": 0}", "prune.budget_search.epochs must be >= 1")]
    public void A_bad_search_is_named(string search, string message)
    {
        var spec = TinySpecs.Named("lenet5-mnist-irregular-100x-float");
        var node = System.Text.Json.Nodes.JsonNode.Parse(Json.Serialize(spec))!;
        node["prune"]!["budget_search"] = System.Text.Json.Nodes.JsonNode.Parse(search);
        var bad = Json.Parse<CompressionSpec>(node.ToJsonString(), "spec");
        var e = Assert.Throws<KitException>(bad.Validate);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_search_over_an_N_M_scheme_is_refused_by_name()
    {
        var spec = TinySpecs.Named("lenet5-mnist-irregular-100x-float");
        var node = System.Text.Json.Nodes.JsonNode.Parse(Json.Serialize(spec))!;
        node["prune"]!["scheme"] = "2:4";
        var plain = Json.Parse<CompressionSpec>(node.ToJsonString(), "spec");
        plain.Validate();
        node["prune"]!["budget_search"] = System.Text.Json.Nodes.JsonNode.Parse("{\"exponents\": [0.2, 0.5]}");
        var bad = Json.Parse<CompressionSpec>(node.ToJsonString(), "spec");
        var e = Assert.Throws<KitException>(bad.Validate);
        Assert.Contains("prune.budget_search: scheme 2:4 keeps the same pattern", e.Message);
    }
}
