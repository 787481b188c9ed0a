using Kit.Research;
using Kit.Notebooks;

namespace Kit.Tests.Reproduction;

/// <summary>The reproduce index page, from a made-up run: mode banner, what ran, findings, links to every artifact kind.</summary>
public class ReproIndexPageTests
{
    static Reproducer.RqSummary Rq(int n, params string[] findings) =>
        new(n, $"RQ{n} · question {n}", 75.4, [$"rq{n}/t.csv", $"rq{n}/c.html", $"rq{n}/findings.md", $"rq{n}/specs/s.json"], findings.ToList(), ["not measured: x"]);

    static NotebookRunResult Nb(string name, bool ok) =>
        new(name, name, ok ? 0 : 2, 12, ok ? [] : [new CellError(3, "Error", "boom")], 9.6, Path.ChangeExtension(name, ".log"));

    [Fact]
    public void Quick_run_page_says_smoke_scale_first_then_times_findings_and_links()
    {
        var html = ReproIndexPage.Html(new(ReproMode.Quick, [Rq(1, "irregular <wins> storage"), Rq(4, "index bits grow")], 3, 600,
            [Nb("00-tour.ipynb", true), Nb("01-rq1-storage-compute.ipynb", true), Nb("04-rq4-index-overhead.ipynb", false)]));
        var banner = html.IndexOf("SMOKE SCALE (quick mode", StringComparison.Ordinal);
        Assert.True(banner > 0 && banner < html.IndexOf("What ran", StringComparison.Ordinal));
        Assert.Contains("10.0 min in all", html);
        Assert.Contains("3 experiment run(s) computed", html);
        Assert.Contains("<td class=\"num\">1 min 15 s</td>", html);         // RQ time
        Assert.Contains("2 of 3 ran without a cell error", html);
        Assert.Contains("<li>irregular &lt;wins&gt; storage</li>", html);  // findings are text, encoded
        Assert.Contains("href=\"rq1/t.csv\"", html);
        Assert.Contains("href=\"rq1/c.html\"", html);
        Assert.Contains("href=\"rq4/findings.md\"", html);
        // Each RQ links its own executed notebook; a failed one is flagged.
        Assert.Contains("href=\"notebooks/01-rq1-storage-compute.html\"", html);
        Assert.Contains("href=\"notebooks/04-rq4-index-overhead.html\">04-rq4-index-overhead</a><span class=\"bad\">(cell errors)", html);
        Assert.Contains("href=\"notebooks/00-tour.html\"", html);
    }

    [Fact]
    public void Full_run_page_has_no_smoke_label()
    {
        var html = ReproIndexPage.Html(new(ReproMode.Full, [Rq(2, "f")], 0, 30, null));
        Assert.DoesNotContain("SMOKE", html);
        Assert.Contains("full scale (shipped specs)", html);
        Assert.Contains("not run (<code>--no-notebooks</code>)", html);
    }

    [Fact]
    public void A_question_whose_numbers_do_not_depend_on_the_mode_carries_its_own_label_not_smoke_scale()
    {
        var rq4 = Rq(4, "index bits grow") with { Scale = Rq4IndexOverhead.ScaleLabel };
        var html = ReproIndexPage.Html(new(ReproMode.Quick, [Rq(1, "f"), rq4], 0, 30, null));
        var section = html[html.IndexOf("<section id=\"rq4\">", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains("exact cost model, no training", section);
        Assert.DoesNotContain("SMOKE SCALE", section);
        var rq1 = html[html.IndexOf("<section id=\"rq1\">", StringComparison.Ordinal)..];
        Assert.Contains("SMOKE SCALE", rq1[..rq1.IndexOf("</section>", StringComparison.Ordinal)]);
    }
}
