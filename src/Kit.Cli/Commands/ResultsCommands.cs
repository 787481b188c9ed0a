using System.CommandLine;
using Kit.IO;
using Kit.Results;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit results`: the committed runs as one table (mean ± sd over seeds), the source of every number the README quotes.</summary>
public static class ResultsCommands
{
    public static IEnumerable<Command> Create()
    {
        var dir = new Argument<string>("DIR") { Description = "folder of committed runs", DefaultValueFactory = _ => "results" };
        var output = new Option<string?>("--out") { Description = "also write the table to this markdown file" };
        var into = new Option<string[]>("--into") { Description = "rewrite the generated block of these markdown files (README.md, docs/...) with the table", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("results", "the committed runs under results/ as one markdown table (mean ± sd over seeds, each row naming its runs)") { dir, output, into };
        cmd.SetAction(r => Guard(() =>
        {
            var d = r.GetValue(dir)!;
            if (!Directory.Exists(d)) throw new KitException($"{d}: folder not found");
            var md = ResultsSummary.ToMarkdown(ResultsSummary.Summarize(d));
            Console.Write(md);
            if (r.GetValue(output) is { } o) AtomicFile.WriteAllText(o, md);
            WriteInto(r.GetValue(into) ?? [], md, ResultsSummary.BeginMarker, ResultsSummary.EndMarker, Console.Error);
            return 0;
        }));
        yield return cmd;
    }
}
