using Kit.Experiments;
using Kit.IO;
using static TorchSharp.torch;

namespace Kit.Tests.Experiments;

/// <summary>The compact spec view: what a reader needs from a shipped spec, read back against the spec file itself.</summary>
[Collection("torch")]
public class SpecSummaryTests
{
    static CompressionSpec Shipped(string name) => Json.ReadFile<CompressionSpec>(Path.Combine(SpecTests.RepoRoot(), "specs", name + ".json"));

    static Dictionary<string, string> Rows(CompressionSpec s) => SpecSummary.Of(s).ToDictionary(r => r.Field, r => r.Value);

    [Fact]
    public void Summary_of_a_shipped_spec_names_scheme_rate_bits_epochs_and_seed()
    {
        // specs/lenet5-mnist-irregular-100x-3bit.json: dense 15 epochs; prune ADMM 6 periods x 2 epochs, retrain 8;
        // quantize ADMM 4 x 2, retrain 2; rho 0.01 x1.5 up to 1; seed 1.
        var r = Rows(Shipped("lenet5-mnist-irregular-100x-3bit"));
        Assert.Equal("irregular, ADMM pruning", r["scheme"]);
        Assert.Equal("100x", r["rate steps"]);
        Assert.Equal("3 (uniform)", r["bits"]);
        Assert.Equal("dense 15 · prune ADMM 12 (6 Z/U steps × 2) · masked retrain 8 · quantize ADMM 8 (4 Z/U steps × 2) · retrain 2", r["epochs per phase"]);
        Assert.Equal("0.01 ×1.5 per Z/U step, at most 1", r["ADMM ρ"]);
        Assert.Equal("1 (validation split seed 0)", r["seed"]);
        Assert.Equal("lenet5 on mnist; all train · 5,000 validation · all test images", r["model, data"]);
    }

    [Fact]
    public void Per_layer_budget_is_what_the_allocation_gives_on_the_real_model()
    {
        var budget = Rows(Shipped("lenet5-mnist-irregular-100x-3bit"))["per-layer budget"];
        // KeepAllocation's documented LeNet-5 figures at 100x: conv1 ~22%, conv2 ~3.1%, fc1 ~0.77%, fc2 ~6.9% kept;
        // 430,500 weights / 100 = 4,305 kept in all.
        Assert.Matches(@"^conv1 2[12]\.\d\d% · conv2 3\.\d\d% · fc1 0\.7\d\d% · fc2 6\.\d\d% kept \(4,30\d of 430,500 weights\)$", budget);
        // Progressive steps get one line each.
        var three = Rows(Shipped("lenet5-mnist-irregular-348x-3bit"));
        Assert.Equal("50x → 150x → 348x", three["rate steps"]);
        Assert.StartsWith("step 1: conv1", three["per-layer budget"]);
        Assert.Contains("; step 3: conv1", three["per-layer budget"]);
        // 430,500 / 348 = 1,237.1; per-layer rounding may move the total by a weight or two.
        Assert.Matches(@"\(1,2(3[5-9]|40) of 430,500 weights\)$", three["per-layer budget"]);
    }

    [Fact]
    public void One_level_table_per_filter_is_named_in_the_bits_row()
    {
        var spec = Json.ReadFile<CompressionSpec>(Path.Combine(SpecTests.RepoRoot(), "specs", "trials", "admm-strength", "mnist-binary-full-longadmm16-perfilter.json"));
        Assert.Equal("1 (uniform); one level table per filter (output row); first and last layers quantized last", Rows(spec)["bits"]);
        Assert.DoesNotContain("per filter", Rows(spec with { Quantize = spec.Quantize! with { Granularity = Kit.Quantization.QuantGranularity.Layer } })["bits"]);
    }

    [Fact]
    public void Trained_level_scales_are_named_in_the_bits_row()
    {
        var spec = Json.ReadFile<CompressionSpec>(Path.Combine(SpecTests.RepoRoot(), "specs", "trials", "admm-strength", "mnist-binary-full-longadmm16-perfilter-trainscales.json"));
        Assert.EndsWith("; first and last layers quantized last; level scales trained after each snap", Rows(spec)["bits"]);
        Assert.DoesNotContain("scales", Rows(spec with { Quantize = spec.Quantize! with { TrainScales = false } })["bits"]);
    }

    [Fact]
    public void Showing_a_spec_leaves_the_torch_generator_as_it_was()
    {
        manual_seed(7);
        using var a = rand(4);
        manual_seed(7);
        SpecSummary.Of(Shipped("lenet5-mnist-irregular-100x-3bit"));
        using var b = rand(4);
        Assert.True(T.Same(a, b));
    }

    [Fact]
    public void Quick_mode_shows_its_image_limits_and_short_phases()
    {
        var r = Rows(Shipped("lenet5-mnist-irregular-100x-3bit").AsQuick());
        Assert.Equal("lenet5 on mnist; 2,000 train · 500 validation · 2,000 test images", r["model, data"]);
        Assert.Equal("dense 2 · prune ADMM 2 (2 Z/U steps × 1) · masked retrain 1 · quantize ADMM 2 (2 Z/U steps × 1) · retrain 1", r["epochs per phase"]);
    }
}
