using System.Text.Json.Nodes;
using Kit.Experiments;
using Kit.Training;

namespace Kit.Tests.Resilience;

/// <summary>
/// A sweep entry that continued from another entry's shared stages (OUT/stages) and was killed resumes from the same stages
/// and ends as a run without any sharing would; if those stages are gone, it says so instead of mixing two runs.
/// Only the killed run is a child process; the others run in-process (torch collection: one thread, one class at a time).
/// </summary>
[Collection("torch")]
public class SharedStageResumeTests
{
    static string Comparable(string resultFile)
    {
        var o = TinyRuns.WithoutTimes(TinyRuns.ReadJson(resultFile)).AsObject();
        o.Remove("shared_stages");
        return o.ToJsonString();
    }

    [Fact]
    public void Entry_killed_after_reusing_stages_resumes_from_them_and_ends_as_an_unshared_run()
    {
        using var d = new TempDir();
        // Two entries that differ only in bits: entry 1 (part 1/2) shares entry 0's dense and pruned models.
        TinyRuns.Write(d.File("a.json"), TinyRuns.Compress with { Name = "tiny-3bit" });
        var b = TinyRuns.Write(d.File("b.json"), TinyRuns.Compress with { Name = "tiny-2bit", Quantize = TinyRuns.Compress.Quantize! with { Bits = 2 } });
        File.WriteAllText(d.File("sweep.json"), """{ "name": "shared", "specs": ["a.json", "b.json"] }""");
        var sweep = d.File("sweep.json");
        var out1 = d.File("out");
        var entry = Path.Combine(out1, Sweep.Load(sweep)[1].Folder);

        var (code, stdout, stderr) = CliRun.Run("sweep", sweep, "--shard", "0/2", "--out", out1);
        Assert.True(code == 0, stderr);
        Assert.Contains("2 entries, 10 epochs with shared stages (2 distinct dense/pruned models), 16 without", stdout);
        // Killed once its first own epoch (quantization ADMM) is journaled: dense and prune epochs were never trained here.
        KitProcess.KillAt("after-commit:0", d.Path, "kit", "sweep", sweep, "--shard", "1/2", "--out", out1);
        Assert.Equal(["quantize admm"], RunJournal.Read(entry).Units.Select(u => u.Phase));
        var orphan = d.File("orphan");
        CopyDir(out1, orphan, skip: "stages");

        (code, stdout, stderr) = CliRun.Run("sweep", sweep, "--shard", "1/2", "--out", out1);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("resuming", stdout);
        Assert.Contains("prune: reused shared stage", stdout);
        Assert.Equal(["quantize admm", "quantize retrain"], RunJournal.Read(entry).Units.Select(u => u.Phase));

        var plain = d.File("plain");
        (code, _, stderr) = CliRun.Run("compress", "--spec", b, "--out", plain);
        Assert.True(code == 0, stderr);
        Assert.Equal(Comparable(Path.Combine(plain, "result.json")), Comparable(Path.Combine(entry, "result.json")));
        Assert.Equal(
            TinyRuns.ReadJson(Path.Combine(plain, "result.json"))["accuracy"]!.GetValue<double>(),
            TinyRuns.ReadJson(Path.Combine(entry, "result.json"))["accuracy"]!.GetValue<double>());

        // The same killed entry without the stages it continued from: one clear message, no mixed run.
        (code, stdout, _) = CliRun.Run("sweep", sweep, "--shard", "1/2", "--out", orphan);
        Assert.Equal(1, code);
        Assert.Contains("which is no longer in the stage cache", stdout);
        Assert.Contains(RunJournal.PathIn(Path.Combine(orphan, Sweep.Load(sweep)[1].Folder)), stdout);
        Assert.False(File.Exists(Path.Combine(orphan, Sweep.Load(sweep)[1].Folder, "result.json")));
    }

    static void CopyDir(string from, string to, string skip)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            if (!Path.GetRelativePath(from, dir).StartsWith(skip, StringComparison.Ordinal))
                Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            if (!Path.GetRelativePath(from, f).StartsWith(skip, StringComparison.Ordinal))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, Path.GetRelativePath(from, f)))!);
                File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
            }
    }
}
