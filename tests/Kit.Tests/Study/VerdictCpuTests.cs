using System.Globalization;
using System.Text.Json.Nodes;
using Kit.Costs;
using Kit.IO;
using Kit.Study;

namespace Kit.Tests.Study;

/// <summary>
/// The verdict's CPU side on copies of committed study runs with hand-written cpu.json files: per batch size the fastest
/// scheme of each cell, its margin and spread flag (hand-computed), the dense reference, partial coverage said as such,
/// the illustrative profile columns, and inconsistent cpu.json files refused by name.
/// </summary>
public class VerdictCpuTests
{
    const string Dense1 = "study-mnist-dense-seed1", Dense2 = "study-mnist-dense-seed2";
    const string Fc10 = "study-mnist-filter_column-admm-10x-seed1", Fc10Bit8 = "study-mnist-filter_column-admm-10x-8bit-seed1";
    const string Fc60 = "study-mnist-filter_column-admm-60x-seed1", Irr25 = "study-mnist-irregular-admm-25x-seed1";

    /// <summary>
    /// Dense mean accuracy 99.245. Float cells: within 0.1 filter_column 10x (99.15) vs irregular 25x (99.17); within
    /// 0.3, 0.5 and 1.0 filter_column 60x (98.96) vs irregular 25x. 8 bit: filter_column 10x alone (never timed here).
    /// </summary>
    static TempDir Copy()
    {
        var dir = new TempDir();
        var source = Path.Combine(Kit.Tests.Experiments.SpecTests.RepoRoot(), "results", "study");
        foreach (var run in new[] { Dense1, Dense2, Fc10, Fc10Bit8, Fc60, Irr25 })
        {
            Directory.CreateDirectory(Path.Combine(dir.Path, run));
            foreach (var f in Directory.GetFiles(Path.Combine(source, run)).Where(f => !f.EndsWith("cpu.json")))
                File.Copy(f, Path.Combine(dir.Path, run, Path.GetFileName(f)));
        }
        return dir;
    }

    static void Cpu(TempDir dir, string run, double batch1, double batch64, int threads = 1, string? named = null, string load = "0.50",
        double[]? rounds1 = null, double[]? rounds64 = null) =>
        File.WriteAllText(Path.Combine(dir.Path, run, "cpu.json"), Json.Serialize(new CpuReport
        {
            Run = named ?? run, Threads = threads, Repeats = 101, Rounds = rounds1?.Length ?? 1,
            LoadBefore = "0.40 0.30 0.20 1/200 999", LoadAfter = $"{load} 0.30 0.20 1/200 1000", Machine = new MachineInfo("host", "os", "X64", 2, "cpu", "runtime", threads),
            Batches = [new CpuBatchTiming { Batch = 1, MedianUs = batch1, RoundsUs = [.. rounds1 ?? []] }, new CpuBatchTiming { Batch = 64, MedianUs = batch64, RoundsUs = [.. rounds64 ?? []] }],
        }));

    static void TimeAll(TempDir dir)
    {
        Cpu(dir, Fc10, 20, 900);
        Cpu(dir, Fc60, 10, 600);
        Cpu(dir, Irr25, 8, 1000);
        Cpu(dir, Dense1, 100, 5000, load: "4.25");
        Cpu(dir, Dense2, 120, 5200);
    }

    [Fact]
    public void Each_cell_gets_its_fastest_scheme_per_batch_with_its_margin()
    {
        using var dir = Copy();
        TimeAll(dir);
        var rows = Verdict.From(dir.Path, "study");
        VerdictRow At(int bits, double tol, string scheme) => rows.Single(r => r.Bits == bits && r.TolerancePoints == tol && r.Scheme == scheme);

        // Within 0.1: irregular 8 us vs filter_column 10x 20 us at batch 1; 1000 vs 900 at batch 64.
        Assert.True(At(32, 0.1, "irregular").CpuBatch1!.Winner);
        Assert.Equal(20.0 / 8, At(32, 0.1, "irregular").CpuBatch1!.Margin!.Value, 9);
        Assert.False(At(32, 0.1, "irregular").CpuBatch64!.Winner);
        Assert.True(At(32, 0.1, "filter_column").CpuBatch64!.Winner);
        Assert.Equal(1000.0 / 900, At(32, 0.1, "filter_column").CpuBatch64!.Margin!.Value, 9);
        // Within 0.3 .. 1.0: irregular 8 vs filter_column 60x 10 at batch 1; filter_column 600 vs 1000 at batch 64.
        foreach (var tol in new[] { 0.3, 0.5, 1.0 })
        {
            Assert.Equal(10.0 / 8, At(32, tol, "irregular").CpuBatch1!.Margin!.Value, 9);
            Assert.Equal(1000.0 / 600, At(32, tol, "filter_column").CpuBatch64!.Margin!.Value, 9);
            Assert.Null(At(32, tol, "filter_column").CpuBatch64!.BeyondSeedSpread); // one seed each: no spread
        }
        // The dense reference is the mean of the two dense runs; the 8-bit model was not timed.
        Assert.All(rows, r => Assert.Equal((110.0, 5100.0), (r.DenseCpuUsBatch1!.Value, r.DenseCpuUsBatch64!.Value)));
        Assert.All(rows.Where(r => r.Bits == 8), r => Assert.Null(r.CpuBatch1));
        Assert.All(rows, r => Assert.Equal(1, r.CpuThreads));

        var csv = Csv(Verdict.ToCsv(rows));
        var irr03 = csv.Single(r => r["bits"] == "float" && r["tolerance_points"] == "0.3" && r["scheme"] == "irregular");
        Assert.Equal(("8.0", "1000.0", "1", "1"), (irr03["cpu_us_batch1"], irr03["cpu_us_batch64"], irr03["cpu_seeds_timed"], irr03["cpu_threads"]));
        Assert.Equal(("true", "1.25", ""), (irr03["cpu_winner_batch1"], irr03["cpu_margin_batch1"], irr03["cpu_beyond_seed_spread_batch1"]));
        Assert.Equal(("false", ""), (irr03["cpu_winner_batch64"], irr03["cpu_margin_batch64"]));
        Assert.Equal(("110.0", "5100.0"), (irr03["dense_cpu_us_batch1"], irr03["dense_cpu_us_batch64"]));
        var fc8 = csv.First(r => r["bits"] == "8");
        Assert.Equal(("", "", "0", ""), (fc8["cpu_us_batch1"], fc8["cpu_us_batch64"], fc8["cpu_seeds_timed"], fc8["cpu_winner_batch1"]));
    }

    [Fact]
    public void The_summary_counts_cpu_winners_and_says_the_coverage_is_partial()
    {
        using var dir = Copy();
        TimeAll(dir);
        var md = VerdictSummary.ToMarkdown(Verdict.From(dir.Path, "study"), "results/study");
        Assert.DoesNotContain(VerdictCpuSummary.NotTimed, md);
        Assert.Contains("1 thread;", md);
        Assert.Contains("at batch 1 non-structured (irregular) runs fastest in 4 and structured pruning (filter, column) in 0 (margin beyond the seed spread in 0 of 4)", md);
        Assert.Contains("at batch 64 non-structured (irregular) runs fastest in 0 and structured pruning (filter, column) in 4 (margin beyond the seed spread in 0 of 4)", md);
        Assert.Contains("the dense model takes 110.0 us at batch 1 and 5100.0 us at batch 64", md);
        Assert.Contains("Partial: 3 of the 4 runs the rows name are timed", md);
        Assert.Contains("the 1-minute load average reached 4.25 on this 2-core machine: busier than its cores", md);
        Assert.Contains("| fastest on CPU, batch 1 | fastest on CPU, batch 64 |", md);
        Assert.Contains("| irregular 8.0 us (1.25x, beyond spread: 1 seed) | filter_column 600.0 us (1.67x, beyond spread: 1 seed) |", md);
        Assert.Contains("| not timed | not timed |", md); // the 8-bit cells

        Cpu(dir, Fc10Bit8, 15, 700);
        Cpu(dir, Dense1, 100, 5000, load: "1.5");
        var quiet = VerdictSummary.ToMarkdown(Verdict.From(dir.Path, "study"), "results/study");
        Assert.Contains("All 4 runs the rows name are timed. While timing, the 1-minute load average reached 1.5 on this 2-core machine.", quiet);
    }

    [Fact]
    public void Without_cpu_json_the_cpu_columns_stay_empty_and_the_summary_says_so()
    {
        using var dir = Copy();
        var rows = Verdict.From(dir.Path, "study");
        Assert.All(rows, r => Assert.True(r.CpuBatch1 is null && r.CpuBatch64 is null && r.DenseCpuUsBatch1 is null && r.CpuThreads is null));
        var md = VerdictSummary.ToMarkdown(rows, "results/study");
        Assert.Contains(VerdictCpuSummary.NotTimed, md);
        Assert.DoesNotContain("fastest on CPU", md);
    }

    [Fact]
    public void The_spread_flag_compares_the_difference_with_both_seed_sds()
    {
        static StudyRun Run(string exp, string scheme, long seed, double b1, double b64) =>
            new($"results/{exp}-seed{seed}", exp, "mnist", scheme, "admm", 20, 32, seed, 99.2, 1000, "csr", new RunCpu(b1, b64, 1, "x"));
        var dense = new Dictionary<string, double> { ["mnist"] = 99.2 };
        // Batch 1: irregular {10, 12} (mean 11, sd 1.414) vs filter_column {14, 16} (mean 15, sd 1.414): 4 > 2.83.
        // Batch 64: filter_column {500, 520} (mean 510, sd 14.14) vs irregular {1000, 1100} (mean 1050, sd 70.7): 540 > 84.9.
        var runs = new List<StudyRun> { Run("i", "irregular", 1, 10, 1000), Run("i", "irregular", 2, 12, 1100), Run("f", "filter_column", 1, 14, 500), Run("f", "filter_column", 2, 16, 520) };
        var rows = Verdict.Build(runs, dense, [0.1]);
        var i = rows.Single(r => r.Scheme == "irregular").CpuBatch1!;
        Assert.Equal((true, 15.0 / 11, true, 2), (i.Winner, i.Margin!.Value, i.BeyondSeedSpread!.Value, i.Seeds));
        Assert.Equal(Math.Sqrt(2), i.Sd!.Value, 9);
        var f = rows.Single(r => r.Scheme == "filter_column").CpuBatch64!;
        Assert.Equal((true, 1050.0 / 510, true), (f.Winner, f.Margin!.Value, f.BeyondSeedSpread!.Value));
        // Batch 1 closer: filter_column {12.5, 14.5} (mean 13.5): 2.5 < 2.83, not beyond the spread.
        var close = runs.Select(r => r.Scheme == "filter_column" ? r with { Cpu = r.Cpu! with { Batch1Us = r.Cpu.Batch1Us - 1.5 } } : r).ToList();
        Assert.False(Verdict.Build(close, dense, [0.1]).Single(r => r.Scheme == "irregular").CpuBatch1!.BeyondSeedSpread);
    }

    [Fact]
    public void The_timing_flag_asks_whether_the_runner_ups_fastest_round_is_slower_than_the_winners_slowest()
    {
        using var dir = Copy();
        TimeAll(dir);
        // Within 0.3: irregular 25x vs filter_column 60x, each timed in three rounds.
        // Batch 1: irregular rounds 7..9, filter_column 9.5..12: 9.5 > 9, beyond the timing spread.
        // Batch 64: filter_column 550..700, irregular 650..1200: 650 < 700, not beyond it.
        Cpu(dir, Irr25, 8, 1000, rounds1: [7, 8, 9], rounds64: [1200, 1000, 650]);
        Cpu(dir, Fc60, 10, 600, rounds1: [12, 9.5, 10], rounds64: [550, 600, 700]);
        var rows = Verdict.From(dir.Path, "study");
        var irr = rows.Single(r => r.Bits == 32 && r.TolerancePoints == 0.3 && r.Scheme == "irregular");
        var fc = rows.Single(r => r.Bits == 32 && r.TolerancePoints == 0.3 && r.Scheme == "filter_column");
        Assert.Equal((true, true, 7.0, 9.0, 3), (irr.CpuBatch1!.Winner, irr.CpuBatch1.BeyondTimingSpread!.Value, irr.CpuBatch1.LowUs!.Value, irr.CpuBatch1.HighUs!.Value, irr.CpuBatch1.Rounds));
        Assert.Equal((true, false), (fc.CpuBatch64!.Winner, fc.CpuBatch64.BeyondTimingSpread!.Value));
        // Within 0.1 the runner-up (filter_column 10x) has one round: no timing verdict.
        Assert.Null(rows.Single(r => r.Bits == 32 && r.TolerancePoints == 0.1 && r.Scheme == "irregular").CpuBatch1!.BeyondTimingSpread);

        var csv = Csv(Verdict.ToCsv(rows));
        var row = csv.Single(r => r["bits"] == "float" && r["tolerance_points"] == "0.3" && r["scheme"] == "irregular");
        Assert.Equal(("3", "7.0", "9.0", "650.0", "1200.0", "true", ""), (row["cpu_rounds"], row["cpu_round_low_batch1"], row["cpu_round_high_batch1"],
            row["cpu_round_low_batch64"], row["cpu_round_high_batch64"], row["cpu_beyond_timing_spread_batch1"], row["cpu_beyond_timing_spread_batch64"]));
        // The CSV reads back with the same flags.
        string file = Path.Combine(dir.Path, "verdict.csv");
        File.WriteAllText(file, Verdict.ToCsv(rows));
        var back = Kit.Research.Study.VerdictCsv.Read(file).Single(r => r.Bits == 32 && r.TolerancePoints == 0.3 && r.Scheme == "filter_column");
        Assert.Equal((false, 3, 550.0), (back.CpuBatch64!.BeyondTimingSpread!.Value, back.CpuBatch64.Rounds, back.CpuBatch64.LowUs!.Value));

        var md = VerdictSummary.ToMarkdown(rows, "results/study");
        Assert.Contains("| irregular 8.0 us (1.25x, beyond spread: 1 seed; timing: yes) | filter_column 600.0 us (1.67x, beyond spread: 1 seed; timing: no) |", md);
        Assert.Contains("(margin beyond the seed spread in 0 of 4; of the 3 cells whose runs were timed in rounds, beyond the timing spread in 3 (0 structured, 3 irregular wins))", md);
        Assert.Contains("(margin beyond the seed spread in 0 of 4; of the 3 cells whose runs were timed in rounds, beyond the timing spread in 0 (0 structured, 0 irregular wins))", md);
        Assert.Contains("Each run was timed in 1-3 rounds", md);
        // Rows' models with rounds: irregular 25x (9/7 at batch 1, 1200/650 at 64) and filter_column 60x (12/9.5, 700/550); median of two is their mean.
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"median over the rows' models: {(9.0 / 7 + 12 / 9.5) / 2:F2}x (worst {9.0 / 7:F2}x) at batch 1, {(1200.0 / 650 + 700.0 / 550) / 2:F2}x (worst {1200.0 / 650:F2}x) at batch 64"), md);
    }

    [Fact]
    public void Without_rounds_the_summary_says_the_timing_noise_is_not_measured()
    {
        using var dir = Copy();
        TimeAll(dir);
        var md = VerdictSummary.ToMarkdown(Verdict.From(dir.Path, "study"), "results/study");
        Assert.Contains("timed in one round, so the timing noise", md);
        Assert.DoesNotContain("timing: ", md);
    }

    [Fact]
    public void A_cpu_json_whose_rounds_do_not_match_its_count_is_refused_by_name()
    {
        using var dir = Copy();
        Cpu(dir, Fc60, 10, 600, rounds1: [9, 10, 11], rounds64: [600, 610]);
        var e = Assert.Throws<KitException>(() => Verdict.From(dir.Path, "study"));
        Assert.Contains($"{Fc60}/cpu.json: batch 64: rounds_us must hold 3", e.Message);
    }

    [Fact]
    public void The_illustrative_columns_are_the_compute_model_per_image_under_the_built_in_profiles()
    {
        using var dir = Copy();
        var csv = Csv(Verdict.ToCsv(Verdict.From(dir.Path, "study")));
        string Cell(string scheme, string column) => csv.First(r => r["bits"] == "float" && r["tolerance_points"] == "0.3" && r["scheme"] == scheme)[column];
        // filter_column: a dense GEMM on the shrunk shapes, t_mac per MAC (cpu 0.05 ns; accelerator 0.01 ns per bit at 32 bits).
        var fcLayers = Layers(dir, Fc60);
        long structured = fcLayers.Sum(l => l["structured_macs"]!.GetValue<long>());
        Assert.Equal(F(structured * 0.05 / 1e3), Cell("filter_column", "model_us_per_image_cpu_illustrative"));
        Assert.Equal(F(structured * 0.32 / 1e3), Cell("filter_column", "model_us_per_image_accelerator_illustrative"));
        // irregular: per layer nnz MACs * (t_mac + t_idx(k) + t_gather) * lambda + t_fixed.
        var irr = Layers(dir, Irr25).Where(l => l["nonstructured_macs"]!.GetValue<long>() > 0).ToList();
        double cpu = irr.Sum(l => l["nonstructured_macs"]!.GetValue<long>() * (0.05 + 0.1 + 0.15) * 1.1 + 500);
        double acc = irr.Sum(l => l["nonstructured_macs"]!.GetValue<long>() * (0.32 + 0.004 * l["index_bits"]!.GetValue<int>() + 0.01) * 1.3 + 100);
        Assert.Equal(F(cpu / 1e3), Cell("irregular", "model_us_per_image_cpu_illustrative"));
        Assert.Equal(F(acc / 1e3), Cell("irregular", "model_us_per_image_accelerator_illustrative"));
    }

    [Fact]
    public void Times_taken_with_different_thread_counts_are_refused_by_file()
    {
        using var dir = Copy();
        TimeAll(dir);
        Cpu(dir, Fc60, 10, 600, threads: 2);
        var e = Assert.Throws<KitException>(() => Verdict.From(dir.Path, "study"));
        Assert.Contains("different thread counts", e.Message);
        Assert.Contains($"{Fc60}/cpu.json", e.Message);
    }

    [Fact]
    public void A_cpu_json_of_another_run_is_refused_by_name()
    {
        using var dir = Copy();
        Cpu(dir, Fc60, 10, 600, named: Irr25);
        var e = Assert.Throws<KitException>(() => Verdict.From(dir.Path, "study"));
        Assert.Contains($"{Fc60}/cpu.json: times run '{Irr25}'", e.Message);
    }

    static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);

    static List<JsonNode> Layers(TempDir dir, string run) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, run, "cost.json")))!["compute"]!.AsArray().Select(n => n!).ToList();

    static List<Dictionary<string, string>> Csv(string text)
    {
        var lines = text.TrimEnd('\n').Split('\n');
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }
}
