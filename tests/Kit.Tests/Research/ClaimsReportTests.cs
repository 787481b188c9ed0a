using Kit.Research;
using Kit.Research.Claims;

namespace Kit.Tests.Research;

/// <summary>The claims table as README.md, `kit claims`, `kit reproduce` and its index page show it.</summary>
public class ClaimsReportTests
{
    static ClaimsAuditResult Made() => new(
    [
        new("a", "claim A", "10x", "9.5x | 99%", ClaimsAudit.Reproduced, "rule A", "results/x", "./kit claims"),
        new("b", "claim B", "-", "-", ClaimsAudit.NotMeasured, "rule B", "none", "specs/rq5-reduced/run.sh; ./kit rq5 summary artifacts/rq5"),
        new("c", "claim C", "-", "-", ClaimsAudit.NotMeasured, "rule C", "none", "-"),
    ], [], ClaimThresholds.Default);

    [Fact]
    public void Markdown_has_one_row_per_claim_and_each_rule_with_its_evidence()
    {
        var md = ClaimsReport.ToMarkdown(Made());
        var rows = md.Split('\n').Where(l => l.StartsWith("| **", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains("| 9.5x \\| 99% |", rows[0]);                   // a pipe in a figure does not split the cell
        Assert.Contains("| `specs/rq5-reduced/run.sh`; `./kit rq5 summary artifacts/rq5` |", rows[1]);
        Assert.EndsWith("| - |", rows[2]);
        Assert.Contains("- **a**: rule A. Evidence: results/x.", md);
        Assert.Contains("Status: 1 reproduced, 2 not measured yet.", md);
        Assert.Contains("at most 0.3 points against the unpruned baseline", md);
        Assert.DoesNotContain("Matched pairs", md);
        Assert.Contains("Matched pairs", ClaimsReport.ToMarkdown(Made(), pairs: true));
    }

    [Fact]
    public void Claims_into_rewrites_only_its_block_and_a_file_without_markers_changes_nothing()
    {
        using var d = new TempDir();
        var root = Kit.Tests.Experiments.SpecTests.RepoRoot();
        var results = Path.Combine(root, "results");
        var good = d.File("good.md");
        File.WriteAllText(good, $"before\n{Kit.Docs.GeneratedBlocks.Markers("claims").Begin}\nold\n{Kit.Docs.GeneratedBlocks.Markers("claims").End}\nafter\n");
        var bad = d.File("bad.md");
        File.WriteAllText(bad, "no markers\n");
        var (code, _, err) = CliRun.Run("claims", "--results", results, "--into", good, bad);
        Assert.Equal(1, code);
        Assert.Contains("bad.md", err);
        Assert.Contains("old", File.ReadAllText(good));                    // checked before anything is written
        (code, _, _) = CliRun.Run("claims", "--results", results, "--into", good);
        Assert.Equal(0, code);
        var text = File.ReadAllText(good);
        Assert.StartsWith("before\n", text);
        Assert.EndsWith($"{Kit.Docs.GeneratedBlocks.Markers("claims").End}\nafter\n", text);
        Assert.Equal(ClaimsReport.ToMarkdown(ClaimsAudit.Audit(root)), Kit.Docs.GeneratedBlocks.Markers("claims").Quoted(text, "good.md"));
        (code, _, err) = CliRun.Run("claims", "--results", d.File("none"));
        Assert.Equal(1, code);
        Assert.Contains("none", err);
    }

    [Fact]
    public void Json_lists_every_claim_and_the_thresholds()
    {
        var (code, stdout, _) = CliRun.Run("claims", "--results", Path.Combine(Kit.Tests.Experiments.SpecTests.RepoRoot(), "results"), "--json");
        Assert.Equal(0, code);
        var node = System.Text.Json.Nodes.JsonNode.Parse(stdout)!;
        Assert.Equal(ClaimsAudit.AccuracyTolerance, node["thresholds"]!["accuracy_tolerance"]!.GetValue<double>());
        Assert.Equal(10, node["claims"]!.AsArray().Count);
        foreach (var p in node["pairs"]!.AsArray())
            Assert.All(p!["structured"]!["runs"]!.AsArray(), r => Assert.StartsWith("results/", r!.GetValue<string>()));
    }

    [Fact]
    public void Index_page_shows_the_claims_and_says_they_do_not_come_from_the_run()
    {
        var html = ReproIndexPage.Html(new(ReproMode.Quick, [], 0, 10, null, Claims: Made()));
        var section = html[html.IndexOf("<section id=\"claims\">", StringComparison.Ordinal)..];
        Assert.Contains(System.Net.WebUtility.HtmlEncode(ClaimsReport.EveryMode), section);
        Assert.Contains("<td class=\"ok\">reproduced</td>", section);
        Assert.Contains("href=\"claims.md\"", section);
        Assert.Contains("href=\"#claims\"", html);
        Assert.DoesNotContain("id=\"claims\"", ReproIndexPage.Html(new(ReproMode.Quick, [], 0, 10, null)));
    }
}
