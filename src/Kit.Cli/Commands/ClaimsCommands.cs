using System.CommandLine;
using Kit.Docs;
using Kit.IO;
using Kit.Research.Claims;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit claims`: the paper's claims against the committed results, as the README quotes them (`--into`).</summary>
public static class ClaimsCommands
{
    public static IEnumerable<Command> Create()
    {
        var results = new Option<string>("--results") { Description = "the committed results folder (its parent is the repository root)", DefaultValueFactory = _ => "results" };
        var pairs = new Option<bool>("--pairs") { Description = "also list the matched pairs the storage and computation rows rest on" };
        var json = new Option<bool>("--json") { Description = "print thresholds, claims and pairs as JSON instead of markdown" };
        var rq5 = new Option<string?>("--rq5") { Description = "read RQ5 runs from this folder (e.g. artifacts/rq5, local runs) instead of the committed results/rq5" };
        var into = new Option<string[]>("--into") { Description = "rewrite the generated claims block of these markdown files (README.md)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("claims", "the paper's claims, one row each: its figure, the kit's figure read from results/, a status by a stated rule, the command that reruns it")
        {
            results, pairs, json, rq5, into,
        };
        cmd.SetAction(r => Guard(() =>
        {
            var dir = r.GetValue(results)!;
            if (!Directory.Exists(dir)) throw new KitException($"--results {dir}: folder not found");
            var files = r.GetValue(into) ?? [];
            if (files.Length > 0 && (r.GetValue(pairs) || r.GetValue(json) || r.GetValue(rq5) is not null))
                throw new KitException("--into writes the README block (committed results only): give it without --pairs, --json or --rq5");
            var root = Path.GetDirectoryName(Path.GetFullPath(dir))!;
            var audit = ClaimsAudit.Audit(root, rq5Dir: r.GetValue(rq5));
            var md = ClaimsReport.ToMarkdown(audit, r.GetValue(pairs));
            WriteInto(files, md, GeneratedBlocks.Markers("claims"));
            if (files.Length == 0) Console.Write(r.GetValue(json) ? ClaimsReport.ToJson(audit) : md);
            return 0;
        }));
        yield return cmd;
    }
}
