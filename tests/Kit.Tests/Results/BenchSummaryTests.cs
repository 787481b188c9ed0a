using Kit.Results;

namespace Kit.Tests.Results;

/// <summary>`kit bench summary`: the README's throughput figures come from results/bench/*.json, not from a hand.</summary>
public class BenchSummaryTests
{
    const string Raw = """
        { "compare_raw": [
          { "batch_size": 64, "threads": 2, "images": 60000, "epochs": 3, "kit_seconds_per_epoch": 20.0, "raw_loop_seconds_per_epoch": 18.0,
            "kit_over_raw": 1.1111, "kit_test_accuracy": 99.1, "raw_loop_test_accuracy": 98.9, "load_average_before": "0.50 1.00 1.00 1/100 1" },
          { "batch_size": 128, "threads": 2, "images": 60000, "epochs": 3, "kit_seconds_per_epoch": 15.0, "raw_loop_seconds_per_epoch": 15.0,
            "kit_over_raw": 1.0, "kit_test_accuracy": 98.8, "raw_loop_test_accuracy": 98.7, "load_average_before": "0.70 1.00 1.00 1/100 1" } ] }
        """;

    const string Jobs = """
        { "sweep": "specs/sweeps/x.json", "quick": true, "entries": 4, "load_average_start": "0.10 0.2 0.3 1/1 1", "load_average_end": "2.00 1 1 1/1 1",
          "single": { "processes": 1, "threads": 2, "seconds": 30.0, "experiments_per_hour": 480.0 },
          "jobs": { "processes": 2, "threads": 1, "seconds": 20.0, "experiments_per_hour": 720.0 }, "speedup": 1.5 }
        """;

    [Fact]
    public void Rows_and_goals_are_computed_from_the_files()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("a-raw.json"), Raw);
        File.WriteAllText(dir.File("b-jobs.json"), Jobs);
        var md = BenchSummary.ToMarkdown(dir.Path);
        Assert.Contains("| `results/bench/a-raw.json` | 60,000 | 2 | 64 | 3 | 20.00 | 18.00 | 1.111 | 99.10 / 98.90 | 0.50 |", md);
        // Worst equal-batch ratio 1.111 > 1.03; the fastest kit configuration (15.0 s at batch 128) over the plain batch-64 loop (18.0 s) = 0.83.
        Assert.Contains("at most 1.111x the plain loop (goal <= 1.03x: not met)", md);
        Assert.Contains("takes 0.83x the plain batch-64 loop (goal <= 0.85x: met)", md);
        Assert.Contains("| `results/bench/b-jobs.json` | `specs/sweeps/x.json` | yes | 4 | 2, 30.0 | 2 x 1, 20.0 | 480 / 720 | **1.50x** | 0.10 / 2.00 |", md);
        Assert.Contains("Goal >= 1.4x: met in 1 of 1 measured sweep(s).", md);
    }

    [Fact]
    public void No_files_say_so_and_a_broken_file_is_named()
    {
        using var dir = new TempDir();
        Assert.Equal("No benchmark result is in `results/bench/` yet.\n", BenchSummary.ToMarkdown(dir.Path));
        File.WriteAllText(dir.File("bad.json"), "{ \"compare_raw\": [");
        Assert.Contains("bad.json: not valid JSON", Assert.Throws<KitException>(() => BenchSummary.ToMarkdown(dir.Path)).Message);
    }
}
