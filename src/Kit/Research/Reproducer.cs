using Kit.Experiments;
using System.Diagnostics;
using System.Text;
using Kit.Charts;
using Kit.IO;
using Kit.Results;

namespace Kit.Research;

/// <summary>
/// Runs the research questions and writes what each returns: OUT/rqN/TABLE.csv, OUT/rqN/CHART.html (offline pages),
/// OUT/rqN/findings.md, OUT/rqN/specs/*.json (the specs as run), OUT/summary.json and OUT/index.html.
/// The notebooks call the same Run functions with the same cache, so both show the same numbers.
/// </summary>
public static class Reproducer
{
    public static readonly int[] AllRqs = [1, 2, 3, 4, 5];

    public static RqReport RunRq(int rq, ReproContext ctx, string repoRoot) => ctx.Mode == ReproMode.Results ? FromResults(rq, ctx, repoRoot) : Recompute(rq, ctx, repoRoot);

    /// <summary>Results mode: what the committed results say, read in seconds; nothing trains.</summary>
    public static RqReport FromResults(int rq, ReproContext ctx, string repoRoot) => rq switch
    {
        1 => Study.Rq1FromStudy.Report(Study.StudyResults.LoadRepo(repoRoot)),
        2 => Study.Rq2FromStudy.Report(Study.StudyResults.LoadRepo(repoRoot)),
        3 => Study.Rq3FromStudy.Report(Study.StudyResults.LoadRepo(repoRoot)),
        4 => Study.Rq4FromStudy.Report(Study.StudyResults.LoadRepo(repoRoot), ctx),
        5 => Rq5TransferRobustness.Run(ctx, repoRoot),
        _ => throw new KitException($"--rq must be one of 1..5, got {rq}"),
    };

    static RqReport Recompute(int rq, ReproContext ctx, string repoRoot) => rq switch
    {
        1 => Rq1StorageCompute.Run(ctx, Path.Combine(repoRoot, "artifacts", "bench", "sparse.json")),
        2 => Rq2Pareto.Run(ctx, repoRoot),
        3 => Rq3Admm.Run(ctx),
        4 => Rq4IndexOverhead.Run(ctx),
        5 => Rq5TransferRobustness.Run(ctx, repoRoot),
        _ => throw new KitException($"--rq must be one of 1..5, got {rq}"),
    };

    /// <summary>One question's outcome; Scale is what its numbers cover (null: the mode's label).</summary>
    public sealed record RqSummary(int Rq, string Title, double Seconds, List<string> Files, List<string> Findings, List<string> Notes, string? Scale = null);

    public static List<RqSummary> Run(ReproContext ctx, string repoRoot, string outDir, IEnumerable<int> rqs)
    {
        Directory.CreateDirectory(outDir);
        var summaries = new List<RqSummary>();
        foreach (var rq in rqs)
        {
            var sw = Stopwatch.StartNew();
            ctx.Log($"RQ{rq} ({ctx.Mode.Name()} mode) ...");
            var report = RunRq(rq, ctx, repoRoot);
            var files = Write(report, Path.Combine(outDir, $"rq{rq}"));
            summaries.Add(new RqSummary(rq, report.Title, sw.Elapsed.TotalSeconds, files.Select(f => Path.GetRelativePath(outDir, f).Replace('\\', '/')).ToList(), report.Findings, report.Notes, report.Scale));
            ctx.Log($"RQ{rq}: {files.Count} files in {sw.Elapsed.TotalSeconds:F0} s");
        }
        AtomicFile.WriteAllText(Path.Combine(outDir, "summary.json"), Json.Serialize(new { kit_version = KitInfo.Version, mode = ctx.Mode.Name(), scale = ctx.Mode.Scale(), rqs = summaries }));
        IndexPage.WriteFor(outDir, $"kit reproduce ({ctx.Mode.Name()} mode, kit {KitInfo.Version})");
        return summaries;
    }

    /// <summary>
    /// The paper's claims against the committed results (<see cref="Claims.ClaimsAudit"/>), written as OUT/claims.md and
    /// OUT/claims.json. Every mode writes them, and the same ones: they read results/, never the run's own experiments.
    /// </summary>
    public static Claims.ClaimsAuditResult WriteClaims(string repoRoot, string outDir)
    {
        var audit = Claims.ClaimsAudit.Audit(repoRoot);
        Claims.ClaimsReport.Write(outDir, audit);
        return audit;
    }

    public static List<string> Write(RqReport report, string dir)
    {
        Directory.CreateDirectory(dir);
        var files = new List<string>();
        foreach (var (name, table) in report.Tables)
        {
            var path = Path.Combine(dir, name + ".csv");
            Csv.Save(table, path);
            files.Add(path);
        }
        foreach (var c in report.Charts)
        {
            var path = Path.Combine(dir, c.Name + ".html");
            ChartPage.Write(path, $"{report.Title} ({report.Mode.Name()} mode)", [(c.Chart, c.Caption)]);
            files.Add(path);
        }
        var specs = report.Specs.Select(s => (s.Name, Spec: (object)s)).Concat(report.OtherSpecs).DistinctBy(s => s.Name).ToList();
        if (specs.Count > 0)
        {
            Directory.CreateDirectory(Path.Combine(dir, "specs"));
            foreach (var (name, spec) in specs)
            {
                var path = Path.Combine(dir, "specs", name + ".json");
                // Serialized by runtime type: the list holds specs of several record types.
                AtomicFile.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(spec, spec.GetType(), Json.Options) + "\n");
                files.Add(path);
            }
        }
        var md = new StringBuilder($"# {report.Title}\n\nMode: {report.Mode.Name()}. Scale: {report.Scale}\n\n## What the data show\n\n{report.FindingsText}\n");
        if (report.Notes.Count > 0) md.Append($"\n## Notes\n\n{report.NotesText}\n");
        var findings = Path.Combine(dir, "findings.md");
        AtomicFile.WriteAllText(findings, md.ToString());
        files.Add(findings);
        return files;
    }
}
