using Kit.Costs;
using Kit.IO;
using Kit.Results;

namespace Kit.Tests.Results;

/// <summary>The README's random-mask table: rendered from results/costs/random-masks.json, which is itself what `kit cost table` computes now.</summary>
public class RandomMaskSummaryTests
{
    static string Committed => Path.Combine(Kit.Tests.Experiments.SpecTests.RepoRoot(), "results", "costs", "random-masks.json");

    [Fact]
    public void Rows_are_the_records_fields()
    {
        var report = new RandomMaskReport
        {
            Weights = 430_500, Seed = 7,
            Rows =
            [
                new RandomMaskRow
                {
                    Rate = 348, Bits = 4, Nonzeros = 1236, BestK = 10, LayerK = new() { ["conv1"] = 9, ["conv2"] = 10, ["fc1"] = 10, ["fc2"] = 11 },
                    RelativeBitsPerNonzero = 14.784, RelativePEq = 94.26, CsrPEq = 74.44, CscPEq = 57.21, BitmaskPEq = 3.97, ModelPEq = 94.24,
                },
            ],
        };
        var md = RandomMaskSummary.ToMarkdown(report, "results/costs/x.json");
        Assert.StartsWith("`lenet5` (430,500 weights, its real layer shapes)", md);
        Assert.Contains("seed 7; read from `results/costs/x.json`. k: the relative index width the exact search chose per layer (conv1/conv2/fc1/fc2)", md);
        Assert.Contains("| 348x | 4 | 1,236 | 9/10/10/11 | 14.78 | 94.3x | 74.4x | 57.2x | 4.0x | 94.2x |", md);
    }

    [Fact]
    public void A_missing_or_broken_record_is_one_error_naming_the_file()
    {
        using var dir = new TempDir();
        var f = dir.File("random-masks.json");
        Assert.Equal($"{f}: file not found", Assert.Throws<KitException>(() => RandomMaskSummary.Read(f)).Message);
        File.WriteAllText(f, """{ "model": "lenet5", "rows": [ { "rate": "many" } ] }""");
        Assert.StartsWith($"{f}: invalid JSON at field 'rows[0].rate'", Assert.Throws<KitException>(() => RandomMaskSummary.Read(f)).Message);
        File.WriteAllText(f, """{ "model": "lenet5", "weights": 1, "seed": 1, "rows": [], "extra": 1 }""");
        Assert.Contains($"{f}: invalid JSON", Assert.Throws<KitException>(() => RandomMaskSummary.Read(f)).Message);
        File.WriteAllText(f, """{ "model": "lenet5", "weights": 1, "seed": 1, "rows": [] }""");
        Assert.Equal($"{f}: no rows", Assert.Throws<KitException>(() => RandomMaskSummary.Read(f)).Message);
    }

    [Fact]
    public void The_committed_record_is_what_the_cost_model_computes_now()
    {
        var committed = RandomMaskSummary.Read(Committed);
        var again = RandomMaskTable.Report(committed.Rows.Select(r => r.Rate).Distinct(), committed.Rows.Select(r => r.Bits).Distinct(), committed.Seed);
        Assert.True(Json.Serialize(again) + "\n" == File.ReadAllText(Committed),
            $"{RandomMaskSummary.DefaultJson} is stale: run ./kit cost table --out {RandomMaskSummary.DefaultJson} --into README.md");
    }
}
