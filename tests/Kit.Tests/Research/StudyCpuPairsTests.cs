using Kit.Research.Study;
using Kit.Study;
using VerdictRow = Kit.Study.VerdictRow;

namespace Kit.Tests.Research;

/// <summary>RQ1's CPU pairs from verdict rows: the irregular model against the fastest timed structured one per cell and
/// batch size, margin and both spread flags by hand, cells without a timed pair left out, and the findings counted.</summary>
public class StudyCpuPairsTests
{
    static CpuAtBatch T(double us, double? sd = null, double? low = null, double? high = null, int seeds = 1) =>
        new() { Us = us, Sd = sd, Seeds = seeds, LowUs = low, HighUs = high, Rounds = low is null ? 1 : 5 };

    static VerdictRow V(string scheme, double tol, double rate, CpuAtBatch? b1, CpuAtBatch? b64, int bits = 32) => new()
    {
        Dataset = "mnist", Bits = bits, TolerancePoints = tol, Scheme = scheme, Rate = rate, StorageBits = 1000,
        CpuBatch1 = b1, CpuBatch64 = b64, DenseCpuUsBatch1 = 100, DenseCpuUsBatch64 = 6000,
    };

    [Fact]
    public void Irregular_meets_the_fastest_timed_structured_model_of_its_cell()
    {
        var rows = new List<VerdictRow>
        {
            // Within 0.3: irregular 25x; filter_column 10x is faster than column 5x at batch 1 and slower at batch 64.
            V("irregular", 0.3, 25, T(10, 1, 9, 14, 2), T(1000, 20, 900, 1100, 2)),
            V("filter_column", 0.3, 10, T(15, 1, 14.5, 20, 2), T(600, 10, 500, 700, 2)),
            V("column", 0.3, 5, T(30), T(400, 10, 350, 950, 2)),
            // Within 0.5 at float: no structured model timed: no pair.
            V("irregular", 0.5, 50, T(8), T(800)),
            V("filter_column", 0.5, 20, null, null),
        };
        var pairs = StudyCpuPairs.Build(rows);
        Assert.Equal(2, pairs.Count);
        var b1 = pairs.Single(p => p.Batch == 1);
        // Batch 1: irregular 10 vs filter_column 15: 1.5x; 5 > 1 + 1 beyond the seed spread; filter_column's fastest round 14.5 > irregular's slowest 14.
        Assert.Equal(("filter_column", "irregular", 1.5, true, true), (b1.StructuredScheme, b1.Faster, b1.Margin, b1.BeyondSeedSpread!.Value, b1.BeyondTimingSpread!.Value));
        Assert.Equal((25.0, 10.0, 100.0, 5), (b1.IrregularRate!.Value, b1.StructuredRate!.Value, b1.DenseUs!.Value, b1.Rounds));
        var b64 = pairs.Single(p => p.Batch == 64);
        // Batch 64: column 5x (400) is the fastest structured: 1000 / 400 = 2.5x; irregular's fastest round 900 < column's slowest 950: not beyond timing.
        Assert.Equal(("column", "column", 2.5, true, false), (b64.StructuredScheme, b64.Faster, b64.Margin, b64.BeyondSeedSpread!.Value, b64.BeyondTimingSpread!.Value));

        var findings = StudyCpuPairs.Findings(pairs);
        Assert.Equal([
            "mnist, CPU at batch 1: of 1 cells with both an irregular and a structured model timed, irregular runs faster in 1 and structured in 0; beyond the seed spread in 1; beyond the timing spread in 1 of 1 (irregular faster in 1, structured in 0); margins 1.50x to 1.50x.",
            "mnist, CPU at batch 64: of 1 cells with both an irregular and a structured model timed, irregular runs faster in 0 and structured in 1; beyond the seed spread in 1; beyond the timing spread in 0 of 1 (irregular faster in 0, structured in 0); margins 2.50x to 2.50x.",
        ], findings);
        var frame = StudyCpuPairs.Frame(pairs);
        Assert.Equal(2, frame.Rows.Count);
        Assert.Equal("yes", frame["beyond_timing_spread"][0]);
    }

    [Fact]
    public void One_seed_and_one_round_say_so_instead_of_a_flag()
    {
        var pairs = StudyCpuPairs.Build([V("irregular", 0.1, 25, T(10), null), V("filter", 0.1, 4, T(12), null)]);
        var p = pairs.Single();
        Assert.Null(p.BeyondSeedSpread);
        Assert.Null(p.BeyondTimingSpread);
        var frame = StudyCpuPairs.Frame(pairs);
        Assert.Equal(("one seed: no sd", "one round: not measured"), ((string)frame["beyond_seed_spread"][0], (string)frame["beyond_timing_spread"][0]));
        Assert.Contains("timed in one round only: the timing noise is not measured", StudyCpuPairs.Findings(pairs).Single());
        Assert.Empty(StudyCpuPairs.Build([V("irregular", 0.1, 25, null, null)]));
    }
}
