using Kit.Experiments;
using Kit.IO;
using Kit.Results;

namespace Kit.Tests.Results;

/// <summary>`kit targets`: an issue's accuracy targets against the committed runs.</summary>
public class AccuracyTargetsTests
{
    static void Write(string root, string name, long seed, double accuracy, double rate = 100, int bits = 32, string method = "admm",
        Dictionary<string, int>? layerBits = null, bool quick = false, string? start = null, double dense = 99.2)
    {
        var baseSpec = SpecGrid.LeNet5().First(s => s.Name == (method == "admm" ? "lenet5-mnist-irregular-100x-3bit" : "lenet5-mnist-irregular-100x-magnitude"));
        var spec = baseSpec with
        {
            Name = name, Seed = seed,
            Quantize = bits == 32 ? null : (baseSpec.Quantize ?? new QuantizeSpec()) with { Bits = bits, LayerBits = layerBits },
            Start = start is null ? null : new StartSpec { Run = start },
        };
        var dir = Path.Combine(root, $"{name}-seed{seed}");
        Directory.CreateDirectory(dir);
        AtomicFile.WriteWithChecksum(Path.Combine(dir, "result.json"), Json.Serialize(new CompressionResult
        {
            Name = name, Spec = spec, Quick = quick, Accuracy = accuracy, AccuracyAfterRetrain = accuracy, DenseAccuracy = dense,
            OverallRate = rate, Bits = bits, SpecSha256 = SpecIdentity.Hash(spec),
        }));
    }

    static AccuracyTargetSpec Spec(params AccuracyTarget[] t) => new() { Name = "t", Targets = [.. t] };
    static AccuracyTarget Irr(double rate, double min, int seeds, int bits = 32) =>
        new() { Dataset = "mnist", Scheme = "irregular", Method = "admm", Rate = rate, Bits = bits, MinAccuracy = min, Seeds = seeds };

    [Fact]
    public void The_best_mean_among_experiments_with_enough_seeds_decides_and_its_gap_is_the_mean_minus_the_target()
    {
        using var t = new TempDir();
        string r = t.File("results");
        Write(r, "a", 1, 99.0); Write(r, "a", 2, 99.2); Write(r, "a", 3, 99.1);   // mean 99.1, sd 0.1
        Write(r, "b", 1, 99.5);                                                    // higher, but one seed
        Write(Path.Combine(r, "study"), "c", 1, 98.9); Write(Path.Combine(r, "study"), "c", 2, 98.9); Write(Path.Combine(r, "study"), "c", 3, 98.9);
        var s = AccuracyTargets.Check(Spec(Irr(100, 99.05, 3)), r).Single();
        Assert.Equal("a", s.Best!.Experiment);
        Assert.Equal(3, s.Best.Seeds);
        Assert.Equal(99.1, s.Best.Mean, 9);
        Assert.Equal(0.1, s.Best.Sd, 9);
        Assert.Equal(0.05, s.Gap!.Value, 9);
        Assert.True(s.Met);
        Assert.Equal(3, s.Candidates);
        Assert.Equal(["a-seed1", "a-seed2", "a-seed3"], s.Best.Runs);
        Assert.Equal(99.2, s.Best.DenseMean, 9);
        Assert.Equal(0.1, s.Best.Drop, 9);

        // Asking one seed more than any experiment has: the best with fewer seeds is shown, not met.
        var four = AccuracyTargets.Check(Spec(Irr(100, 99.05, 4)), r).Single();
        Assert.Equal("b", four.Best!.Experiment);
        Assert.False(four.Met);
        Assert.Contains("mean reached, too few seeds", AccuracyTargets.ToMarkdown(Spec(Irr(100, 99.05, 4)), [four]));
    }

    [Fact]
    public void Rate_bits_method_and_dataset_must_match_and_rates_within_two_percent_count()
    {
        using var t = new TempDir();
        string r = t.File("results");
        Write(r, "at348", 1, 98.0, rate: 348.3);
        Write(r, "at360", 1, 99.0, rate: 360);
        Write(r, "mag348", 1, 99.5, rate: 348.3, method: "magnitude");
        Write(r, "q348", 1, 99.6, rate: 348.3, bits: 3);
        var s = AccuracyTargets.Check(Spec(Irr(348, 98.9, 1)), r).Single();
        Assert.Equal("at348", s.Best!.Experiment);
        Assert.Equal(1, s.Candidates);
        Assert.False(s.Met);
        Assert.Equal(-0.9, s.Gap!.Value, 9);
        var md = AccuracyTargets.ToMarkdown(Spec(Irr(348, 98.9, 1)), [s]);
        Assert.Contains("| 98.00 | - | -0.90 | short | 99.20 | 1.20 | 1 |", md);
        Assert.Contains("0 of 1 met", md);
        var fashion = AccuracyTargets.Check(Spec(Irr(348, 98.9, 1) with { Dataset = "fashion-mnist" }), r).Single();
        Assert.Null(fashion.Best);
        Assert.Contains("| none committed |", AccuracyTargets.ToMarkdown(Spec(fashion.Target), [fashion]));
    }

    [Fact]
    public void A_chain_run_is_followed_back_to_the_dense_run_it_began_from()
    {
        using var t = new TempDir();
        string study = t.File(Path.Combine("results", "study"));
        // dense (metrics.json, 99.3) -> 50x (records 99.3 as its start) -> 100x (records the 50x model's 99.1) -> 100x 4 bit (records 98.9).
        Directory.CreateDirectory(Path.Combine(study, "d-seed1"));
        File.WriteAllText(Path.Combine(study, "d-seed1", "metrics.json"), """{ "test_accuracy": 99.3 }""");
        Write(study, "p50", 1, 99.1, rate: 50, start: "d", dense: 99.3);
        Write(study, "p100", 1, 98.9, rate: 100, start: "p50", dense: 99.1);
        Write(study, "q100", 1, 98.8, rate: 100, bits: 4, start: "p100", dense: 98.9);
        var s = AccuracyTargets.Check(Spec(Irr(100, 99.0, 1, bits: 4)), t.File("results")).Single();
        Assert.Equal(99.3, s.Best!.DenseMean, 9);
        Assert.Equal(0.5, s.Best.Drop, 9);

        // A chain whose start is not committed is named, not guessed.
        Directory.Delete(Path.Combine(study, "p50-seed1"), recursive: true);
        var e = Assert.Throws<KitException>(() => AccuracyTargets.Check(Spec(Irr(100, 99.0, 1, bits: 4)), t.File("results")));
        Assert.Contains("p50-seed1", e.Message);
    }

    [Fact]
    public void Every_layer_targets_skip_runs_that_leave_a_layer_in_float()
    {
        using var t = new TempDir();
        string r = t.File("results");
        Write(r, "all1", 1, 98.0, bits: 1);
        Write(r, "conv1float", 1, 99.0, bits: 1, layerBits: new() { ["conv1"] = 32 });
        var target = new AccuracyTarget { Dataset = "mnist", Method = "admm", Bits = 1, MinAccuracy = 98.9, EveryLayer = true };
        Assert.Equal("all1", AccuracyTargets.Check(Spec(target), r).Single().Best!.Experiment);
        Assert.Equal("conv1float", AccuracyTargets.Check(Spec(target with { EveryLayer = false }), r).Single().Best!.Experiment);
    }

    [Fact]
    public void Quick_results_and_bad_target_files_are_refused_by_name()
    {
        using var t = new TempDir();
        string r = t.File("results");
        Write(r, "smoke", 1, 99.0, quick: true);
        Assert.Contains("quick-mode", Assert.Throws<KitException>(() => AccuracyTargets.Check(Spec(Irr(100, 99, 1)), r)).Message);

        string f = t.File("targets.json");
        File.WriteAllText(f, """{ "name": "x", "targets": [ { "dataset": "mnist", "min_accuracy": 99, "seeds": 0 } ] }""");
        var e = Assert.Throws<KitException>(() => AccuracyTargetSpec.Read(f));
        Assert.Contains("targets[0].seeds", e.Message);
        Assert.Contains(f, e.Message);
        File.WriteAllText(f, """{ "name": "x", "targets": [ { "dataset": "mnist", "min_accuracy": 99, "sedes": 3 } ] }""");
        Assert.Contains("sedes", Assert.Throws<KitException>(() => AccuracyTargetSpec.Read(f)).Message);
        File.WriteAllText(f, """{ "name": "x", "targets": [] }""");
        Assert.Contains("targets: empty", Assert.Throws<KitException>(() => AccuracyTargetSpec.Read(f)).Message);
    }

    [Fact]
    public void Every_committed_target_file_is_named_after_its_targets()
    {
        // Its blocks (`kit targets NAME`) render from specs/targets/NAME.json; `kit docs check` (DocsCheckTests) checks them.
        var root = Kit.Tests.Experiments.SpecTests.RepoRoot();
        foreach (var file in Directory.GetFiles(Path.Combine(root, "specs", "targets"), "*.json"))
            Assert.Equal(Path.GetFileNameWithoutExtension(file), AccuracyTargetSpec.Read(file).Name);
    }
}
