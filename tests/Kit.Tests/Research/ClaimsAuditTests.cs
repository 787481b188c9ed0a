using Kit.Experiments;
using Kit.IO;
using Kit.Research.Claims;

namespace Kit.Tests.Research;

/// <summary>The claims table on small synthetic results/ folders whose verdicts are known by construction.</summary>
public class ClaimsAuditTests : IDisposable
{
    readonly DirectoryInfo repo = Directory.CreateTempSubdirectory("kit-claims-");
    string Results => Path.Combine(repo.FullName, "results");
    public void Dispose() => repo.Delete(recursive: true);

    const string DenseSha = "aa11";

    void Dense(double accuracy)
    {
        var dir = Path.Combine(Results, "lenet5-mnist-dense-seed1");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "model.json"), $"{{\"weights_sha256\": \"{DenseSha}\", \"metrics\": {{\"test_accuracy\": {accuracy}}}}}");
    }

    /// <summary>A committed compression run: per-layer (rows, columns, nonzero, kept rows, kept columns) on LeNet-5's shapes.</summary>
    void Run(string name, string scheme, double rate, int bits, double accuracy, string denseSource, string? denseSha, double denseAccuracy,
        (int Nnz, int KeptRows, int KeptColumns)[]? layers = null, int seed = 1)
    {
        var baseSpec = SpecGrid.LeNet5().First(s => s.Name == "lenet5-mnist-irregular-100x-float");
        var spec = baseSpec with { Name = name, Seed = seed, Prune = baseSpec.Prune! with { Scheme = Kit.Pruning.PruningSchemes.Get(scheme) } };
        (string n, int r, int c)[] shapes = [("conv1", 20, 25), ("conv2", 50, 500), ("fc1", 500, 800), ("fc2", 10, 500)];
        layers ??= shapes.Select(s => ((int)Math.Round(s.r * s.c / rate), s.r, s.c)).ToArray();
        var dir = Path.Combine(Results, $"{name}-seed{seed}");
        Directory.CreateDirectory(dir);
        AtomicFile.WriteWithChecksum(Path.Combine(dir, "result.json"), Json.Serialize(new CompressionResult
        {
            Name = name, Spec = spec, Accuracy = accuracy, AccuracyAfterRetrain = accuracy, DenseAccuracy = denseAccuracy, DenseSource = denseSource,
            DenseSha256 = denseSha, OverallRate = rate, Bits = bits, SpecSha256 = SpecIdentity.Hash(spec),
            Layers = shapes.Select((s, i) => new LayerResult { Name = s.n, Shape = [s.r, s.c], Weights = s.r * s.c, Nonzero = layers[i].Nnz,
                KeptRows = layers[i].KeptRows, KeptColumns = layers[i].KeptColumns, Bits = bits }).ToList(),
        }));
    }

    ClaimRow Claim(string id) => ClaimsAudit.Evaluate(repo.FullName).Single(c => c.Id == id);

    [Fact]
    public void With_no_results_every_measurable_claim_says_not_measured_and_imagenet_claims_say_why()
    {
        Directory.CreateDirectory(Results);
        var rows = ClaimsAudit.Evaluate(repo.FullName);
        Assert.Equal(10, rows.Count);
        foreach (var id in new[] { "lenet5-348x", "binarized-lossless", "storage", "computation", "structured-better", "rq5-robustness", "rq5-transfer" })
            Assert.Equal(ClaimsAudit.NotMeasured, rows.Single(r => r.Id == id).Verdict);
        Assert.StartsWith(ClaimsAudit.NotHere, rows.Single(r => r.Id == "alexnet-36x").Verdict);
        Assert.Contains("ImageNet", rows.Single(r => r.Id == "resnet50-8x").Verdict);
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r.Rule)));
    }

    [Fact]
    public void A_continued_run_is_measured_against_the_dense_model_it_descends_from_and_new_folders_are_picked_up()
    {
        Dense(99.20);
        Run("irr100", "irregular", 100, 32, 99.00, "artifacts/runs/lenet5-mnist-dense-seed1/model.pt", DenseSha, 99.20);
        // Continued from the 100x model: its own dense_accuracy is the 100x model's (99.00), the baseline is still 99.20.
        Run("irr348", "irregular", 348.3, 32, 98.70, "artifacts/runs/irr100-seed1/model.pt", "bb22", 99.00);
        var row = Claim("lenet5-348x");
        Assert.Equal(ClaimsAudit.NotReproduced, row.Verdict);          // drop 99.20 - 98.70 = 0.50 > 0.3
        Assert.Contains("drop 0.50 points vs 99.20%", row.Kit);
        Assert.Contains("highest rate within 0.30 points: 100.0x", row.Kit);
        Assert.Contains("dense model lenet5-mnist-dense-seed1", row.Evidence);
        Assert.Equal("results/run.sh results/irr348-seed1/spec.json 1 artifacts/runs/irr100-seed1/model.pt", row.Command);

        // A new committed folder that meets the rule turns the verdict without any code change.
        Run("irr348b", "irregular", 347, 32, 99.00, "artifacts/runs/lenet5-mnist-dense-seed1/model.pt", DenseSha, 99.20);
        row = Claim("lenet5-348x");
        Assert.Equal(ClaimsAudit.Reproduced, row.Verdict);              // 347 >= 0.95 * 348, drop 0.20
        Assert.Contains("irr348b", row.Evidence);
    }

    [Fact]
    public void Seeds_are_averaged_before_the_rule_is_applied()
    {
        Dense(99.20);
        Run("irr348", "irregular", 348, 32, 99.10, "artifacts/runs/lenet5-mnist-dense-seed1/model.pt", DenseSha, 99.20, seed: 1);
        Run("irr348", "irregular", 348, 32, 98.50, "artifacts/runs/lenet5-mnist-dense-seed1/model.pt", DenseSha, 99.20, seed: 2);
        var row = Claim("lenet5-348x");
        Assert.Equal(ClaimsAudit.NotReproduced, row.Verdict);          // mean 98.80: drop 0.40
        Assert.Contains("2 seeds", row.Kit);
    }

    [Fact]
    public void Storage_and_compute_compare_matched_pairs_at_equal_bits()
    {
        Dense(99.20);
        // Irregular 3-bit at 100x; filter_column 3-bit at 10x, as accurate. Structured bits = sum kept_r * kept_c * 3 + R + C.
        Run("irr", "irregular", 100, 3, 98.90, "trained", null, 99.20);
        (int, int, int)[] block = [(500, 20, 25), (2500, 16, 156), (40000, 158, 253), (500, 10, 50)];
        Run("fc10", "filter_column", 10, 3, 98.95, "trained", null, 99.20, block.Select(b => (b.Item2 * b.Item3, b.Item2, b.Item3)).ToArray());
        long structured = (20 * 25 + 16 * 156 + 158 * 253 + 10 * 50) * 3L + (20 + 25) + (50 + 500) + (500 + 800) + (10 + 500);
        var storage = Claim("storage");
        Assert.Contains($"{structured:N0} vs", storage.Kit);
        // At 10x vs 100x the structured model cannot be smaller: 45k weights * 3 bits alone exceed the irregular 4.3k entries.
        Assert.Equal(ClaimsAudit.NotReproduced, storage.Verdict);
        Assert.NotEqual(ClaimsAudit.NotMeasured, Claim("computation").Verdict);
        Assert.Equal(ClaimsAudit.NotReproduced, Claim("structured-better").Verdict);

        // A float structured run, or one far less accurate, is no pair.
        Directory.Delete(Path.Combine(Results, "fc10-seed1"), true);
        Run("fc10", "filter_column", 10, 3, 98.50, "trained", null, 99.20);
        Assert.Equal(ClaimsAudit.NotMeasured, Claim("storage").Verdict);
    }

    [Fact]
    public void Structured_wins_storage_when_its_rate_is_beyond_the_irregular_p_eq()
    {
        Run("irr", "irregular", 20, 3, 98.90, "trained", null, 99.20);
        // A structured model at 100x (about 4.3k kept weights) against an irregular one at 20x (21.5k entries, each b + k bits).
        (int R, int C)[] block = [(10, 5), (10, 43), (60, 60), (10, 18)];
        Run("fc100", "filter_column", 100, 3, 99.00, "trained", null, 99.20, block.Select(b => (b.R * b.C, b.R, b.C)).ToArray());
        Assert.Equal(ClaimsAudit.Reproduced, Claim("storage").Verdict);
    }

    [Fact]
    public void Fully_binarized_runs_are_found_by_their_layers_bits()
    {
        Dense(99.20);
        Run("bin", "irregular", 1, 1, 99.05, "artifacts/runs/lenet5-mnist-dense-seed1/model.pt", DenseSha, 99.20);
        var row = Claim("binarized-lossless");
        Assert.Equal(ClaimsAudit.Reproduced, row.Verdict);              // drop 0.15
        Assert.Contains("1-bit", row.Kit);
    }

    [Fact]
    public void Index_bits_at_348x_come_from_the_cost_model()
    {
        var row = Claim("index-bits-348x");
        Assert.Contains("k = ", row.Kit);
        Assert.Equal("./kit cost table", row.Command);
        Assert.Contains(row.Verdict, new[] { ClaimsAudit.Reproduced, ClaimsAudit.NotReproduced });
    }
}
