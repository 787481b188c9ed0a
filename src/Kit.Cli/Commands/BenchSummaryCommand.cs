using System.CommandLine;
using Kit.IO;
using Kit.Results;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit bench summary`: the committed benchmark JSON of results/bench/ as the README's two generated blocks: throughput
/// (`kit bench train --compare-raw`, `kit bench jobs`) and the sparse kernel (`kit bench sparse`).</summary>
public static class BenchSummaryCommand
{
    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "folder of committed benchmark JSON", DefaultValueFactory = _ => Path.Combine("results", "bench") };
        var into = new Option<string[]>("--into") { Description = "rewrite the generated throughput and sparse-kernel blocks of these markdown files (README.md)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("summary", "the committed results of kit bench train --compare-raw, kit bench jobs and kit bench sparse (results/bench/*.json) as markdown tables") { dir, into };
        cmd.SetAction(r => Guard(() =>
        {
            var targets = r.GetValue(into) ?? [];
            var throughput = BenchSummary.ToMarkdown(r.GetValue(dir)!);
            var sparse = SparseBenchSummary.ToMarkdown(r.GetValue(dir)!);
            // Both blocks are checked in every file before either is written.
            CheckInto(targets, BenchSummary.BeginMarker, BenchSummary.EndMarker);
            CheckInto(targets, SparseBenchSummary.BeginMarker, SparseBenchSummary.EndMarker);
            WriteInto(targets, throughput, BenchSummary.BeginMarker, BenchSummary.EndMarker);
            WriteInto(targets, sparse, SparseBenchSummary.BeginMarker, SparseBenchSummary.EndMarker);
            if (targets.Length == 0) Console.Write(throughput + "\n" + sparse);
            return 0;
        }));
        return cmd;
    }
}
