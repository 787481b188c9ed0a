using Kit.Experiments;
using Kit.IO;
using Kit.Study;

namespace Kit.Tests.Study;

/// <summary>A study is a grid of shared prefixes: the plan's nodes, parents and epoch counts, checked by hand.</summary>
public class StudyPlanTests
{
    /// <summary>Dense 2 epochs; each prune step 1 ADMM period of 1 epoch + 1 retraining epoch; quantization 1 + 1.</summary>
    internal static StudySpec Tiny(string name = "tiny") => Json.Parse<StudySpec>($$"""
        {
          "name": "{{name}}",
          "datasets": [{ "dataset": "mnist", "seeds": [1] }],
          "dense": { "epochs": 2, "lr": 0.02 },
          "prune": {
            "admm": { "periods": 1, "period_epochs": 1, "train": { "epochs": 1 } },
            "retrain": { "epochs": 1 }
          },
          "quantize": {
            "bits": 8,
            "admm": { "periods": 1, "period_epochs": 1, "train": { "epochs": 1 } },
            "retrain": { "epochs": 1 }
          },
          "bits": [4],
          "chains": [{ "name": "irr", "scheme": "irregular", "method": "admm", "rates": [2, 4], "quantize_at": [4] }]
        }
        """, "tiny study", strict: true);

    [Fact]
    public void Every_datasets_first_seed_comes_before_any_second_seed()
    {
        var spec = Tiny() with
        {
            Datasets = Json.Parse<List<StudyDataset>>("""[{ "dataset": "mnist", "seeds": [1, 2, 3] }, { "dataset": "fashion-mnist", "seeds": [7, 8] }]""", "datasets", strict: true),
        };
        var dense = StudyPlan.Of(spec).Nodes.Where(n => n.Kind == StudyNodeKind.Dense).Select(n => n.Folder);
        Assert.Equal(["tiny-mnist-dense-seed1", "tiny-fashion-mnist-dense-seed7", "tiny-mnist-dense-seed2", "tiny-fashion-mnist-dense-seed8", "tiny-mnist-dense-seed3"], dense);
    }

    [Fact]
    public void Nodes_form_chains_from_one_dense_model_and_quantize_the_listed_rates()
    {
        var plan = StudyPlan.Of(Tiny());
        Assert.Equal(["tiny-mnist-dense-seed1", "tiny-mnist-irr-2x-seed1", "tiny-mnist-irr-4x-seed1", "tiny-mnist-irr-4x-4bit-seed1"],
            plan.Nodes.Select(n => n.Folder));
        Assert.Equal([null, "tiny-mnist-dense-seed1", "tiny-mnist-irr-2x-seed1", "tiny-mnist-irr-4x-seed1"], plan.Nodes.Select(n => n.Parent?.Folder));
        var q = plan.Nodes[3];
        Assert.Null(q.Compress!.Prune);
        Assert.Equal(4, q.Compress.Quantize!.Bits);
        Assert.Equal(("irregular", PruneMethod.Admm, 4.0), (q.Compress.Start!.Scheme, q.Compress.Start.Method!.Value, q.Compress.Start.Rate!.Value));
        Assert.Equal([4.0], plan.Nodes[2].Compress!.Prune!.Steps.Select(s => s.Rate!.Value));
    }

    [Fact]
    public void Sharing_counts_each_prefix_once()
    {
        var plan = StudyPlan.Of(Tiny());
        Assert.Equal([2, 2, 2, 2], plan.Nodes.Select(n => n.Epochs));
        Assert.Equal(8, plan.SharedEpochs);
        // Alone: 2x = dense + step (4); 4x = dense + 2 steps (6); its 4-bit model = 6 + 2 (8).
        Assert.Equal(18, plan.UnsharedEpochs);
    }

    [Fact]
    public void Chains_restricted_to_seeds_and_datasets_run_only_there()
    {
        var spec = Tiny() with
        {
            Datasets = [new() { Dataset = "mnist", Seeds = [1, 2] }, new() { Dataset = "fashion-mnist", Seeds = [1] }],
            Chains = [Tiny().Chains[0], Tiny().Chains[0] with { Name = "only1", QuantizeAt = null, Seeds = [1], Datasets = ["mnist"] }],
        };
        var folders = StudyPlan.Of(spec).Nodes.Select(n => n.Folder).ToList();
        Assert.Equal(3, folders.Count(f => f.Contains("-dense-")));
        Assert.Equal(["tiny-mnist-only1-2x-seed1", "tiny-mnist-only1-4x-seed1"], folders.Where(f => f.Contains("only1")));
    }

    [Fact]
    public void Entries_of_one_name_split_a_chain_over_datasets_and_seeds()
    {
        // One chain: every rate quantized on mnist, only a prefix on the extra fashion-mnist seed.
        var irr = Tiny().Chains[0];
        var spec = Tiny() with
        {
            Datasets = [new() { Dataset = "mnist", Seeds = [1] }, new() { Dataset = "fashion-mnist", Seeds = [1, 2] }],
            Chains = [irr with { QuantizeAt = [2, 4], Datasets = ["mnist"] }, irr with { Datasets = ["fashion-mnist"], Seeds = [1] },
                irr with { Rates = [2], QuantizeAt = [2], Datasets = ["fashion-mnist"], Seeds = [2] }],
        };
        var plan = StudyPlan.Of(spec);
        var runs = plan.Nodes.Where(n => n.Kind != StudyNodeKind.Dense).Select(n => n.Folder).ToList();
        Assert.Equal(["tiny-mnist-irr-2x-seed1", "tiny-mnist-irr-4x-seed1", "tiny-mnist-irr-2x-4bit-seed1", "tiny-mnist-irr-4x-4bit-seed1",
            "tiny-fashion-mnist-irr-2x-seed1", "tiny-fashion-mnist-irr-4x-seed1", "tiny-fashion-mnist-irr-4x-4bit-seed1",
            "tiny-fashion-mnist-irr-2x-seed2", "tiny-fashion-mnist-irr-2x-4bit-seed2"], runs);
        // The same run has the same spec whichever entry made it: seed 2's 2x step is seed 1's with another seed.
        var step = (long seed) => Json.Serialize(plan.Nodes.Single(n => n.Folder == $"tiny-fashion-mnist-irr-2x-seed{seed}").Compress! with { Seed = 0 });
        Assert.Equal(step(1), step(2));
    }

    [Fact]
    public void Entries_of_one_name_that_prune_differently_or_overlap_are_refused()
    {
        var irr = Tiny().Chains[0];
        var spec = Tiny() with { Datasets = [new() { Dataset = "mnist", Seeds = [1, 2] }] };
        var scheme = Assert.Throws<KitException>(() => StudyPlan.Of(spec with
        {
            Chains = [irr with { Seeds = [1] }, irr with { Seeds = [2], Scheme = Kit.Pruning.PruningSchemes.Get("filter") }],
        })).Message;
        Assert.Contains("chains[1] has the name 'irr' of chains[0] but prunes differently", scheme);
        var schedule = Assert.Throws<KitException>(() => StudyPlan.Of(spec with
        {
            Chains = [irr with { Seeds = [1] }, irr with { Seeds = [2], Prune = Tiny().Prune with { Retrain = Tiny().Prune.Retrain with { Epochs = 5 } } }],
        })).Message;
        Assert.Contains("prunes differently", schedule);
        // The same rate must continue the same steps on every seed: [2, 4] and [4] would give two different 4x models one name.
        var history = Assert.Throws<KitException>(() => StudyPlan.Of(spec with { Chains = [irr with { Seeds = [1] }, irr with { Rates = [4], Seeds = [2] }] })).Message;
        Assert.Contains("chains[1].rates must be a prefix of chains[0].rates", history);
        var overlap = Assert.Throws<KitException>(() => StudyPlan.Of(spec with { Chains = [irr, irr with { Rates = [2], QuantizeAt = null, Seeds = [2] }] })).Message;
        Assert.Contains("chains[0] and chains[1] are both 'irr' on mnist seed 2", overlap);
    }

    [Fact]
    public void Lanes_take_every_unit_and_split_the_epochs()
    {
        var spec = Tiny() with { Datasets = [new() { Dataset = "mnist", Seeds = [1, 2, 3, 4] }] };
        var plan = StudyPlan.Of(spec);
        var lanes = plan.Lanes(2);
        Assert.Equal(4, lanes.Count);
        Assert.Equal(2, lanes.Values.Count(l => l == 0));
        Assert.Equal(2, lanes.Values.Count(l => l == 1));
    }

    [Theory]
    [InlineData("chains[0].rates[1]", """{ "rates": [4, 2] }""")]
    [InlineData("chains[0].quantize_at", """{ "quantize_at": [3] }""")]
    [InlineData("chains[0].rates[0]", """{ "rates": [1] }""")]
    [InlineData("chains[0].name", """{ "name": "a b" }""")]
    [InlineData("chains[0].datasets", """{ "datasets": ["no-such-set"] }""")]
    public void Bad_chains_name_the_field(string field, string chainPatch)
    {
        var chain = System.Text.Json.Nodes.JsonNode.Parse(Json.Serialize(Tiny().Chains[0]))!.AsObject();
        foreach (var (k, v) in System.Text.Json.Nodes.JsonNode.Parse(chainPatch)!.AsObject()) chain[k] = v?.DeepClone();
        var spec = Tiny() with { Chains = [Json.Parse<StudyChain>(chain.ToJsonString(), "chain", strict: true)] };
        var e = Assert.Throws<KitException>(() => StudyPlan.Of(spec));
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void Bad_studies_name_the_field()
    {
        Assert.Contains("prune.steps", Assert.Throws<KitException>(() => StudyPlan.Of(Tiny() with { Prune = Tiny().Prune with { Steps = [new() { Rate = 2 }] } })).Message);
        Assert.Contains("chains: chains[0] and chains[1] are both 'irr' on mnist seed 1", Assert.Throws<KitException>(() => StudyPlan.Of(Tiny() with { Chains = [Tiny().Chains[0], Tiny().Chains[0]] })).Message);
        Assert.Contains("bits[0]", Assert.Throws<KitException>(() => StudyPlan.Of(Tiny() with { Bits = [32] })).Message);
        Assert.Contains("datasets[0].seeds", Assert.Throws<KitException>(() => StudyPlan.Of(Tiny() with { Datasets = [new() { Dataset = "mnist", Seeds = [] }] })).Message);
        Assert.Contains("datasets[0].dataset", Assert.Throws<KitException>(() => StudyPlan.Of(Tiny() with { Datasets = [new() { Dataset = "no-such-set" }] })).Message);
    }

    [Fact]
    public void The_shipped_study_spec_plans()
    {
        var root = Kit.Tests.Experiments.SpecTests.RepoRoot();
        var plan = StudyPlan.Of(Json.ReadFile<StudySpec>(Path.Combine(root, "specs", "study", "lenet5-study.json"), strict: true));
        Assert.True(plan.SharedEpochs < plan.UnsharedEpochs);
        Assert.All(plan.Nodes.Where(n => n.Compress is not null), n => n.Compress!.Validate());
        // Every step's per-layer budget resolves on the real architecture (an impossible rate fails here, not hours into a run).
        using var model = Kit.Models.ModelRegistry.Create("lenet5", Kit.Data.DatasetRegistry.Info("mnist"), seed: 1);
        foreach (var n in plan.Nodes.Where(n => n.Compress is not null && n.Seed == 1 && n.Dataset == "mnist")) n.Compress!.Validate(model);
    }
}
