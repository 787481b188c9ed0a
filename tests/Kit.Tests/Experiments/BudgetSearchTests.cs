using Kit.Data;
using Kit.Experiments;
using Kit.Models;
using Kit.Pruning;
using Kit.Training;

namespace Kit.Tests.Experiments;

[Collection("torch")]
public class BudgetSearchTests
{
    static CompressionSpec Tiny(string name) => TinySpecs.Named(name);

    [Theory]
    [InlineData("lenet5-mnist-irregular-348x-float", 0.3)]
    [InlineData("lenet5-mnist-filter_column-20x-float", 0.8)]
    public void Written_fractions_give_back_the_rule_s_counts(string name, double exponent)
    {
        var spec = Tiny(name);
        var fractions = BudgetSearch.Resolve(spec, 348, exponent);
        using var model = ModelRegistry.Create("lenet5", DatasetRegistry.Info("mnist"), 0);
        var layers = KeepAllocation.Layers(model.PrunableLayers);
        var byRule = KeepAllocation.Resolve(spec.Prune!.Scheme, layers, 348, exponent, null);
        var byData = KeepAllocation.Resolve(spec.Prune!.Scheme, layers, 348, 0.5, fractions);
        foreach (var l in layers) Assert.Equal(byRule[l.Name], byData[l.Name]);
    }

    [Fact]
    public void Winner_is_the_best_validation_score_and_its_fractions_are_in_every_step()
    {
        var dir = Directory.CreateTempSubdirectory("kit-budget-");
        try
        {
            TorchRuntime.Start(1);
            using (var dense = ModelRegistry.Create("lenet5", DatasetRegistry.Info("mnist"), 2))
                Checkpoint.Save(dense, Path.Combine(dir.FullName, "dense.pt"), new CheckpointInfo { Dataset = "mnist", Seed = 2 });
            var spec = Tiny("lenet5-mnist-irregular-348x-float");
            var r = BudgetSearch.Run(spec, Path.Combine(dir.FullName, "dense.pt"), [0.4, 1.0], 1, 300, Path.Combine(dir.FullName, "work"));
            Assert.Equal(2, r.Candidates.Count);
            Assert.Equal(r.Candidates.MaxBy(c => c.ValidationAccuracy)!.Exponent, r.BestExponent);
            Assert.Equal(spec.Prune!.Steps.Count, r.Spec.Prune!.Steps.Count);
            Assert.Equal(spec.Name + "-budgeted", r.Spec.Name);
            foreach (var step in r.Spec.Prune.Steps)
                Assert.Equal(BudgetSearch.Resolve(spec, step.Rate!.Value, r.BestExponent).OrderBy(p => p.Key), step.Layers!.OrderBy(p => p.Key));
            Assert.All(r.Candidates, c => Assert.InRange(c.Rate, 340, 356));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void A_rerun_reuses_candidates_finished_from_the_same_spec_and_dense_model_only()
    {
        var dir = Directory.CreateTempSubdirectory("kit-budget-");
        try
        {
            TorchRuntime.Start(1);
            string Dense(string file, int seed)
            {
                using var dense = ModelRegistry.Create("lenet5", DatasetRegistry.Info("mnist"), seed);
                Checkpoint.Save(dense, Path.Combine(dir.FullName, file), new CheckpointInfo { Dataset = "mnist", Seed = seed });
                return Path.Combine(dir.FullName, file);
            }
            string a = Dense("a.pt", 2), b = Dense("b.pt", 3), work = Path.Combine(dir.FullName, "work");
            var spec = Tiny("lenet5-mnist-irregular-348x-float");
            var first = BudgetSearch.Run(spec, a, [0.4], 1, 300, work);

            var log = new List<string>();
            var again = BudgetSearch.Run(spec, a, [0.4, 1.0], 1, 300, work, log.Add);
            Assert.Single(log, l => l.Contains("reused"));
            Assert.Contains(log, l => l.StartsWith("exponent 0.4: ") && l.Contains("reused"));
            Assert.Equal(first.Candidates[0].ValidationAccuracy, again.Candidates[0].ValidationAccuracy);

            // Another dense model: nothing of the earlier search fits, every candidate runs again.
            log.Clear();
            BudgetSearch.Run(spec, b, [0.4], 1, 300, work, log.Add);
            Assert.DoesNotContain(log, l => l.Contains("reused"));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Bad_inputs_name_the_option()
    {
        var spec = Tiny("lenet5-mnist-irregular-100x-float");
        Assert.StartsWith("--exponents:", Assert.Throws<KitException>(() => BudgetSearch.Run(spec, "x.pt", [1.5], 1, null, "unused")).Message);
        Assert.StartsWith("--dense x.pt:", Assert.Throws<KitException>(() => BudgetSearch.Run(spec, "x.pt", [0.5], 1, null, "unused")).Message);
        Assert.StartsWith("prune:", Assert.Throws<KitException>(() => BudgetSearch.Run(SpecGrid.LeNet5().First(s => s.Name == "lenet5-mnist-binary-full"), "x.pt", [0.5], 1, null, "unused")).Message);
    }

    [Fact]
    public void The_budget_sentence_follows_the_base_description_with_one_mark()
    {
        const string b = "Per-layer budget chosen by kit budget on validation (exponent 0.1 of 0.1, 0.5).";
        Assert.Equal("Fashion 100x. " + b, BudgetSearch.Described("Fashion 100x.", b));
        Assert.Equal("Fashion 100x. " + b, BudgetSearch.Described(" Fashion 100x ", b));
        Assert.Equal("does it lift Fashion-MNIST? " + b, BudgetSearch.Described("does it lift Fashion-MNIST?", b));
        Assert.Equal(b, BudgetSearch.Described(null, b));
        Assert.Equal(b, BudgetSearch.Described("  ", b));
    }
}
