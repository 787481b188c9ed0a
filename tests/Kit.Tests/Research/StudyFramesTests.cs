using Kit.Research;
using Kit.Research.Study;
using VerdictRow = Kit.Study.VerdictRow;

namespace Kit.Tests.Research;

/// <summary>
/// The results-mode builders on a hand-made results folder: means and sds over seeds computed by hand, Pareto fronts
/// against a brute-force dominance check, the accuracy-matched pairs of a verdict, the index figures of cost.json.
/// </summary>
public class StudyFramesTests
{
    const double Sd2 = 0.28284271247461906; // sample sd of {99.0, 98.6}
    const double SdBits = 141.42135623730951; // sample sd of {1000, 1200}

    /// <summary>MNIST: two dense seeds; irregular ADMM 10x (2 seeds) and 20x, magnitude 10x, filter+column 10x and 20x at float; irregular ADMM 10x at 4 bits.</summary>
    static SyntheticStudy Standard()
    {
        var s = new SyntheticStudy();
        s.Dense("mnist", 1, 99.0); s.Dense("mnist", 2, 99.2);
        var k8 = new[] { new SyntheticStudy.Layer("conv1", 500, 5, 1, 0, 1, 0), new SyntheticStudy.Layer("fc1", 400000, 5, 8, 4, 8, 6) };
        var k9 = new[] { new SyntheticStudy.Layer("conv1", 500, 5, 1, 0, 1, 0), new SyntheticStudy.Layer("fc1", 400000, 5, 9, 2, 9, 8) };
        s.Run("mnist", "irregular-admm", "irregular", "admm", 10, 32, 1, 99.0, 9_000_000, 1000, 1100, nonzeros: 10, layers: k8);
        s.Run("mnist", "irregular-admm", "irregular", "admm", 10, 32, 2, 98.6, 9_000_000, 1200, 1300, nonzeros: 10, layers: k9);
        s.Run("mnist", "irregular-admm", "irregular", "admm", 20, 32, 1, 98.0, 9_000_000, 600, 700);
        s.Run("mnist", "irregular-magnitude", "irregular", "magnitude", 10, 32, 1, 97.0, 9_000_000, 1050, 1100);
        s.Run("mnist", "filter_column-admm", "filter_column", "admm", 10, 32, 1, 98.9, 5000, 9_000_000, 9_000_000);
        s.Run("mnist", "filter_column-admm", "filter_column", "admm", 20, 32, 1, 98.95, 3000, 9_000_000, 9_000_000);
        s.Run("mnist", "irregular-admm", "irregular", "admm", 10, 4, 1, 98.7, 9_000_000, 400, 450);
        return s;
    }

    [Fact]
    public void Points_are_means_over_seeds_with_sample_sd_and_none_for_one_seed()
    {
        using var s = Standard();
        var study = StudyResults.Load(s.Results);
        Assert.Equal(99.1, study.DenseAccuracy["mnist"], 9);
        Assert.Equal([1L, 2L], study.DenseSeeds["mnist"]);
        var points = StudyPoints.Build(study.Runs);
        Assert.Equal(6, points.Count);
        var irr10 = points.Single(p => p.Experiment == "study-mnist-irregular-admm-10x");
        Assert.Equal(2, irr10.Seeds);
        Assert.Equal(98.8, irr10.Accuracy, 9);
        Assert.Equal(Sd2, irr10.AccuracySd!.Value, 9);
        Assert.Equal(1100, irr10.StoredBits, 9); // the cheapest exact format of each seed (CSR: 1000 and 1200)
        Assert.Equal(SdBits, irr10.StoredBitsSd!.Value, 9);
        Assert.Equal("csr", irr10.Format);
        var fc10 = points.Single(p => p.Experiment == "study-mnist-filter_column-admm-10x");
        Assert.Equal(1, fc10.Seeds);
        Assert.Null(fc10.AccuracySd);
        Assert.Equal(5000, fc10.StoredBits);
        Assert.Equal("structured", fc10.Format);
        // The frame carries the same numbers, one row per experiment, an empty sd for one seed.
        var frame = StudyPoints.Frame(points);
        Assert.Equal(6, frame.Rows.Count);
        int row = points.IndexOf(irr10);
        Assert.Equal(Sd2, (double)frame["accuracy_sd"][row]!, 9);
        Assert.Null(frame["accuracy_sd"][points.IndexOf(fc10)]);
        Assert.Equal("float", frame["bits"][row]);
    }

    [Fact]
    public void Fronts_per_scheme_and_bit_width_by_hand()
    {
        using var s = Standard();
        var points = StudyPoints.Build(StudyResults.Load(s.Results).Runs);
        StudyPoint P(string e) => points.Single(p => p.Experiment == e);
        // Irregular at float: 20x (98.0) and 10x ADMM (98.8) are on both fronts; magnitude 10x (97.0, 1050 bits) is beaten
        // on rate by ADMM 10x (same rate, more accurate) and on bits by ADMM 20x (600 bits, more accurate).
        Assert.True(P("study-mnist-irregular-admm-10x").OnRateFront && P("study-mnist-irregular-admm-10x").OnBitsFront);
        Assert.True(P("study-mnist-irregular-admm-20x").OnRateFront && P("study-mnist-irregular-admm-20x").OnBitsFront);
        Assert.False(P("study-mnist-irregular-magnitude-10x").OnRateFront || P("study-mnist-irregular-magnitude-10x").OnBitsFront);
        // Filter+column: 20x is both more compressed and more accurate than 10x, so 10x is on neither front.
        Assert.False(P("study-mnist-filter_column-admm-10x").OnRateFront || P("study-mnist-filter_column-admm-10x").OnBitsFront);
        Assert.True(P("study-mnist-filter_column-admm-20x").OnRateFront && P("study-mnist-filter_column-admm-20x").OnBitsFront);
        // A scheme alone at its bit width is its own front.
        Assert.True(P("study-mnist-irregular-admm-10x-4bit").OnRateFront);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Fronts_equal_brute_force_dominance(int seed)
    {
        var rng = new Random(seed);
        var pts = Enumerable.Range(0, 40).Select(_ => (X: 1 + rng.NextDouble() * 100, Acc: 90 + rng.NextDouble() * 9)).ToList();
        // Rate: i is dominated when some j has rate >= and accuracy >= (distinct random points: never both equal).
        var rate = pts.Select((p, i) => i).Where(i => !pts.Where((_, j) => j != i).Any(q => q.X >= pts[i].X && q.Acc >= pts[i].Acc)).ToHashSet();
        Assert.Equal(rate, StudyPoints.RateFront(pts.Select(p => (p.X, p.Acc)).ToList()).ToHashSet());
        // Stored bits: i is dominated when some j has bits <= and accuracy >=.
        var bits = pts.Select((p, i) => i).Where(i => !pts.Where((_, j) => j != i).Any(q => q.X <= pts[i].X && q.Acc >= pts[i].Acc)).ToHashSet();
        Assert.Equal(bits, StudyPoints.BitsFront(pts.Select(p => (p.X, p.Acc)).ToList()).ToHashSet());
        Assert.NotEmpty(rate);
        Assert.NotEqual(rate, bits); // the two questions differ on random points (more rate is better, more bits worse)
    }

    static VerdictRow V(string scheme, int bits, double tol, double? storage, double? sd = null, int seeds = 1, double? rate = 10, double? acc = 99) => new()
    {
        Dataset = "mnist", Bits = bits, TolerancePoints = tol, DenseAccuracy = 99.2, Scheme = scheme, Method = storage is null ? "" : "admm",
        Rate = storage is null ? null : rate, Accuracy = storage is null ? null : acc, Seeds = storage is null ? 0 : seeds,
        StorageBits = storage, StorageSd = sd, StorageFormat = storage is null ? "" : scheme == "irregular" ? "csr" : "structured",
    };

    [Fact]
    public void Pairs_set_irregular_against_the_structured_scheme_that_stores_least()
    {
        var rows = new List<VerdictRow>
        {
            // float, 0.3: irregular 1000 bits (sd 50) vs filter_column 4000 and column 3000 (sd 100): column is the structured side.
            V("irregular", 32, 0.3, 1000, 50, 2), V("filter_column", 32, 0.3, 4000), V("column", 32, 0.3, 3000, 100, 2),
            // 4-bit, 0.3: structured stores less, by 1.25x; 250 bits apart is more than the sds' sum 150.
            V("irregular", 4, 0.3, 1250, 100, 2), V("filter_column", 4, 0.3, 1000, 50, 2),
            // 4-bit, 0.1: only the structured scheme within; 3-bit, 0.1: nobody within.
            V("irregular", 4, 0.1, null), V("filter_column", 4, 0.1, 1000),
            V("irregular", 3, 0.1, null), V("filter_column", 3, 0.1, null),
        };
        var pairs = StudyPairs.Build(rows);
        var f03 = pairs.Single(p => p.Bits == 32);
        Assert.Equal("column", f03.StructuredScheme);
        Assert.Equal(StudyPairs.BothWithin, f03.Status);
        Assert.Equal("irregular", f03.Winner);
        Assert.Equal(3.0, f03.Margin!.Value, 9);
        Assert.True(f03.BeyondSeedSpread); // 2000 > 50 + 100
        var b4 = pairs.Single(p => p.Bits == 4 && p.TolerancePoints == 0.3);
        Assert.Equal("filter_column", b4.Winner);
        Assert.Equal(1.25, b4.Margin!.Value, 9);
        Assert.True(b4.BeyondSeedSpread);
        var one = pairs.Single(p => p.Bits == 4 && p.TolerancePoints == 0.1);
        Assert.Equal("only filter_column within", one.Status);
        Assert.Null(one.Margin);
        Assert.Equal("", one.Winner);
        Assert.Equal("none within", pairs.Single(p => p.Bits == 3).Status);
        // One seed on a side: no spread to compare with.
        var single = StudyPairs.Build([V("irregular", 8, 0.5, 500), V("filter_column", 8, 0.5, 900, 10, 2)]).Single();
        Assert.Null(single.BeyondSeedSpread);
        Assert.Equal("one seed: no sd", StudyPairs.Frame([single])["beyond_seed_spread"][0]);
    }

    [Fact]
    public void N_to_M_stands_beside_the_pair_never_as_its_structured_side()
    {
        // 2:4 stores least of the non-irregular schemes, but the structured side is filter_column; 1:4 is N:M's cheapest.
        var pair = StudyPairs.Build([V("irregular", 8, 0.3, 5000), V("filter_column", 8, 0.3, 4000), V("2:4", 8, 0.3, 3000, rate: 2), V("1:4", 8, 0.3, 2500, rate: 4)]).Single();
        Assert.Equal(("filter_column", "filter_column", 1.25), (pair.StructuredScheme, pair.Winner, Math.Round(pair.Margin!.Value, 9)));
        Assert.Equal(("1:4", 4.0, 2500.0), (pair.NmScheme, pair.NmRate!.Value, pair.NmStorageBits!.Value));
        Assert.Equal("1:4", StudyPairs.Frame([pair])["nm_scheme"][0]);
        // Only N:M within: the paper's two sides have no model, whatever N:M stores.
        var nmOnly = StudyPairs.Build([V("irregular", 4, 0.1, null), V("filter_column", 4, 0.1, null), V("2:4", 4, 0.1, 3000, rate: 2)]).Single();
        Assert.Equal(("none within", "2:4"), (nmOnly.Status, nmOnly.NmScheme));
        // CPU: a timed N:M model is never the structured side either.
        static Kit.Study.CpuAtBatch T(double us) => new() { Us = us, Seeds = 1 };
        var cpu = StudyCpuPairs.Build([V("irregular", 8, 0.3, 5000) with { CpuBatch1 = T(50) }, V("2:4", 8, 0.3, 3000, rate: 2) with { CpuBatch1 = T(10) },
            V("filter_column", 8, 0.3, 4000) with { CpuBatch1 = T(40) }]).Single();
        Assert.Equal(("filter_column", "filter_column"), (cpu.StructuredScheme, cpu.Faster));
    }

    [Fact]
    public void Verdict_csv_reads_back_what_kit_study_verdict_writes()
    {
        using var s = Standard();
        var study = StudyResults.Load(s.Results);
        Assert.False(study.VerdictCurrent); // no verdict.csv yet
        var rows = Kit.Study.Verdict.Build(study.Runs.Select(r => r.Run).ToList(), study.DenseAccuracy.ToDictionary());
        File.WriteAllText(Path.Combine(s.Results, "verdict.csv"), Kit.Study.Verdict.ToCsv(rows));
        var again = StudyResults.Load(s.Results);
        Assert.True(again.VerdictCurrent);
        Assert.Equal(rows.Count, again.Verdict.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal((rows[i].Dataset, rows[i].Bits, rows[i].TolerancePoints, rows[i].Scheme, rows[i].StorageWinner, rows[i].Seeds),
                (again.Verdict[i].Dataset, again.Verdict[i].Bits, again.Verdict[i].TolerancePoints, again.Verdict[i].Scheme, again.Verdict[i].StorageWinner, again.Verdict[i].Seeds));
            Assert.Equal(rows[i].StorageBits is null, again.Verdict[i].StorageBits is null);
            Assert.Equal(rows[i].Runs, again.Verdict[i].Runs);
        }
        // A run landing after the verdict that changes it (40x within 0.3 points of dense) makes it stale.
        s.Run("mnist", "irregular-admm", "irregular", "admm", 40, 32, 1, 98.9, 9_000_000, 400, 500);
        Assert.False(StudyResults.Load(s.Results).VerdictCurrent);
    }

    [Fact]
    public void Verdict_csv_reads_back_the_cpu_columns_and_an_older_file_without_them()
    {
        using var d = new TempDir();
        var row = V("irregular", 4, 0.3, 1250, 100, 2) with
        {
            CpuBatch1 = new Kit.Study.CpuAtBatch { Us = 12.5, Sd = 0.5, Seeds = 2, Winner = true, Margin = 1.3, BeyondSeedSpread = false },
            CpuBatch64 = new Kit.Study.CpuAtBatch { Us = 800, Seeds = 2 }, CpuThreads = 1, DenseCpuUsBatch1 = 70.1, IllustrativeCpuUs = 40.2,
        };
        var f = d.File("verdict.csv");
        File.WriteAllText(f, Kit.Study.Verdict.ToCsv([row, V("column", 4, 0.3, null)]));
        var back = VerdictCsv.Read(f);
        Assert.Equal(row.CpuBatch1, back[0].CpuBatch1);
        Assert.Equal((800.0, false), (back[0].CpuBatch64!.Us, back[0].CpuBatch64!.Winner));
        Assert.Equal((1, 70.1, 40.2), (back[0].CpuThreads!.Value, back[0].DenseCpuUsBatch1!.Value, back[0].IllustrativeCpuUs!.Value));
        Assert.Null(back[1].CpuBatch1);
        // A verdict.csv written before the CPU columns existed still reads, with no times.
        var old = File.ReadAllLines(f).Select(l => string.Join(",", l.Split(',').Where((_, i) => i < 16 || i == l.Split(',').Length - 1)));
        File.WriteAllLines(f, old);
        Assert.All(VerdictCsv.Read(f), r => Assert.Null(r.CpuBatch1));
        // RQ1's storage chart draws the verdict's sd over seeds as error bars.
        var pair = StudyPairs.Build([row, V("filter_column", 4, 0.3, 1000, 50, 2)]).Single();
        Assert.Equal((100.0, 50.0), (pair.IrregularStorageSd!.Value, pair.StructuredStorageSd!.Value));
    }

    [Fact]
    public void A_verdict_csv_without_a_column_or_with_a_bad_number_is_named()
    {
        using var d = new TempDir();
        var f = d.File("verdict.csv");
        File.WriteAllText(f, "dataset,bits\nmnist,float\n");
        Assert.Contains("no column 'tolerance_points'", Assert.Throws<KitException>(() => VerdictCsv.Read(f)).Message);
        // A well-formed row (every column of today's header, so later columns never break the case) with a bad rate.
        var header = Kit.Study.Verdict.CsvHeader.Split(',');
        var row = header.Select(c => c switch
        {
            "dataset" => "mnist", "bits" => "float", "tolerance_points" => "0.1", "dense_accuracy" => "99.25", "scheme" => "irregular",
            "method" => "admm", "rate" => "ten", "accuracy" => "99.17", "seeds" => "1", "storage_bits" => "687136",
            "storage_format" => "csr", "storage_winner" => "true", "storage_margin" => "1.87", "runs" => "x", _ => "",
        });
        File.WriteAllText(f, Kit.Study.Verdict.CsvHeader + "\n" + string.Join(",", row) + "\n");
        var e = Assert.Throws<KitException>(() => VerdictCsv.Read(f));
        Assert.Contains("verdict.csv:2", e.Message);
        Assert.Contains("rate", e.Message);
    }

    [Fact]
    public void Index_rows_come_from_cost_json_per_layer_and_over_seeds()
    {
        using var s = Standard();
        var rows = StudyIndex.Build(StudyResults.Load(s.Results).Runs);
        Assert.DoesNotContain(rows, r => r.Experiment.Contains("filter_column")); // irregular models only
        var r10 = rows.Single(r => r.Experiment == "study-mnist-irregular-admm-10x");
        Assert.Equal(2, r10.Seeds);
        Assert.Equal("conv1 1, fc1 8-9", r10.CsrK); // seeds chose different k for fc1
        Assert.Equal(8.5, r10.MaxCsrK, 9);
        Assert.Equal(3, r10.CsrFillers, 9); // per seed conv1 0 + fc1 4 and conv1 0 + fc1 2
        Assert.Equal(7, r10.RelativeFillers, 9); // 6 and 8
        Assert.Equal((6.0 / 10 + 8.0 / 10) / 2, r10.FillersPerNonzero, 9);
        // CSR bits 1000 and 1200 with 10 nonzeros of 32 bits: (1000 - 320) / 1000 and (1200 - 320) / 1200.
        Assert.Equal((0.68 + 880.0 / 1200) / 2, r10.CsrOverheadShare, 9);
        Assert.Equal(430500 * 32 / 1100.0, r10.PEq, 9);
    }

    [Fact]
    public void Methods_and_retraining_tables_by_hand()
    {
        using var s = Standard();
        var study = StudyResults.Load(s.Results);
        var methods = StudyAblations.Methods(study.Runs);
        var at10 = methods.Single(m => m.Scheme == "irregular" && m.TargetRate == 10);
        Assert.Equal(98.8, at10.AdmmAccuracy!.Value, 9);
        Assert.Equal(97.0, at10.MagnitudeAccuracy!.Value, 9);
        Assert.Equal(1.8, at10.Difference!.Value, 9);
        Assert.Null(at10.BeyondSeedSpread); // magnitude has one seed
        var at20 = methods.Single(m => m.Scheme == "irregular" && m.TargetRate == 20);
        Assert.Null(at20.MagnitudeAccuracy); // not published: shown empty, not left out
        Assert.DoesNotContain(methods, m => m.Scheme == "filter_column"); // pruned one way only
        var retraining = StudyAblations.Retraining(study.Runs);
        Assert.DoesNotContain(retraining, r => r.Rate == 10 && r.Scheme == "irregular" && r.Method == "admm" && r.Seeds != 2);
        Assert.All(retraining, r => Assert.Equal(5, r.RetrainingGain, 9)); // 90 after mapping -> 95 after retraining
        Assert.Equal(5, retraining.Count); // float experiments only
    }

    [Fact]
    public void Reports_state_what_the_data_rest_on()
    {
        using var s = Standard();
        var study = StudyResults.Load(s.Results);
        var rq2 = Rq2FromStudy.Report(study);
        Assert.Equal(ReproMode.Results, rq2.Mode);
        Assert.Equal(6, rq2.Table("points").Rows.Count);
        Assert.Equal(["accuracy_vs_rate_mnist_float", "accuracy_vs_bits_mnist_float", "accuracy_vs_rate_mnist_4-bit", "accuracy_vs_bits_mnist_4-bit"], rq2.Charts.Select(c => c.Name));
        Assert.Contains(rq2.Findings, f => f.StartsWith("mnist 4-bit:") && f.Contains("n=1, no sd"));
        Assert.Contains(rq2.Notes, n => n.Contains("was not found")); // no spec: missing schemes unknown, and it says so
        Assert.Contains(rq2.Notes, n => n.Contains("mean of 2 dense runs"));
        // The chart legend gives the seeds.
        Assert.Contains("irregular (n=1-2 seeds)", Kit.Charts.ChartPage.ToJson(rq2.Chart("accuracy_vs_rate_mnist_float")));
        var rq1 = Rq1FromStudy.Report(study);
        Assert.Contains(rq1.Notes, n => n.Contains("verdict.csv is absent"));
        var rq5 = Rq5TransferRobustness.Unavailable();
        Assert.Equal(rq5.Unavailable, rq5.Show("robustness_summary"));
        Assert.Throws<KitException>(() => rq2.Show("no_such_table")); // a report that has data still names a wrong name
    }

    [Fact]
    public void Diff_lists_every_changed_number_and_nothing_else()
    {
        using var committed = Standard();
        using var recomputed = Standard();
        // One run recomputed with another accuracy, one not recomputed.
        recomputed.Run("mnist", "filter_column-admm", "filter_column", "admm", 20, 32, 1, 98.5, 3000, 9_000_000, 9_000_000);
        Directory.Delete(Path.Combine(recomputed.StudyDir, "study-mnist-irregular-admm-10x-4bit-seed1"), recursive: true);
        var diffs = StudyDiff.Compare(StudyResults.Load(committed.Results), StudyResults.Load(recomputed.Results));
        var runs = diffs.Where(d => !d.What.StartsWith("verdict", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, runs.Count);
        var acc = runs.Single(d => d.Field == "accuracy");
        Assert.Equal("study-mnist-filter_column-admm-20x-seed1", acc.What);
        Assert.Equal(-0.45, acc.Difference!.Value, 9);
        Assert.Equal(("published", "not recomputed"), (runs.Single(d => d.Field == "run").Committed, runs.Single(d => d.Field == "run").Recomputed));
        Assert.Empty(StudyDiff.Compare(StudyResults.Load(committed.Results), StudyResults.Load(committed.Results)));
    }
}
