using System.CommandLine;
using Kit.Docs;
using Kit.IO;
using Kit.Results;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit results`: the committed compression runs as one table (mean ± sd over seeds) and the dense training runs they
/// start from as another, the source of the numbers the README and docs/compression.md quote about them.</summary>
public static class ResultsCommands
{
    public static IEnumerable<Command> Create()
    {
        var dir = new Argument<string>("DIR") { Description = "folder of committed runs", DefaultValueFactory = _ => "results" };
        var output = new Option<string?>("--out") { Description = "also write both tables to this markdown file" };
        var into = new Option<string[]>("--into") { Description = "rewrite the two generated blocks (compression runs, dense training runs) of these markdown files (README.md, docs/...)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("results", "the committed runs under results/ as markdown: compression runs (mean ± sd over seeds, each row naming its runs) and the dense training runs (metrics.json, command.txt)") { dir, output, into };
        cmd.SetAction(r => Guard(() =>
        {
            var d = r.GetValue(dir)!;
            if (!Directory.Exists(d)) throw new KitException($"{d}: folder not found");
            var targets = r.GetValue(into) ?? [];
            var md = ResultsSummary.ToMarkdown(ResultsSummary.Summarize(d));
            var training = TrainingSummary.ToMarkdown(TrainingSummary.Summarize(d));
            BlockMarkers compression = GeneratedBlocks.Markers("results"), dense = GeneratedBlocks.Markers("results training");
            CheckInto(targets, compression, dense); // before --out is written
            Console.Write(md + "\n" + training);
            if (r.GetValue(output) is { } o) AtomicFile.WriteAllText(o, md + "\n" + training);
            WriteInto(targets, [(compression, md), (dense, training)], Console.Error);
            return 0;
        }));
        yield return cmd;
        yield return Targets();
    }

    static Command Targets()
    {
        var spec = new Argument<string>("SPEC") { Description = "the targets, e.g. specs/targets/admm-strength.json" };
        var dir = new Option<string>("--results") { Description = "folder of committed runs (searched at any depth)", DefaultValueFactory = _ => "results" };
        var into = new Option<string[]>("--into") { Description = "rewrite this target list's generated block of these markdown files (docs/compression.md)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("targets", "an issue's accuracy targets against the committed runs: per target the best experiment (mean over seeds), its gap and whether it has the seeds required") { spec, dir, into };
        cmd.SetAction(r => Guard(() =>
        {
            var s = AccuracyTargetSpec.Read(r.GetValue(spec)!);
            string d = r.GetValue(dir)!;
            if (!Directory.Exists(d)) throw new KitException($"{d}: folder not found");
            var md = AccuracyTargets.ToMarkdown(s, AccuracyTargets.Check(s, d), d.TrimEnd('/'));
            var targets = r.GetValue(into) ?? [];
            WriteInto(targets, md, GeneratedBlocks.Get("targets").Markers(new Dictionary<string, string> { ["name"] = s.Name }));
            if (targets.Length == 0) Console.Write(md);
            return 0;
        }));
        return cmd;
    }
}
