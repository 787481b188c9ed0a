using System.Globalization;
using Kit.Experiments;
using Kit.IO;
using Kit.Research;
using Kit.Study;
using Kit.Tests.Resilience;

namespace Kit.Tests.Experiments;

/// <summary>What a shared stage's identity holds (and leaves out), and the epochs a list of runs needs with and without sharing.</summary>
public class StageKeysTests
{
    static readonly CompressionSpec Base = TinyRuns.Compress;

    static List<string> Keys(CompressionSpec s, int threads = 1, string device = "cpu") =>
        StageKeys.Of(s, threads, device).Select(x => ExperimentCache.CanonicalJson(x.Identity)).ToList();

    [Fact]
    public void Stages_are_shared_exactly_when_what_trains_them_is_equal()
    {
        var dense = Keys(Base)[0];
        var prune = Keys(Base)[1];
        // Not part of what trains them: names, where the data live, the quantization that follows.
        var renamed = Base with { Name = "other", Description = "x", Data = Base.Data with { DataDir = "elsewhere" }, Quantize = Base.Quantize! with { Bits = 2 } };
        Assert.Equal([dense, prune], Keys(renamed));
        Assert.Equal(dense, Keys(Base with { Prune = Base.Prune! with { Steps = [new PruneStepSpec { Rate = 9 }] } })[0]);
        Assert.NotEqual(prune, Keys(Base with { Prune = Base.Prune! with { Steps = [new PruneStepSpec { Rate = 9 }] } })[1]);

        // Part of it: seed, threads, device, data subset, the dense schedule.
        Assert.NotEqual(dense, Keys(Base with { Seed = 4 })[0]);
        Assert.NotEqual(dense, Keys(Base, threads: 2)[0]);
        Assert.NotEqual(dense, Keys(Base, device: "cuda")[0]);
        Assert.NotEqual(dense, Keys(Base with { Data = Base.Data with { TrainLimit = 255 } })[0]);
        Assert.NotEqual(dense, Keys(Base with { Dense = new DenseSpec { Train = Base.Dense.Train with { Lr = 0.03 } } })[0]);
        // A different dense model makes every prune stage different too.
        Assert.NotEqual(prune, Keys(Base with { Seed = 4 })[1]);
    }

    [Fact]
    public void Progressive_steps_share_their_prefix_and_name_their_phases()
    {
        var three = Base with { Prune = Base.Prune! with { Steps = [new() { Rate = 2 }, new() { Rate = 4 }, new() { Rate = 8 }] } };
        var two = Base with { Prune = Base.Prune! with { Steps = [new() { Rate = 2 }, new() { Rate = 4 }, new() { Rate = 16 }] } };
        var stages = StageKeys.Of(three, 1, "cpu");
        Assert.Equal(["dense", "prune 1/3", "prune 2/3", "prune 3/3"], stages.Select(s => s.Name));
        Assert.Equal(["prune 2/3 admm", "prune 2/3 retrain"], stages[2].Phases.Order());
        Assert.Equal(Keys(three).Take(3), Keys(two).Take(3));
        Assert.NotEqual(Keys(three)[3], Keys(two)[3]);
        // A one-step 2x run names its phases "prune ...": not the same stage as step 1 of 3.
        Assert.NotEqual(Keys(three)[1], Keys(Base with { Prune = Base.Prune! with { Steps = [new() { Rate = 2 }] } })[1]);
    }

    static string Root()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Kit.sln"))) root = Path.GetDirectoryName(root)!;
        return root;
    }

    [Fact]
    public void Plan_of_the_shipped_sweep_counts_each_dense_and_pruned_model_once()
    {
        var root = Root();
        var entries = Sweep.Load(Path.Combine(root, "specs", "sweeps", "lenet5-mnist-schemes-bits.json"));
        var plan = StagePlan.Of(entries.Select(e => e.Spec));
        // The shipped schedule (SpecGrid): dense 15 epochs; a prune step 6 ADMM periods x 2 epochs + 8 retraining; 3-bit
        // quantization 4 x 2 ADMM + 2 retraining. 2 schemes x 2 rates x {float, 3 bit} x 3 seeds.
        int dense = 15, prune = 6 * 2 + 8, quant = 4 * 2 + 2;
        Assert.Equal(24, plan.Runs);
        Assert.Equal(12 * (dense + prune) + 12 * (dense + prune + quant), plan.UnsharedEpochs);
        Assert.Equal(3 * dense + 12 * prune + 12 * quant, plan.SharedEpochs);
        Assert.Equal(3 + 12, plan.Stages);
        // In sweep order the first entry of a seed trains its dense and pruned model; its 3-bit twin only quantizes.
        var each = StagePlan.EpochsEach(entries.Select(e => e.Spec).ToList());
        Assert.Equal(plan.SharedEpochs, each.Sum());
        Assert.Equal(dense + prune, each[entries.FindIndex(e => e.Name.EndsWith("irregular-10x-float-s1"))]);
        Assert.Equal(quant, each[entries.FindIndex(e => e.Name.EndsWith("irregular-10x-3bit-s1"))]);
        Assert.Equal(prune, each[entries.FindIndex(e => e.Name.EndsWith("irregular-20x-float-s1"))]);
    }

    /// <summary>The README's table of epochs with and without sharing says what the commands it names print.</summary>
    [Fact]
    public void Readme_epoch_table_matches_the_commands()
    {
        var root = Root();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        int a = readme.IndexOf("<!-- shared-stage-epochs", StringComparison.Ordinal), b = readme.IndexOf("<!-- /shared-stage-epochs -->", StringComparison.Ordinal);
        Assert.True(a >= 0 && b > a, "README.md has no shared-stage-epochs block");
        var rows = readme[a..b].Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains("`./kit", StringComparison.Ordinal))
            .ToDictionary(l => l.Split('|')[5].Trim().Trim('`'), l => l.Split('|')[2..5].Select(c => int.Parse(c.Trim(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ToArray());

        EpochPlan Sweep(string file, bool quick) => StagePlan.Of(Kit.Experiments.Sweep.Load(Path.Combine(root, "specs", "sweeps", file), quick).Select(e => e.Spec));
        EpochPlan Repro(ReproMode mode)
        {
            var ctx = new ReproContext(mode, Path.Combine(root, "artifacts", "no-cache-read")) { Threads = 2 };
            return ReproPlan.Epochs(ReproPlan.For(ctx, root, Reproducer.AllRqs));
        }
        var expected = new Dictionary<string, int[]>
        {
            ["./kit sweep specs/sweeps/lenet5-mnist-schemes-bits.json --list"] = Row(Sweep("lenet5-mnist-schemes-bits.json", false)),
            ["./kit sweep specs/sweeps/lenet5-mnist-schemes-bits.json --list --quick"] = Row(Sweep("lenet5-mnist-schemes-bits.json", true)),
            ["./kit sweep specs/sweeps/lenet5-mnist-tiny.json --list"] = Row(Sweep("lenet5-mnist-tiny.json", false)),
            ["./kit sweep specs/sweeps/lenet5-mnist-tiny.json --list --quick"] = Row(Sweep("lenet5-mnist-tiny.json", true)),
            ["./kit reproduce --quick --plan"] = Row(Repro(ReproMode.Quick)),
            ["./kit reproduce --full --plan"] = Row(Repro(ReproMode.Full)),
        };
        Assert.Equal(expected.Keys.Order(), rows.Keys.Order());
        foreach (var (command, numbers) in expected) Assert.True(numbers.SequenceEqual(rows[command]), $"{command}: README says {string.Join(", ", rows[command])}, the plan is {string.Join(", ", numbers)}");
    }

    static int[] Row(EpochPlan p) => [p.Runs, p.SharedEpochs, p.UnsharedEpochs];
}
