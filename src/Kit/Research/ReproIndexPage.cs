using System.Net;
using System.Text;
using Kit.Notebooks;
using Kit.Research.Claims;
using static System.FormattableString;

namespace Kit.Research;

/// <summary>
/// artifacts/reproduce/index.html: the page a newcomer opens after `./kit reproduce`. It says first which mode ran (a
/// quick run is SMOKE SCALE, in a banner), then what ran and how long, the findings of each research question with links
/// to its tables, charts, specs and executed notebook, and the executed notebooks. Every link is relative.
/// </summary>
public static class ReproIndexPage
{
    public sealed record Run(ReproMode Mode, IReadOnlyList<Reproducer.RqSummary> Questions, int Computed, double Seconds,
        IReadOnlyList<NotebookRunResult>? Notebooks, string NotebooksFolder = "notebooks", ClaimsAuditResult? Claims = null);

    const string Css =
        "body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24;line-height:1.45}" +
        "main{max-width:1000px;margin:0 auto;padding:1.5em 2em;background:#fff;min-height:100vh;box-sizing:border-box}" +
        ".banner{padding:.8em 1em;border-radius:6px;margin:1em 0;font-size:1.05em}.smoke{background:#fff4d6;border:2px solid #e0a800}" +
        ".full{background:#e7f6ec;border:2px solid #2e9b57}table{border-collapse:collapse}td,th{padding:.25em .8em;text-align:left;border-bottom:1px solid #e3e6ea}" +
        "td.num{text-align:right;white-space:nowrap}.ok{color:#1e7d3a}.bad{color:#b00020;font-weight:bold}section{margin:1.2em 0 1.8em}" +
        ".links{font-size:.95em}.links a{margin-right:.7em}.scale{color:#8a6100;font-weight:bold;font-size:.85em}";

    public static string Html(Run run)
    {
        var smoke = run.Mode.IsSmoke();
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>kit reproduce: ").Append(run.Mode.Name())
          .Append(" mode</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");
        sb.Append("<h1>Reproduction of Ma et al., <i>Non-Structured DNN Weight Pruning</i>: ").Append(run.Mode.Name()).Append(" mode</h1>\n");
        sb.Append("<div class=\"banner ").Append(smoke ? "smoke" : "full").Append("\"><b>").Append(Enc(run.Mode.Scale())).Append("</b>")
          .Append(run.Mode switch
          {
              _ when smoke => ". These numbers show that every experiment runs end to end; they are not results to quote. <code>./kit reproduce --full</code> runs the shipped specs (hours on 2 cores).",
              ReproMode.Results => ". Every number is read from the committed runs (<code>results/study</code>, <code>results/verdict.csv</code>, <code>results/</code>); nothing was trained. <code>./kit reproduce --quick</code> recomputes at smoke scale, <code>--full</code> at full scale.",
              _ => ". The shipped specs as they are.",
          })
          .Append("</div>\n");
        var notebooksSeconds = run.Notebooks?.Sum(n => n.Seconds) ?? 0;
        sb.Append("<p>kit ").Append(Enc(KitInfo.Version)).Append(" · ").Append(Minutes(run.Seconds)).Append(" in all · ")
          .Append(run.Mode == ReproMode.Results ? "nothing trained: every number read from the committed results"
              : run.Computed + " experiment run(s) computed, the others served from the experiment cache (<code>artifacts/cache</code>)").Append("</p>\n");

        sb.Append("<h2>What ran</h2>\n<table>\n<tr><th>step</th><th>time</th><th>output</th></tr>\n");
        foreach (var q in run.Questions)
            sb.Append("<tr><td><a href=\"#rq").Append(q.Rq).Append("\">").Append(Enc(q.Title)).Append("</a></td><td class=\"num\">").Append(Secs(q.Seconds))
              .Append("</td><td>").Append(Enc(Outputs(q))).Append("</td></tr>\n");
        if (run.Notebooks is { } nbs)
        {
            var ok = nbs.Count(n => n.Ok);
            sb.Append("<tr><td><a href=\"#notebooks\">executed notebooks</a></td><td class=\"num\">").Append(Secs(notebooksSeconds)).Append("</td><td class=\"")
              .Append(ok == nbs.Count ? "ok\">" : "bad\">").Append($"{ok} of {nbs.Count} ran without a cell error").Append("</td></tr>\n");
        }
        else sb.Append("<tr><td>notebooks</td><td></td><td>not run (<code>--no-notebooks</code>)</td></tr>\n");
        if (run.Claims is { } audit)
            sb.Append("<tr><td><a href=\"#claims\">the paper's claims</a></td><td></td><td>").Append(Enc(ClaimsReport.Counts(audit))).Append("</td></tr>\n");
        sb.Append("</table>\n");

        sb.Append("<h2>Findings</h2>\n<p>Computed from the tables by the code that made them, never written in advance.</p>\n");
        foreach (var q in run.Questions) Question(sb, run, q, smoke);
        if (run.Claims is { } claims) ClaimsSection(sb, claims);

        if (run.Notebooks is { Count: > 0 } list)
        {
            sb.Append("<h2 id=\"notebooks\">Executed notebooks</h2>\n<p>Each ran headlessly with the real kernel; the page shows its markdown, code and outputs.</p>\n")
              .Append("<table>\n<tr><th>notebook</th><th>status</th><th>code cells</th><th>time</th><th>files</th></tr>\n");
            foreach (var n in list)
            {
                var stem = Path.GetFileNameWithoutExtension(n.Notebook);
                sb.Append("<tr><td>").Append(Link($"{run.NotebooksFolder}/{stem}.html", stem)).Append("</td><td class=\"").Append(n.Ok ? "ok\">ok" : "bad\">" + Enc($"{n.Errors.Count} error(s)"))
                  .Append("</td><td class=\"num\">").Append(n.CodeCells).Append("</td><td class=\"num\">").Append(Secs(n.Seconds)).Append("</td><td class=\"links\">")
                  .Append(Link($"{run.NotebooksFolder}/{n.Notebook}", "ipynb")).Append(Link($"{run.NotebooksFolder}/{stem}.log", "log")).Append("</td></tr>\n");
            }
            sb.Append("</table>\n");
        }
        sb.Append("<h2>Everything else</h2>\n<p class=\"links\">").Append(Link("summary.json", "summary.json"))
          .Append(" (the same findings, machine-readable); the specs exactly as they ran are under each <code>rqN/specs/</code>.</p>\n");
        return sb.Append("</main>\n</body>\n</html>\n").ToString();
    }

    public static void Write(string outDir, Run run) => IO.AtomicFile.WriteAllText(Path.Combine(outDir, "index.html"), Html(run));

    static void Question(StringBuilder sb, Run run, Reproducer.RqSummary q, bool smoke)
    {
        sb.Append("<section id=\"rq").Append(q.Rq).Append("\">\n<h3>").Append(Enc(q.Title)).Append("</h3>\n");
        if (q.Scale is string own && own != run.Mode.Scale()) sb.Append("<div>").Append(Enc(own)).Append("</div>\n");
        else if (smoke) sb.Append("<div class=\"scale\">SMOKE SCALE</div>\n");
        sb.Append("<ul>\n");
        foreach (var f in q.Findings) sb.Append("<li>").Append(Enc(f)).Append("</li>\n");
        sb.Append("</ul>\n");
        if (q.Notes.Count > 0)
        {
            sb.Append("<details><summary>notes (").Append(q.Notes.Count).Append(")</summary><ul>\n");
            foreach (var n in q.Notes) sb.Append("<li>").Append(Enc(n)).Append("</li>\n");
            sb.Append("</ul></details>\n");
        }
        var tables = q.Files.Where(f => f.EndsWith(".csv", StringComparison.Ordinal)).ToList();
        var charts = q.Files.Where(f => f.EndsWith(".html", StringComparison.Ordinal)).ToList();
        var notebook = run.Notebooks?.FirstOrDefault(n => n.Notebook.Contains($"-rq{q.Rq}-", StringComparison.Ordinal));
        sb.Append("<p class=\"links\">");
        if (notebook is not null)
            sb.Append("<b>notebook</b> ").Append(Link($"{run.NotebooksFolder}/{Path.GetFileNameWithoutExtension(notebook.Notebook)}.html", Path.GetFileNameWithoutExtension(notebook.Notebook)))
              .Append(notebook.Ok ? "" : "<span class=\"bad\">(cell errors)</span> ").Append("<br>");
        if (tables.Count > 0) sb.Append("<b>tables</b> ").AppendJoin("", tables.Select(t => Link(t, Path.GetFileNameWithoutExtension(t)))).Append("<br>");
        if (charts.Count > 0) sb.Append("<b>charts</b> ").AppendJoin("", charts.Select(c => Link(c, Path.GetFileNameWithoutExtension(c)))).Append("<br>");
        sb.Append(Link($"rq{q.Rq}/findings.md", "findings.md")).Append("</p>\n</section>\n");
    }

    /// <summary>The claims table (<see cref="ClaimsReport"/>), labelled with what it reads: never this run's experiments.</summary>
    static void ClaimsSection(StringBuilder sb, ClaimsAuditResult audit)
    {
        sb.Append("<section id=\"claims\">\n<h2>The paper's claims</h2>\n<div>").Append(Enc($"Every kit figure is {ClaimsReport.Provenance}: {ClaimsReport.EveryMode}."))
          .Append("</div>\n<p>").Append(Enc("Status: " + ClaimsReport.Counts(audit) + ".")).Append("</p>\n")
          .Append("<table>\n<tr><th>claim</th><th>paper</th><th>kit</th><th>status</th><th>rerun</th></tr>\n");
        foreach (var r in audit.Rows)
        {
            string css = r.Verdict == ClaimsAudit.Reproduced ? " class=\"ok\"" : r.Verdict == ClaimsAudit.NotReproduced ? " class=\"bad\"" : "";
            sb.Append("<tr><td title=\"").Append(Enc("rule: " + r.Rule + "; evidence: " + r.Evidence)).Append("\"><b>").Append(Enc(r.Id)).Append("</b>: ").Append(Enc(r.Claim))
              .Append("</td><td>").Append(Enc(r.Paper)).Append("</td><td>").Append(Enc(r.Kit)).Append("</td><td").Append(css).Append('>').Append(Enc(r.Verdict))
              .Append("</td><td><code>").Append(Enc(r.Command)).Append("</code></td></tr>\n");
        }
        sb.Append("</table>\n<p class=\"links\">").Append(Link(ClaimsReport.MarkdownFile, ClaimsReport.MarkdownFile))
          .Append(" (with each rule, its evidence and the matched pairs) ").Append(Link(ClaimsReport.JsonFile, ClaimsReport.JsonFile))
          .Append("</p>\n</section>\n");
    }

    static string Outputs(Reproducer.RqSummary q)
    {
        int Count(string ext) => q.Files.Count(f => f.EndsWith(ext, StringComparison.Ordinal) && !f.Contains("/specs/", StringComparison.Ordinal));
        return $"{Count(".csv")} table(s), {Count(".html")} chart(s), {q.Files.Count(f => f.Contains("/specs/", StringComparison.Ordinal))} spec(s)";
    }

    static string Link(string path, string text) =>
        $"<a href=\"{Enc(string.Join('/', path.Split('/').Select(Uri.EscapeDataString)))}\">{Enc(text)}</a>";

    static string Secs(double s) => s >= 60 ? Invariant($"{Math.Floor(s / 60):F0} min {Math.Floor(s % 60):F0} s") : Invariant($"{s:F0} s");
    static string Minutes(double s) => s >= 60 ? Invariant($"{s / 60:F1} min") : Invariant($"{s:F0} s");
    static string Enc(string s) => WebUtility.HtmlEncode(s);
}
