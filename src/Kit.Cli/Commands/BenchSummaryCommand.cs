using System.CommandLine;
using Kit.Docs;
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
            WriteInto(targets, [(GeneratedBlocks.Markers("bench summary"), throughput), (GeneratedBlocks.Markers("bench summary sparse"), sparse)]);
            if (targets.Length == 0) Console.Write(throughput + "\n" + sparse);
            return 0;
        }));
        return cmd;
    }

    /// <summary>`kit bench first-run`: the README's two commands on a fresh clone, as the committed CI record has them.</summary>
    public static Command FirstRun()
    {
        var file = new Option<string>("--file") { Description = "the committed first-run record (a copy of the artifacts/ci/first-run.json that `bash .ci/run` writes)", DefaultValueFactory = _ => FirstRunSummary.DefaultFile };
        var into = new Option<string[]>("--into") { Description = "rewrite the generated first-run block of these markdown files (README.md)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("first-run", "how long the README's two commands took on a fresh clone, from the record CI writes (committed as results/ci/first-run.json)") { file, into };
        cmd.SetAction(r => Guard(() =>
        {
            var md = FirstRunSummary.ToMarkdown(r.GetValue(file)!);
            var targets = r.GetValue(into) ?? [];
            WriteInto(targets, md, GeneratedBlocks.Markers("bench first-run"));
            if (targets.Length == 0) Console.Write(md);
            return 0;
        }));
        return cmd;
    }
}
