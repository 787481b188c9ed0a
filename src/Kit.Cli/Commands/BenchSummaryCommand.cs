using System.CommandLine;
using Kit.IO;
using Kit.Results;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit bench summary`: the committed benchmark JSON of results/bench/ as the README's throughput block.</summary>
public static class BenchSummaryCommand
{
    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "folder of committed benchmark JSON", DefaultValueFactory = _ => Path.Combine("results", "bench") };
        var into = new Option<string[]>("--into") { Description = "rewrite the generated throughput block of these markdown files (README.md)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("summary", "the committed results of kit bench train --compare-raw and kit bench jobs (results/bench/*.json) as markdown tables") { dir, into };
        cmd.SetAction(r => Guard(() =>
        {
            var md = BenchSummary.ToMarkdown(r.GetValue(dir)!);
            WriteInto(r.GetValue(into) ?? [], md, BenchSummary.BeginMarker, BenchSummary.EndMarker);
            if ((r.GetValue(into) ?? []).Length == 0) Console.Write(md);
            return 0;
        }));
        return cmd;
    }
}
