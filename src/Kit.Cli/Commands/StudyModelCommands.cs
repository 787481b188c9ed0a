using System.CommandLine;
using Kit.Docs;
using Kit.IO;
using Kit.Study;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit study backfill-models`, `kit study recost`, `kit study models`: the published runs' model files (docs/study.md).</summary>
public static class StudyModelCommands
{
    public static IEnumerable<Command> Create() => [Backfill(), Recost(), Models(), Peq()];

    static Option<string> Results() => new("--results") { Description = "the study's results folder", DefaultValueFactory = _ => Path.Combine("results", Kit.Results.ResultsSummary.StudyFolder) };

    static Command Backfill()
    {
        var results = Results();
        var artifacts = new Option<string>("--artifacts") { Description = "where the runs' checkpoints are (ARTIFACTS/RUN/model.pt); only read", DefaultValueFactory = _ => Path.Combine("artifacts", "study") };
        var runs = new Option<string[]>("--runs") { Description = "only these run folders (names under --results; default: every run lacking a model file)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("backfill-models", $"export {RunModelFile.FileName} for published runs that lack it, from their checkpoints (runs published before runs kept their model; results/run.sh calls it for each single run it collects)") { results, artifacts, runs };
        cmd.SetAction(r => Guard(() =>
        {
            TorchRuntime.Start(1);
            var actions = RunModelBackfill.Backfill(r.GetValue(results)!, r.GetValue(artifacts)!, Console.WriteLine, r.GetValue(runs));
            int exported = actions.Count(a => a.Action.StartsWith("exported", StringComparison.Ordinal));
            Console.WriteLine($"{actions.Count} published runs: {exported} model file(s) exported, {actions.Count - exported} had one");
            return 0;
        }));
        return cmd;
    }

    static Command Recost()
    {
        var results = Results();
        var cmd = new Command("recost", $"re-derive every published run's cost.json and model file choice from its {RunModelFile.FileName} (no checkpoint needed; after a cost-model change)") { results };
        cmd.SetAction(r => Guard(() =>
        {
            TorchRuntime.Start(1);
            var actions = RunModelBackfill.Recost(r.GetValue(results)!, Console.WriteLine);
            Console.WriteLine($"{actions.Count} published runs: {actions.Count(a => a.Action.Contains("rewritten", StringComparison.Ordinal))} with a file rewritten");
            return 0;
        }));
        return cmd;
    }

    static Command Models()
    {
        var results = Results();
        var into = new Option<string[]>("--into") { Description = "rewrite the generated model-size block of these markdown files (README.md)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("models", "the published runs' model files: accuracy, format, b, file bytes vs the float32 .pt, as a markdown table") { results, into };
        cmd.SetAction(r => Guard(() =>
        {
            var md = ModelTable.ToMarkdown(r.GetValue(results)!);
            WriteInto(r.GetValue(into) ?? [], md, GeneratedBlocks.Markers("study models"));
            if ((r.GetValue(into) ?? []).Length == 0) Console.Write(md);
            return 0;
        }));
        return cmd;
    }

    static Command Peq()
    {
        var results = Results();
        var into = new Option<string[]>("--into") { Description = "rewrite the generated p_eq block of these markdown files (README.md)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("peq", "the published irregular runs' p_eq per index format and per-layer k, read from their cost.json, as a markdown table") { results, into };
        cmd.SetAction(r => Guard(() =>
        {
            var md = PeqTable.ToMarkdown(r.GetValue(results)!);
            WriteInto(r.GetValue(into) ?? [], md, GeneratedBlocks.Markers("study peq"));
            if ((r.GetValue(into) ?? []).Length == 0) Console.Write(md);
            return 0;
        }));
        return cmd;
    }
}
