using System.Globalization;
using System.Text;
using Kit.IO;

namespace Kit.Research.Claims;

/// <summary>
/// The claims table as people read it: the markdown block README.md quotes (`kit claims --into README.md`), claims.md and
/// claims.json beside the other outputs of `kit reproduce`, and a few console lines. Every figure is the audit's (read from
/// results/ by <see cref="ClaimsAudit"/>); nothing here computes a number.
/// </summary>
public static class ClaimsReport
{
    public const string MarkdownFile = "claims.md", JsonFile = "claims.json";

    /// <summary>What the figures cover.</summary>
    public const string Provenance = "read from the committed full-scale runs under results/ (or computed by the cost model)";
    /// <summary>Said next to the table wherever a mode ran: the claims never read the run's own (possibly smoke-scale) experiments.</summary>
    public const string EveryMode = "the same in every mode: the claims read the committed runs, never this run's own experiments";

    /// <summary>The README block: the table, then each row's rule and evidence; with <paramref name="pairs"/> also the matched pairs.</summary>
    public static string ToMarkdown(ClaimsAuditResult audit, bool pairs = false)
    {
        var ic = CultureInfo.InvariantCulture;
        var t = audit.Thresholds;
        var sb = new StringBuilder();
        sb.Append("One row per claim of the paper: its figure, the kit's figure ").Append(Provenance.Replace("results/", "`results/`"))
          .Append(", the status the rule below the table gives, and the command that reruns the evidence. ");
        sb.Append(ic, $"Thresholds: (almost) zero loss = a drop of at most {t.NearZeroLoss:0.##} points against the unpruned baseline; ");
        sb.Append(ic, $"equal accuracy = the structured model at most {t.AccuracyTolerance:0.##} points less accurate; a rate is reached at {t.RateFraction * 100:0.#}% of it. ");
        sb.Append("Status: ").Append(Counts(audit)).Append(".\n\n");
        sb.Append("| claim | paper | kit | status | rerun |\n|---|---|---|---|---|\n");
        foreach (var r in audit.Rows)
            sb.Append($"| **{Cell(r.Id)}**: {Cell(r.Claim)} | {Cell(r.Paper)} | {Cell(r.Kit)} | {Cell(r.Verdict)} | {Code(r.Command)} |\n");
        sb.Append("\nRules and evidence:\n\n");
        foreach (var r in audit.Rows)
            sb.Append($"- **{r.Id}**: {r.Rule}. Evidence: {r.Evidence}.\n");
        if (pairs) AppendPairs(sb, audit.Pairs);
        return sb.ToString();
    }

    /// <summary>"2 reproduced, 3 not reproduced, ..." in the order of first appearance.</summary>
    public static string Counts(ClaimsAuditResult audit) =>
        string.Join(", ", audit.Rows.GroupBy(r => r.Verdict.Split(':')[0]).Select(g => $"{g.Count()} {g.Key}"));

    static void AppendPairs(StringBuilder sb, List<MatchedPair> pairs)
    {
        var ic = CultureInfo.InvariantCulture;
        sb.Append("\nMatched pairs (the storage and computation rows), accuracy as mean over the seeds shown:\n\n");
        if (pairs.Count == 0) { sb.Append("none.\n"); return; }
        sb.Append("| bits | structured | irregular | structured bits | irregular bits | stores less | modelled time per image, structured vs irregular (us) | storage from |\n");
        sb.Append("|---|---|---|---|---|---|---|---|\n");
        foreach (var p in pairs)
            sb.Append(ic, $"| {p.Irregular.Bits} | `{p.Structured.Name}` {p.Structured.Rate:F1}x, {p.Structured.Final:F2}% ({Seeds(p.Structured.Seeds)}) ")
              .Append(ic, $"| `{p.Irregular.Name}` {p.Irregular.Rate:F1}x, {p.Irregular.Final:F2}% ({Seeds(p.Irregular.Seeds)}) ")
              .Append(ic, $"| {p.StructuredBits:N0} ({p.StructuredFormat}) | {p.IrregularBits:N0} ({p.IrregularFormat}) | {(p.StructuredStoresLess ? "structured" : "irregular")} ")
              .Append("| ").Append(string.Join("; ", p.Times.Select(x => string.Create(ic, $"{x.Profile} {x.StructuredNs / 1000:F1} vs {x.IrregularNs / 1000:F1}"))))
              .Append(" | ").Append(p.Source).Append(" |\n");
    }

    static string Seeds(int n) => $"{n} seed{(n == 1 ? "" : "s")}";

    /// <summary>A table cell: pipes escaped, line breaks flattened.</summary>
    static string Cell(string s) => s.Replace("|", "\\|").ReplaceLineEndings(" ");

    /// <summary>Commands as code spans, several separated by "; ".</summary>
    static string Code(string command) => command == "-" ? "-" : string.Join("; ", command.Split("; ").Select(c => $"`{c.Replace("`", "")}`"));

    /// <summary>Everything machine-readable: thresholds, rows and pairs (runs named by their results/ folders).</summary>
    public static string ToJson(ClaimsAuditResult audit) => Json.Serialize(new
    {
        kit_version = KitInfo.Version,
        provenance = Provenance,
        thresholds = audit.Thresholds,
        claims = audit.Rows,
        pairs = audit.Pairs.Select(p => new
        {
            bits = p.Irregular.Bits, dataset = p.Irregular.Dataset, storage_source = p.Source,
            structured = Side(p.Structured, p.StructuredBits, p.StructuredFormat),
            irregular = Side(p.Irregular, p.IrregularBits, p.IrregularFormat),
            structured_stores_less = p.StructuredStoresLess,
            times_ns_illustrative = p.Times.Select(x => new { profile = x.Profile, structured = x.StructuredNs, irregular = x.IrregularNs }),
        }),
    }) + "\n";

    static object Side(CommittedExperiment e, long bits, string format) => new
    {
        experiment = e.Name, scheme = e.Scheme, rate = e.Rate, accuracy = e.Final, seeds = e.Seeds, bits_stored = bits, format,
        runs = e.Folders.Select(f => "results/" + f),
    };

    /// <summary>OUT/claims.md (the table, rules and pairs) and OUT/claims.json; returns the paths.</summary>
    public static List<string> Write(string outDir, ClaimsAuditResult audit)
    {
        Directory.CreateDirectory(outDir);
        string md = Path.Combine(outDir, MarkdownFile), json = Path.Combine(outDir, JsonFile);
        AtomicFile.WriteAllText(md, $"# The paper's claims\n\nWritten by `kit reproduce`, {EveryMode}.\n\n" + ToMarkdown(audit, pairs: true));
        AtomicFile.WriteAllText(json, ToJson(audit));
        return [md, json];
    }

    /// <summary>A compact console summary: one line per claim (id and status).</summary>
    public static IEnumerable<string> ConsoleLines(ClaimsAuditResult audit)
    {
        yield return $"The paper's claims, read from the committed runs in results/ (the same in every mode): {Counts(audit)}";
        foreach (var r in audit.Rows) yield return $"  - {r.Id}: {r.Verdict}";
    }
}
