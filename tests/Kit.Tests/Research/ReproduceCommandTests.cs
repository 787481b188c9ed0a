using System.Text.Json.Nodes;
using Kit.Research;

namespace Kit.Tests.Reproduction;

[Collection("torch")]
public class ReproduceCommandTests
{
    [Fact]
    public void Tiny_reproduce_writes_tables_charts_findings_and_an_index()
    {
        using var d = new TempDir();
        var outDir = d.File("out");
        int rc = Kit.Cli.Program.BuildRoot().Parse(["reproduce", "--tiny", "--rq", "1", "4", "--no-notebooks", "--out", outDir, "--cache", d.File("cache"), "--threads", "1"]).Invoke();
        Assert.Equal(0, rc);
        foreach (var f in new[] { "index.html", "summary.json",
                     "rq1/pairs.csv", "rq1/storage.csv", "rq1/compute_model.csv", "rq1/random_masks.csv", "rq1/storage_per_format.html", "rq1/break_even_model.html", "rq1/findings.md",
                     "rq1/specs/lenet5-mnist-irregular-100x-4bit.json", "rq1/specs/lenet5-mnist-filter_column-10x-4bit.json",
                     "rq4/index_overhead.csv", "rq4/verdict.csv", "rq4/findings.md" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), $"missing {f}");
        Assert.False(Directory.Exists(Path.Combine(outDir, "rq2")));
        var index = File.ReadAllText(Path.Combine(outDir, "index.html"));
        Assert.Contains("rq1/pairs.csv", index);
        Assert.Contains("rq4/verdict.csv", index);
        // The page a newcomer reads: the mode first (tiny and quick runs are smoke scale), what ran, each RQ's findings, links.
        Assert.Contains("SMOKE SCALE (tiny mode", index);
        Assert.True(index.IndexOf("SMOKE SCALE", StringComparison.Ordinal) < index.IndexOf("What ran", StringComparison.Ordinal));
        Assert.Contains("href=\"#rq1\"", index);
        Assert.Contains("href=\"rq1/storage_per_format.html\"", index);
        Assert.Contains("not run (<code>--no-notebooks</code>)", index);
        // The claims are written in every mode, labelled as read from results/, not from this smoke run.
        Assert.True(File.Exists(Path.Combine(outDir, "claims.md")) && File.Exists(Path.Combine(outDir, "claims.json")));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(Kit.Research.Claims.ClaimsReport.EveryMode), index);
        // Chart pages carry plotly.js inline: they render with no network.
        var page = File.ReadAllText(Path.Combine(outDir, "rq1", "storage_per_format.html"));
        Assert.DoesNotContain("<script src=", page);
        Assert.Contains("Plotly.newPlot", page);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        Assert.Equal("tiny", summary["mode"]!.GetValue<string>());
        Assert.Equal([1, 4], summary["rqs"]!.AsArray().Select(r => r!["rq"]!.GetValue<int>()));
        Assert.NotEmpty(summary["rqs"]![0]!["findings"]!.AsArray());
        foreach (var f in summary["rqs"]!.AsArray().SelectMany(q => q!["findings"]!.AsArray()))
            Assert.Contains(System.Net.WebUtility.HtmlEncode(f!.GetValue<string>()), index);
        // Two models, each costed: one storage row per format of the irregular model plus the structured one.
        var pairs = File.ReadAllLines(Path.Combine(outDir, "rq1", "pairs.csv"));
        Assert.Equal(2, pairs.Length);
        Assert.Equal(7 + 1, File.ReadAllLines(Path.Combine(outDir, "rq1", "storage.csv")).Length);
        // No machine paths in what is written for people.
        Assert.DoesNotContain(d.Path, File.ReadAllText(Path.Combine(outDir, "rq1", "findings.md")));
    }

    [Fact]
    public void Second_request_for_a_run_is_served_from_the_cache()
    {
        using var d = new TempDir();
        var ctx = new ReproContext(ReproMode.Tiny, d.File("cache")) { Threads = 1 };
        var spec = ReproContext.Shipped("lenet5-mnist-filter_column-10x-float");
        var first = ctx.Compress("a", spec);
        Assert.False(first.FromCache);
        Assert.Equal(1, ctx.Computed);
        var second = ctx.Compress("b", spec);
        Assert.True(second.FromCache);
        Assert.Equal(1, ctx.Computed);
        Assert.Equal(first.Dir, second.Dir);
        Assert.Equal(first.Result.Accuracy, second.Result.Accuracy);
        Assert.True(File.Exists(second.ModelPath));
        // The reduced spec is what ran and what is keyed: tiny mode on 300 training images.
        Assert.Equal(300, second.Spec.Data.TrainLimit);
        // Another context on the same folder (a notebook after `kit reproduce`) reuses it too.
        var other = new ReproContext(ReproMode.Tiny, d.File("cache")) { Threads = 1 };
        Assert.True(other.Compress("c", spec).FromCache);
        Assert.Equal(0, other.Computed);
        // Another mode is another experiment.
        Assert.NotEqual(ctx.Cache.Key(new { kind = "compress", spec = ctx.Reduce(spec) }),
            ctx.Cache.Key(new { kind = "compress", spec = new ReproContext(ReproMode.Quick, d.File("cache")) { Threads = 1 }.Reduce(spec) }));
    }

    [Fact]
    public void Mode_comes_from_KIT_MODE_and_defaults_to_results()
    {
        Assert.Equal(ReproMode.Full, ReproModes.Parse("full"));
        Assert.Equal(ReproMode.Full, ReproModes.Parse(" FULL "));
        Assert.Equal(ReproMode.Results, ReproModes.Parse(null));
        Assert.Equal(ReproMode.Results, ReproModes.Parse(""));
        Assert.Equal(ReproMode.Results, ReproModes.Parse("results"));
        Assert.Equal(ReproMode.Quick, ReproModes.Parse("quick"));
        Assert.Equal(ReproMode.Tiny, ReproModes.Parse("tiny"));
        // A typo must not silently pick a mode: one mode trains for hours, the default trains nothing.
        var e = Assert.Throws<KitException>(() => ReproModes.Parse("bogus"));
        Assert.Contains("KIT_MODE", e.Message);
        Assert.Contains("bogus", e.Message);
    }

    [Fact]
    public void Results_mode_never_trains()
    {
        using var d = new TempDir();
        var ctx = new ReproContext(ReproMode.Results, d.File("cache")) { Threads = 1 };
        var e = Assert.Throws<KitException>(() => ctx.Compress("a", ReproContext.Shipped("lenet5-mnist-filter_column-10x-float")));
        Assert.Contains("KIT_MODE=quick", e.Message);
        Assert.Equal(0, ctx.Computed);
        // The recompute entry points of RQ1-RQ3 answer without running anything.
        Assert.NotNull(Rq1StorageCompute.Run(ctx, d.File("none.json")).Unavailable);
        Assert.NotNull(Rq2Pareto.Run(ctx).Unavailable);
        Assert.NotNull(Rq3Admm.Run(ctx).Unavailable);
        Assert.False(Directory.Exists(d.File("cache")) && Directory.EnumerateFileSystemEntries(d.File("cache")).Any(e => !Path.GetFileName(e).StartsWith('.')));
    }

    /// <summary>`kit reproduce` with no mode flag reads the repository's committed study: one points row per published experiment, nothing trained.</summary>
    [Fact]
    public void Default_reproduce_reads_the_committed_study()
    {
        using var d = new TempDir();
        var outDir = d.File("out");
        int rc = Kit.Cli.Program.BuildRoot().Parse(["reproduce", "--no-notebooks", "--out", outDir, "--cache", d.File("cache")]).Invoke();
        Assert.Equal(0, rc);
        foreach (var f in new[] { "rq1/matched_pairs.csv", "rq1/coverage.csv", "rq2/points.csv", "rq3/retraining.csv", "rq3/committed_runs.csv", "rq4/study_index.csv", "rq4/index_overhead.csv", "rq5/findings.md", "claims.md", "claims.json" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), $"missing {f}");
        // Oracle: the published compressed runs of the committed study, counted from the folder names (seed suffix dropped).
        var study = Path.Combine(Kit.Tests.Experiments.SpecTests.RepoRoot(), "results", "study");
        int experiments = Directory.EnumerateDirectories(study, "study-*").Where(x => File.Exists(Path.Combine(x, "result.json")))
            .Select(x => System.Text.RegularExpressions.Regex.Replace(Path.GetFileName(x), "-seed[0-9]+$", "")).Distinct().Count();
        Assert.Equal(experiments + 1, File.ReadAllLines(Path.Combine(outDir, "rq2", "points.csv")).Length);
        // The verdict's rows, one pair per (dataset, bits, tolerance) cell.
        var cells = File.ReadAllLines(Path.Combine(Kit.Tests.Experiments.SpecTests.RepoRoot(), "results", "verdict.csv")).Skip(1)
            .Select(l => string.Join(",", l.Split(',').Take(3))).Distinct().Count();
        Assert.Equal(cells + 1, File.ReadAllLines(Path.Combine(outDir, "rq1", "matched_pairs.csv")).Length);
        var index = File.ReadAllText(Path.Combine(outDir, "index.html"));
        Assert.Contains("committed full-scale results", index);
        Assert.DoesNotContain("SMOKE SCALE", index);
        Assert.Contains("nothing was trained", index);
        Assert.Contains("nothing trained: every number read from the committed results", index);
        // The claims table: the one README.md quotes, with the matched pairs added.
        var claims = Kit.Research.Claims.ClaimsAudit.Audit(Kit.Tests.Experiments.SpecTests.RepoRoot());
        Assert.Contains(Kit.Research.Claims.ClaimsReport.ToMarkdown(claims, pairs: true), File.ReadAllText(Path.Combine(outDir, "claims.md")));
        Assert.Contains("<section id=\"claims\">", index);
        Assert.False(Directory.Exists(d.File("cache")) && Directory.EnumerateDirectories(d.File("cache")).Any(x => !Path.GetFileName(x).StartsWith('.')));
        Assert.DoesNotContain(d.Path, File.ReadAllText(Path.Combine(outDir, "rq2", "points.csv")));
    }
}
