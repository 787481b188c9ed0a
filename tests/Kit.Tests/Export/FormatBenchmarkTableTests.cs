using Kit.Export;
using Kit.IO;
using Kit.Results;

namespace Kit.Tests.Export;

/// <summary>`kit export table`'s README block: rendered from a recorded JSON only; the README quotes the committed one.</summary>
public class FormatBenchmarkTableTests
{
    /// <summary>A hand-made record: one quantized model with a .pt row, a written format, a format that cannot hold it and a non-exact one.</summary>
    const string Record = """
    {
      "kit_version": "9.9.9", "date": "2030-01-02",
      "machine": { "host": "h", "os": "o", "arch": "X64", "cores": 2, "cpu": "Test CPU", "runtime": "r", "torch_threads": 1 },
      "threads": 1, "repeats": 3,
      "load_average_before": "1.50 1.00 0.50 1/100 7", "load_average_after": "3.20 2.00 1.00 1/100 8",
      "models": [{
        "run": "results/study/a-3bit", "architecture": "lenet5", "dataset": "mnist", "run_bits": 3, "recorded_accuracy": 99.08,
        "test_images": 10000, "pt_bytes": 1724445,
        "rows": [
          { "format": ".pt", "bits": 32, "file_bytes": 1724445, "exact": true, "accuracy": 99.08,
            "load_ms": [7, 5, 6], "eval_ms": [2100, 1900, 2000], "load_ms_median": 6, "eval_ms_median": 2000 },
          { "format": "csr", "bits": 3, "file_bytes": 1000, "cost_model_bits": 7001, "overhead_bits": 999, "exact": true, "accuracy": 99.08,
            "load_ms": [3.24], "eval_ms": [1234.4], "load_ms_median": 3.24, "eval_ms_median": 1234.4 },
          { "format": "2:4", "exact": false, "problem": "format 2:4 cannot hold layer 'conv1'", "load_ms": [], "eval_ms": [] },
          { "format": "dense", "bits": 4, "file_bytes": 2000, "cost_model_bits": 15000, "overhead_bits": 1000, "exact": false, "accuracy": 12.5,
            "load_ms": [1], "eval_ms": [10], "load_ms_median": 1, "eval_ms_median": 10 }
        ]
      }]
    }
    """;

    [Fact]
    public void Renders_each_row_from_the_record_with_sizes_ratios_and_medians()
    {
        var md = FormatBenchmarkTable.ToMarkdown(Json.Parse<FormatBenchmarkReport>(Record, "record"));
        var lines = md.Split('\n');
        Assert.StartsWith("Measured on 2030-01-02 (kit 9.9.9; Test CPU, 2 cores, 1 torch thread) by `./kit export table --runs results/study/a-3bit --repeats 3 --threads 1`, recorded in `results/export/formats.json`.", md);
        Assert.Contains("3 times in turn", md);
        Assert.Contains("The 1-minute load average was 1.50 at the start and 3.20 at the end on this 2-core machine: busier than its cores", md);
        Assert.Contains("**`results/study/a-3bit`** (lenet5, 3-bit weights, recorded test accuracy 99.08%; mnist test split, 10,000 images):", lines);
        // 7001 bits = 875.125 bytes; 999 bits = 124.875 bytes; load 3.24 ms; 1,724,445 / 1,000 = 1724.445.
        Assert.Contains("| csr | 3 | 1,000 | 875 | 125 | 1724.4x | yes | 99.08 | 3.2 | 1,234 |", lines);
        Assert.Contains("| `.pt` (float32 state dict) | 32 | 1,724,445 | - | - | 1.0x | yes | 99.08 | 6.0 | 2,000 |", lines);
        Assert.Contains("| 2:4 | - | - | - | - | - | no: format 2:4 cannot hold layer 'conv1' | | | |", lines);
        Assert.Contains("| dense | 4 | 2,000 | 1,875 | 125 | 862.2x | **no** | 12.50 | 1.0 | 10 |", lines);
        // Rows in the record's order, each table row with the header's 10 cells.
        var rows = lines.Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["file", "`.pt` (float32 state dict)", "csr", "2:4", "dense"], rows.Select(r => r.Split('|')[1].Trim()));
        Assert.All(rows, r => Assert.Equal(12, r.Split('|').Length));
        Assert.EndsWith("|\n", md);
    }

    [Fact]
    public void A_quiet_machine_and_a_cut_test_split_are_said_so()
    {
        var r = Json.Parse<FormatBenchmarkReport>(Record, "record") with { LoadAverageBefore = "0.40 0 0", LoadAverageAfter = "1.90 0 0", Limit = 500 };
        var md = FormatBenchmarkTable.ToMarkdown(r);
        Assert.Contains("0.40 at the start and 1.90 at the end on this 2-core machine: no busier than its cores.", md);
        Assert.Contains("--repeats 3 --threads 1 --limit 500`", md);
        Assert.Contains("The machine's load average was not recorded.", FormatBenchmarkTable.ToMarkdown(r with { LoadAverageAfter = null }));
    }

    [Fact]
    public void The_committed_record_measures_committed_runs()
    {
        var root = Kit.Tests.Experiments.SpecTests.RepoRoot();
        var record = FormatBenchmarkTable.Read(Path.Combine(root, FormatBenchmarkTable.DefaultJson));
        // The record is a real measurement of committed runs: full test split, every format, each file exact or refused.
        Assert.Null(record.Limit);
        Assert.All(record.Models, m =>
        {
            Assert.True(Directory.Exists(Path.Combine(root, m.Run)), $"{m.Run}: not a committed run folder");
            Assert.Equal(10_000, m.TestImages);
            Assert.Equal([FormatBenchmarkRow.Pt, .. LayerCodecs.Names], m.Rows.Select(x => x.Format));
            Assert.All(m.Rows, x => Assert.True(x.Exact ^ x.Problem is not null, $"{m.Run} {x.Format}: neither exact nor refused"));
            Assert.All(m.Rows.Where(x => x.Exact), x => Assert.Equal(record.Repeats, x.LoadMs.Count));
        });
    }
}
