using System.Text.Json.Nodes;
using Kit.Experiments;
using Kit.IO;
using Kit.Study;
using Kit.Tests.Experiments;

namespace Kit.Tests.Study;

/// <summary>`kit study compare`: a trial study paired run by run with the study it varies.</summary>
public class StudyComparisonTests
{
    static void Dense(string dir, string folder, string dataset, double accuracy)
    {
        Directory.CreateDirectory(Path.Combine(dir, folder));
        AtomicFile.WriteWithChecksum(Path.Combine(dir, folder, "metrics.json"),
            new JsonObject { ["spec"] = new JsonObject { ["data"] = new JsonObject { ["dataset"] = dataset } }, ["test_accuracy"] = accuracy }.ToJsonString());
    }

    static void Run(string dir, string folder, double accuracy, double afterMapping, int bits = 32, double exponent = 0.5, double? chosen = null)
    {
        Directory.CreateDirectory(Path.Combine(dir, folder));
        var spec = TinySpecs.Named("lenet5-mnist-irregular-100x-float") with { Name = folder };
        spec = spec with { Prune = spec.Prune! with { AllocationExponent = exponent } };
        var stages = new JsonArray();
        if (chosen is { } c) stages.Add(Json.ToNode(new StageResult { Phase = "prune", BudgetSearch = new BudgetChoice(c, 1, [new BudgetTrial(c, 100, 98)]) }));
        AtomicFile.WriteWithChecksum(Path.Combine(dir, folder, "result.json"), new JsonObject
        {
            ["name"] = folder, ["spec"] = Json.ToNode(spec), ["spec_sha256"] = folder, ["bits"] = bits,
            ["accuracy"] = accuracy, ["accuracy_after_mapping"] = afterMapping, ["overall_rate"] = 100.0, ["stages"] = stages,
        }.ToJsonString());
    }

    [Fact]
    public void A_budget_trial_shows_the_exponent_each_prune_step_ran_with_and_other_trials_do_not()
    {
        using var t = new TempDir();
        var (a, b) = TwoStudies(t);
        Assert.DoesNotContain("exponent", StudyComparison.ToMarkdown(a, b));

        string c = t.File("results/study-search");
        Dense(c, "search-mnist-dense-seed1", "mnist", 99.20);
        Run(c, "search-mnist-irregular-admm-12x-seed1", 99.12, 98.10, chosen: 0.5);
        Run(c, "search-mnist-irregular-admm-100x-seed1", 99.05, 97.50, chosen: 0.2);
        var rows = StudyComparison.Compare(a, c);
        var r100 = rows.Single(r => r.Run == "mnist-irregular-admm-100x-seed1");
        Assert.Equal((0.5, 0.2), (r100.BaselineExponent!.Value, r100.TrialExponent!.Value));
        Assert.Null(rows.Single(r => r.Run.Contains("dense")).TrialExponent);
        var md = StudyComparison.ToMarkdown(a, c);
        Assert.Contains("| baseline exponent | trial exponent |", md);
        Assert.Contains("| `mnist-irregular-admm-100x-seed1` | 98.90 | 99.05 | +0.15 | 97.00 | 97.50 | 0.5 | 0.2 |", md);
        Assert.Contains("| `mnist-dense-seed1` | 99.20 | 99.20 | 0.00 | - | - | - | - |", md);
    }

    static (string Baseline, string Trial) TwoStudies(TempDir t)
    {
        string a = t.File("results/study"), b = t.File("results/study-lr03");
        Dense(a, "study-mnist-dense-seed1", "mnist", 99.20);
        Dense(a, "study-fashion-mnist-dense-seed1", "fashion-mnist", 91.00);
        Run(a, "study-mnist-irregular-admm-12x-seed1", 99.10, 98.00);
        Run(a, "study-mnist-irregular-admm-100x-seed1", 98.90, 97.00);
        Run(a, "study-mnist-irregular-admm-100x-4bit-seed1", 98.80, 98.70, bits: 4);
        Run(a, "study-fashion-mnist-irregular-admm-100x-seed1", 89.00, 80.00);
        Dense(b, "lr03-mnist-dense-seed1", "mnist", 99.20);
        Run(b, "lr03-mnist-irregular-admm-100x-seed1", 99.15, 96.50);
        Run(b, "lr03-mnist-irregular-admm-12x-seed1", 99.00, 98.10);
        Run(b, "lr03-mnist-irregular-admm-348x-seed1", 98.00, 90.00);
        return (a, b);
    }

    [Fact]
    public void Pairs_each_trial_run_with_the_same_dataset_chain_rate_bits_and_seed_of_the_baseline()
    {
        using var t = new TempDir();
        var (a, b) = TwoStudies(t);
        var rows = StudyComparison.Compare(a, b);
        // Trial runs only, dense first, then rates in numeric order (12x before 100x before 348x).
        Assert.Equal(["mnist-dense-seed1", "mnist-irregular-admm-12x-seed1", "mnist-irregular-admm-100x-seed1", "mnist-irregular-admm-348x-seed1"], rows.Select(r => r.Run));
        var r100 = rows.Single(r => r.Run == "mnist-irregular-admm-100x-seed1");
        Assert.Equal(98.90, r100.Baseline);
        Assert.Equal(99.15, r100.Trial);
        Assert.Equal(0.25, r100.Difference!.Value, 9);
        Assert.Equal((97.00, 96.50), (r100.BaselineAfterMapping!.Value, r100.TrialAfterMapping!.Value));
        var r348 = rows.Single(r => r.Run.Contains("348x"));
        Assert.Null(r348.Baseline);
        Assert.Null(r348.Difference);
        Assert.Equal(0.0, rows.Single(r => r.Run == "mnist-dense-seed1").Difference);
    }

    [Fact]
    public void Markdown_summarises_only_compressed_pairs_and_says_what_the_baseline_has_besides()
    {
        using var t = new TempDir();
        var (a, b) = TwoStudies(t);
        string md = StudyComparison.ToMarkdown(a, b);
        // Two compressed pairs: +0.25 (100x) and -0.10 (12x); the dense pair and the unpaired 348x are not counted.
        Assert.Contains("Over the 2 compressed runs on both sides the trial is higher in 1, lower in 1, equal in 0; mean difference +0.08 points (min -0.10, max +0.25).", md);
        // Baseline: 6 runs (2 dense, 4 compressed), 3 of them paired.
        Assert.Contains("The baseline's 3 other runs", md);
        Assert.Contains("| `mnist-irregular-admm-348x-seed1` | - | 98.00 |  | - | 90.00 |", md);
        Assert.Contains("(study `lr03`)", md);
        Assert.Contains("(study `study`)", md);
    }

    [Fact]
    public void The_study_name_comes_from_the_dense_runs_whatever_the_dataset_name()
    {
        using var t = new TempDir();
        string d = t.File("r");
        Dense(d, "my-trial-fashion-mnist-dense-seed2", "fashion-mnist", 90.0);
        Dense(d, "my-trial-mnist-dense-seed2", "mnist", 99.0);
        Assert.Equal("my-trial", StudyComparison.StudyName(d));
    }

    [Fact]
    public void A_folder_without_one_study_is_refused_by_name()
    {
        using var t = new TempDir();
        string d = t.File("r");
        Directory.CreateDirectory(d);
        Assert.Contains("no dense run", Assert.Throws<KitException>(() => StudyComparison.StudyName(d)).Message);
        Dense(d, "a-mnist-dense-seed1", "mnist", 99.0);
        Dense(d, "b-mnist-dense-seed1", "mnist", 99.0);
        var e = Assert.Throws<KitException>(() => StudyComparison.StudyName(d));
        Assert.Contains("more than one study (a, b)", e.Message);
        Assert.Contains(d, e.Message);
        Assert.Contains("no such results folder", Assert.Throws<KitException>(() => StudyComparison.StudyName(t.File("absent"))).Message);
    }

    [Fact]
    public void A_corrupt_result_is_named_not_compared()
    {
        using var t = new TempDir();
        var (a, b) = TwoStudies(t);
        File.AppendAllText(Path.Combine(b, "lr03-mnist-irregular-admm-12x-seed1", "result.json"), " ");
        var e = Assert.Throws<KitException>(() => StudyComparison.Compare(a, b));
        Assert.Contains("corrupt", e.Message);
        Assert.Contains("lr03-mnist-irregular-admm-12x-seed1", e.Message);
    }
}
