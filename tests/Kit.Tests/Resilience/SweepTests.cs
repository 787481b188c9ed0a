using System.Text.Json.Nodes;
using Kit.Experiments;
using Kit.IO;

namespace Kit.Tests.Resilience;

/// <summary>Sweep files, disjoint deterministic parts, and merging result folders with duplicates, missing and corrupt results.</summary>
public class SweepTests
{
    static string WriteSweep(TempDir d, string json, CompressionSpec? baseSpec = null)
    {
        TinyRuns.Write(d.File("base.json"), baseSpec ?? TinyRuns.Compress);
        File.WriteAllText(d.File("sweep.json"), json);
        return d.File("sweep.json");
    }

    const string Grid = """
    { "name": "g", "specs": ["base.json"],
      "grid": { "base": "base.json", "schemes": ["irregular", "filter", "column"], "rates": [4, 8], "bits": [32, 3], "seeds": [1, 2] } }
    """;

    [Fact]
    public void Parts_are_disjoint_cover_the_sweep_and_do_not_depend_on_who_computes_them()
    {
        using var d = new TempDir();
        var path = WriteSweep(d, Grid);
        var entries = Sweep.Load(path);
        Assert.Equal(1 + 3 * 2 * 2 * 2, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => e.SpecSha256).Distinct().Count());
        Assert.Equal(entries.Select(e => e.SpecSha256), Sweep.Load(path).Select(e => e.SpecSha256));
        Assert.Contains(entries, e => e.Name == "g-filter-8x-3bit-s2" && e.Spec.Quantize!.Bits == 3 && e.Spec.Prune!.Steps.Single().Rate == 8 && e.Spec.Seed == 2);
        Assert.Contains(entries, e => e.Name == "g-column-4x-float-s1" && e.Spec.Quantize is null);
        for (int n = 1; n <= 7; n++)
        {
            var parts = Enumerable.Range(0, n).Select(i => entries.Where(e => e.Shard(n) == i).Select(e => e.Index).ToList()).ToList();
            Assert.Equal(Enumerable.Range(0, entries.Count), parts.SelectMany(p => p).Order());
            Assert.All(parts, p => Assert.True(p.Count >= entries.Count / n && p.Count <= entries.Count / n + 1));
        }
    }

    [Fact]
    public void The_shipped_example_sweep_expands_to_24_valid_experiments()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Kit.sln"))) root = Path.GetDirectoryName(root)!;
        var entries = Sweep.Load(Path.Combine(root, "specs", "sweeps", "lenet5-mnist-schemes-bits.json"));
        Assert.Equal(24, entries.Count);
        Assert.Equal(12, entries.Count(e => e.Spec.Quantize is null));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_tiny_sweep_ci_runs_on_slurm_is_valid_in_both_modes(bool quick)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Kit.sln"))) root = Path.GetDirectoryName(root)!;
        var entries = Sweep.Load(Path.Combine(root, "specs", "sweeps", "lenet5-mnist-tiny.json"), quick);
        Assert.Equal(8, entries.Count);
        Assert.All(entries, e => Assert.Equal(1000, e.Spec.Data.TrainLimit));
        // CI's 2-task array: part I holds seed I+1's entries only, so the tasks share no stage and neither waits for the
        // other; task 0's first entry trains its dense model itself (CI requeues it in the middle of that).
        Assert.All(entries, e => Assert.Equal(e.Shard(2) + 1, e.Spec.Seed));
    }

    [Theory]
    [InlineData("""{ "name": "g", "specs": ["base.json"], "gird": {} }""", "'gird' could not be mapped")]
    [InlineData("""{ "name": "g", "specs": ["base.json", "base.json"] }""", "specs[1] (base.json) is the same experiment as specs[0]")]
    [InlineData("""{ "name": "g", "specs": ["nope.json"] }""", "specs[0]: spec file")]
    [InlineData("""{ "name": "g", "grid": { "base": "base.json", "rates": [] } }""", "grid.rates is empty")]
    [InlineData("""{ "name": "g", "grid": { "base": "base.json", "rates": [0.5] } }""", "prune.steps[0].rate must be >= 1")]
    [InlineData("""{ "name": "g", "grid": { "base": "base.json", "seeds": "1" } }""", "at field 'grid.seeds'")]
    [InlineData("""{ "name": "", "specs": ["base.json"] }""", "name must be a non-empty string")]
    public void Bad_sweep_files_name_the_problem(string json, string expected)
    {
        using var d = new TempDir();
        var path = WriteSweep(d, json);
        var e = Assert.Throws<KitException>(() => Sweep.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("-1/2")]
    [InlineData("1")]
    [InlineData("a/b")]
    public void Bad_shard_is_one_clear_line(string shard)
    {
        using var d = new TempDir();
        var path = WriteSweep(d, Grid);
        var (code, _, stderr) = CliRun.Run("sweep", path, "--shard", shard, "--out", d.File("out"));
        Assert.Equal(1, code);
        Assert.StartsWith("error: --shard: expected I/N", stderr);
        Assert.False(Directory.Exists(d.File("out")));
    }

    [Fact]
    public async Task Two_parts_in_two_processes_then_merge_detects_duplicates_missing_and_corrupt_results()
    {
        using var d = new TempDir();
        var spec = TinyRuns.Compress with
        {
            Dense = new DenseSpec { Train = TinyRuns.Compress.Dense.Train with { Epochs = 1 } },
            Prune = TinyRuns.Compress.Prune! with { Admm = TinyRuns.Compress.Prune.Admm with { Periods = 1 }, Retrain = TinyRuns.Compress.Prune.Retrain with { Epochs = 1 } },
            Quantize = null,
        };
        var path = WriteSweep(d, """{ "name": "m", "grid": { "base": "base.json", "schemes": ["irregular", "filter"] } }""", spec);
        var outDir = d.File("out");
        var parts = Enumerable.Range(0, 2).Select(i => KitProcess.Start(["sweep", path, "--shard", $"{i}/2", "--out", outDir])).ToList();
        foreach (var p in parts)
        {
            var err = p.StandardError.ReadToEndAsync();
            var o = await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, await err + o);
            Assert.Contains("1 ran, 0 already done, 0 failed", o);
            p.Dispose();
        }
        var table = d.File("table.csv");
        var (code, stdout, stderr) = CliRun.Run("merge", outDir, "--sweep", path, "--out", table, "--require-complete");
        Assert.True(code == 0, stderr);
        Assert.Contains("2 experiments, 0 duplicated, 0 missing, 0 corrupt", stdout);
        var lines = File.ReadAllLines(table);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("name,spec_sha256,", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("m-filter,") && l.Contains(",cpu,"));

        // A copy of one result elsewhere is a duplicate; a deleted one is missing; an edited one is corrupt.
        var entries = Sweep.Load(path);
        var copy = d.File("copy");
        Directory.CreateDirectory(copy);
        foreach (var f in new[] { "result.json", "result.json.sha256" })
            File.Copy(Path.Combine(outDir, entries[0].Folder, f), Path.Combine(copy, f));
        File.Delete(Path.Combine(outDir, entries[1].Folder, "result.json"));
        (code, stdout, stderr) = CliRun.Run("merge", outDir, copy, "--sweep", path, "--out", d.File("report.json"));
        Assert.Equal(0, code);
        Assert.Contains("1 experiments, 1 duplicated, 1 missing, 0 corrupt", stdout);
        Assert.Contains("warning: duplicate m-irregular", stderr);
        Assert.Contains("warning: missing [1] m-filter", stderr);
        var report = TinyRuns.ReadJson(d.File("report.json"));
        Assert.Equal(entries[1].SpecSha256, (string?)report["missing"]![0]!["spec_sha256"]);

        var edited = Path.Combine(copy, "result.json");
        File.WriteAllText(edited, File.ReadAllText(edited).Replace("\"bits\": 32", "\"bits\": 3"));
        (code, _, stderr) = CliRun.Run("merge", copy, "--out", d.File("t2.csv"), "--require-complete");
        Assert.Equal(1, code);
        Assert.Contains($"corrupt result, not merged: {edited}: corrupt or modified", stderr);
        Assert.False(File.Exists(d.File("t2.csv")));
    }

    [Fact]
    public void The_readme_shows_the_shipped_sweep_file_and_job_script_verbatim()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Kit.sln"))) root = Path.GetDirectoryName(root)!;
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var sweep = File.ReadAllText(Path.Combine(root, "specs", "sweeps", "lenet5-mnist-schemes-bits.json"));
        Assert.Contains("`specs/sweeps/lenet5-mnist-schemes-bits.json`, 24 experiments):\n\n```json\n" + sweep + "```\n", readme);
        var script = File.ReadAllText(Path.Combine(root, "scripts", "slurm", "kit-sweep.sbatch"));
        Assert.StartsWith("#!/bin/bash\n", script);
        Assert.Contains("<!-- slurm-job-script -->\n```bash\n" + script + "```\n<!-- /slurm-job-script -->", readme);
    }
}
