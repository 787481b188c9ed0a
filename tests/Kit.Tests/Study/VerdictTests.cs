using Kit.Study;

namespace Kit.Tests.Study;

/// <summary>The verdict's choices on a hand-made set of runs: tolerance, highest rate, means over seeds, the storage winner.</summary>
public class VerdictTests
{
    static StudyRun Run(string exp, string scheme, double rate, int bits, long seed, double acc, long storage, string format = "csr") =>
        new($"results/{exp}-seed{seed}", exp, "mnist", scheme, "admm", rate, bits, seed, acc, storage, format);

    static readonly Dictionary<string, double> Dense = new() { ["mnist"] = 99.2 };

    [Fact]
    public void Each_scheme_gets_its_highest_rate_within_the_tolerance_and_the_fewest_bits_win()
    {
        var runs = new List<StudyRun>
        {
            // irregular: 100x within 0.3 (mean 98.95), 348x only within 1.0 (mean 98.3).
            Run("irr-100x", "irregular", 100, 32, 1, 99.0, 1000), Run("irr-100x", "irregular", 100, 32, 2, 98.9, 1100),
            Run("irr-348x", "irregular", 348, 32, 1, 98.4, 400), Run("irr-348x", "irregular", 348, 32, 2, 98.2, 420),
            // filter_column: 10x within 0.1 (99.15), 20x within 0.3 (99.0).
            Run("fc-10x", "filter_column", 10, 32, 1, 99.15, 5000, "structured"),
            Run("fc-20x", "filter_column", 20, 32, 1, 99.0, 900, "structured"),
        };
        var rows = Verdict.Build(runs, Dense, [0.1, 0.3, 1.0]);
        VerdictRow At(double tol, string scheme) => rows.Single(r => r.TolerancePoints == tol && r.Scheme == scheme);

        Assert.Null(At(0.1, "irregular").Rate);
        Assert.Equal(10, At(0.1, "filter_column").Rate);
        Assert.True(At(0.1, "filter_column").StorageWinner);
        Assert.Null(At(0.1, "filter_column").StorageMargin); // nobody else within 0.1

        Assert.Equal(100, At(0.3, "irregular").Rate);
        Assert.Equal(98.95, At(0.3, "irregular").Accuracy!.Value, 9);
        Assert.Equal(1050, At(0.3, "irregular").StorageBits!.Value, 9);
        Assert.Equal(2, At(0.3, "irregular").Seeds);
        Assert.Equal(20, At(0.3, "filter_column").Rate);
        Assert.True(At(0.3, "filter_column").StorageWinner);
        Assert.Equal(1050.0 / 900, At(0.3, "filter_column").StorageMargin!.Value, 9);
        Assert.Null(At(0.3, "filter_column").BeyondSeedSpread); // one seed: no spread to compare with

        Assert.Equal(348, At(1.0, "irregular").Rate);
        Assert.True(At(1.0, "irregular").StorageWinner);
        Assert.Equal(["results/irr-348x-seed1", "results/irr-348x-seed2"], At(1.0, "irregular").Runs);
    }

    [Fact]
    public void The_margin_counts_as_real_only_beyond_both_seed_spreads()
    {
        var runs = new List<StudyRun>
        {
            Run("a", "irregular", 100, 3, 1, 99.2, 1000), Run("a", "irregular", 100, 3, 2, 99.2, 1200), // mean 1100, sd 141.4
            Run("b", "filter_column", 20, 3, 1, 99.2, 1300), Run("b", "filter_column", 20, 3, 2, 99.2, 1500), // mean 1400, sd 141.4
        };
        var win = Verdict.Build(runs, Dense, [0.1]).Single(r => r.StorageWinner);
        Assert.Equal("irregular", win.Scheme);
        Assert.True(win.BeyondSeedSpread); // 300 > 282.8
        var close = runs.Select(r => r.Experiment == "b" ? r with { StorageBits = r.StorageBits - 100 } : r).ToList(); // 1300 vs 1100: 200 < 282.8
        Assert.False(Verdict.Build(close, Dense, [0.1]).Single(r => r.StorageWinner).BeyondSeedSpread);
    }

    [Fact]
    public void Csv_has_the_issue_columns_and_one_line_per_row()
    {
        var rows = Verdict.Build([Run("a", "irregular", 100, 32, 1, 99.1, 1000)], Dense, [0.3]);
        var lines = Verdict.ToCsv(rows).TrimEnd('\n').Split('\n');
        var header = lines[0].Split(',');
        foreach (var c in new[] { "dataset", "bits", "tolerance_points", "scheme", "rate", "accuracy", "seeds", "storage_bits", "storage_format", "cpu_us_batch1", "cpu_us_batch64", "runs" })
            Assert.Contains(c, header);
        Assert.Equal(2, lines.Length);
        Assert.Equal(header.Length, lines[1].Split(',').Length);
        Assert.StartsWith("mnist,float,0.3,99.20,irregular,admm,100.0,99.10", lines[1]);
    }

    [Fact]
    public void A_dataset_without_a_dense_run_is_an_error()
    {
        var e = Assert.Throws<KitException>(() => Verdict.Build([Run("a", "irregular", 100, 32, 1, 99.1, 1000) with { Dataset = "fashion-mnist" }], Dense));
        Assert.Contains("fashion-mnist", e.Message);
    }
}
