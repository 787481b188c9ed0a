using System.Text.Json.Nodes;
using Kit.Experiments;
using Kit.Tests.Resilience;
using Kit.Training;

namespace Kit.Tests.Experiments;

/// <summary>
/// Runs that share a prefix (dense model, pruned model) through the stage cache: the second trains none of the shared
/// epochs and ends bit-identical to a run of the same spec without the cache. The oracle is that plain run. Only the
/// killed run of the resume test is a child process.
/// </summary>
[Collection("torch")]
public class StageCacheTests(StageCacheTests.FirstRun first) : IClassFixture<StageCacheTests.FirstRun>
{
    /// <summary>
    /// The run that publishes the stages the tests continue from (tiny 5x, 3 bit; tests only add entries to its stage cache),
    /// and the oracle of two tests: tiny 5x, 2 bit, trained without any stage cache.
    /// </summary>
    public sealed class FirstRun : IDisposable
    {
        readonly TempDir dir = new();
        Outcome? plainTwoBit;
        public string Stages => dir.File("stages");
        internal Outcome Outcome { get; }
        internal Outcome PlainTwoBit => plainTwoBit ??= Run(Tiny(5, 2), dir.File("plain-2bit"), stages: null);
        public FirstRun() { TorchRuntime.Start(1); Outcome = Run(Tiny(5, 3), dir.File("first"), Stages); }
        public void Dispose() => dir.Dispose();
    }

    /// <summary>The tiny spec (dense 2, prune ADMM 2 + retrain 2, quantize 1 + 1 epochs) with a prune rate and bit width.</summary>
    static CompressionSpec Tiny(double rate, int bits) => TinyRuns.Compress with
    {
        Name = $"tiny-{rate}x-{bits}bit",
        Prune = TinyRuns.Compress.Prune! with { Steps = [new PruneStepSpec { Rate = rate }] },
        Quantize = TinyRuns.Compress.Quantize! with { Bits = bits },
    };

    internal sealed record Outcome(CompressionResult Result, JsonNode Json, List<string> TrainedPhases, string Log, string Dir);

    static Outcome Run(CompressionSpec spec, string dir, string? stages)
    {
        var phases = new List<string>();
        var log = new System.Text.StringBuilder();
        var r = CompressionPipeline.Run(spec, dir, new CompressionOptions { StageCache = stages, OnEpoch = e => phases.Add(e.Phase), Log = m => log.AppendLine(m) });
        // Phases whose epochs this run trained itself: its journal holds exactly those.
        var journaled = RunJournal.Read(dir).Units.Select(u => u.Phase).ToList();
        Assert.Equal(journaled, phases);
        return new Outcome(r, TinyRuns.ReadJson(Path.Combine(dir, "result.json")), journaled, log.ToString(), dir);
    }

    /// <summary>result.json without clock times, the machine and the stage provenance: what must not depend on sharing.</summary>
    static string Comparable(JsonNode result)
    {
        var o = TinyRuns.WithoutTimes(result).AsObject();
        o.Remove("shared_stages");
        return o.ToJsonString();
    }

    static void AssertSameWeights(string dirA, string dirB)
    {
        var (a, _) = Checkpoint.Load(Path.Combine(dirA, "model.pt"));
        var (b, _) = Checkpoint.Load(Path.Combine(dirB, "model.pt"));
        using (a)
        using (b)
        {
            var pb = b.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, p) in a.named_parameters())
                Assert.True(T.Same(p, pb[name]), $"{name} differs");
        }
    }

    [Fact]
    public void Entry_sharing_only_the_dense_spec_reuses_the_dense_model_and_ends_identical()
    {
        using var d = new TempDir();
        var stages = first.Stages;
        var second = Run(Tiny(8, 3), d.File("second"), stages);
        var plain = Run(Tiny(8, 3), d.File("plain"), stages: null);

        Assert.Contains("dense", first.Outcome.TrainedPhases);
        Assert.DoesNotContain("dense", second.TrainedPhases);
        Assert.Contains("prune admm", second.TrainedPhases);
        Assert.Equal(plain.TrainedPhases.Where(p => p != "dense"), second.TrainedPhases);
        Assert.Contains("dense: reused shared stage", second.Log);

        var denseFirst = Assert.Single(first.Outcome.Result.SharedStages!, s => s.Stage == "dense");
        var denseSecond = Assert.Single(second.Result.SharedStages!, s => s.Stage == "dense");
        Assert.False(denseFirst.Reused);
        Assert.True(denseSecond.Reused);
        Assert.Equal(denseFirst.Key, denseSecond.Key);
        Assert.Equal(2, denseSecond.Epochs);
        Assert.False(Assert.Single(second.Result.SharedStages!, s => s.Stage == "prune").Reused);
        Assert.True(Directory.Exists(new StageCache(stages).EntryDir(StageKeys.Of(Tiny(8, 3), 1, "cpu")[0])));
        Assert.Null(plain.Result.SharedStages);
        Assert.Null(plain.Json["shared_stages"]);
        Assert.Equal(denseSecond.Key, second.Json["shared_stages"]![0]!["key"]!.GetValue<string>());

        Assert.Equal(plain.Result.Accuracy, second.Result.Accuracy);
        Assert.Equal(Comparable(plain.Json), Comparable(second.Json));
        AssertSameWeights(plain.Dir, second.Dir);
    }

    [Fact]
    public void Entry_sharing_the_pruned_model_trains_only_its_quantization()
    {
        using var d = new TempDir();
        var second = Run(Tiny(5, 2), d.File("second"), first.Stages);
        var plain = first.PlainTwoBit;

        Assert.Equal(["quantize admm", "quantize retrain"], second.TrainedPhases.Distinct());
        Assert.All(second.Result.SharedStages!, s => Assert.True(s.Reused));
        Assert.Equal(["dense", "prune"], second.Result.SharedStages!.Select(s => s.Stage));
        Assert.Equal(Comparable(plain.Json), Comparable(second.Json));
        AssertSameWeights(plain.Dir, second.Dir);
        // The restored stages carry the ADMM log of the epochs they did not train (all but its clock times).
        Assert.Equal(AdmmLog(plain.Dir), AdmmLog(second.Dir));
    }

    static string AdmmLog(string dir)
    {
        var entries = TinyRuns.ReadJson(Path.Combine(dir, "admm_log.json")).AsArray();
        Assert.NotEmpty(entries);
        foreach (var e in entries) e!.AsObject().Remove("epoch_seconds");
        return entries.ToJsonString();
    }

    [Fact]
    public void Corrupt_stage_entry_is_named_set_aside_and_computed_again()
    {
        using var d = new TempDir();
        var stages = d.File("stages");
        CopyDir(first.Stages, stages);
        var spec = Tiny(5, 3);
        var dense = new StageCache(stages).EntryDir(StageKeys.Of(spec, 1, "cpu")[0]);
        var weights = Path.Combine(dense, "weights.pt");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]); // a half-written file

        var again = Run(spec, d.File("again"), stages);
        Assert.Contains($"{weights}: corrupt or truncated", again.Log);
        Assert.Contains("computing it again", again.Log);
        Assert.Single(Directory.GetDirectories(Path.Combine(stages, ".corrupt")));
        Assert.Equal(first.Outcome.TrainedPhases.Where(p => p == "dense"), again.TrainedPhases.Where(p => p == "dense"));
        // The pruned stage was sound: reused.
        Assert.DoesNotContain("prune admm", again.TrainedPhases);
        Assert.Equal(Comparable(first.Outcome.Json), Comparable(again.Json));
        Assert.Null(StageSnapshot.Problem(dense));
    }

    /// <summary>
    /// A sweep entry that continued from stages another part published (OUT/stages) and was killed resumes from the same
    /// stages and ends as a run without sharing; without those stages it says so instead of mixing two runs.
    /// </summary>
    [Fact]
    public void Sweep_entry_killed_after_reusing_stages_resumes_from_them_and_ends_as_an_unshared_run()
    {
        using var d = new TempDir();
        TinyRuns.Write(d.File("b.json"), Tiny(5, 2));
        File.WriteAllText(d.File("sweep.json"), """{ "name": "shared", "specs": ["b.json"] }""");
        var sweep = d.File("sweep.json");
        var out1 = d.File("out");
        CopyDir(first.Stages, SweepRunner.StagesDir(out1));
        var entry = Path.Combine(out1, Sweep.Load(sweep)[0].Folder);

        // A child process, killed once its first own epoch (quantization ADMM) is journaled: it trained no dense or prune epoch.
        KitProcess.KillAt("after-commit:0", d.Path, "kit", "sweep", sweep, "--out", out1);
        Assert.Equal(["quantize admm"], RunJournal.Read(entry).Units.Select(u => u.Phase));
        var orphan = d.File("orphan");
        CopyDir(out1, orphan, skip: "stages");

        var (code, stdout, stderr) = CliRun.Run("sweep", sweep, "--out", out1);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("resuming", stdout);
        Assert.Contains("prune: reused shared stage", stdout);
        Assert.Equal(["quantize admm", "quantize retrain"], RunJournal.Read(entry).Units.Select(u => u.Phase));
        Assert.Equal(Comparable(first.PlainTwoBit.Json), Comparable(TinyRuns.ReadJson(Path.Combine(entry, "result.json"))));
        AssertSameWeights(first.PlainTwoBit.Dir, entry);

        // The same killed entry without the stages it continued from: one clear message, no mixed run.
        var orphanEntry = Path.Combine(orphan, Sweep.Load(sweep)[0].Folder);
        (code, stdout, _) = CliRun.Run("sweep", sweep, "--out", orphan);
        Assert.Equal(1, code);
        Assert.Contains($"{RunJournal.PathIn(orphanEntry)}: this run continued from the shared stage 'dense'", stdout);
        Assert.Contains("which is no longer in the stage cache", stdout);
        Assert.False(File.Exists(Path.Combine(orphanEntry, "result.json")));
    }

    static void CopyDir(string from, string to, string? skip = null)
    {
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            if (skip is not null && Path.GetRelativePath(from, f).StartsWith(skip + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            var target = Path.Combine(to, Path.GetRelativePath(from, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target);
        }
    }
}
