using System.CommandLine;
using Kit.Docs;
using System.Globalization;
using Kit.Mutation;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit mutation import|summary`: Stryker.NET's report of one folder to a committed summary (results/mutation/), and
/// those summaries as the score table of docs/mutation-testing.md (build/mutation-score.sh runs the import after Stryker).</summary>
public static class MutationCommands
{
    public static IEnumerable<Command> Create()
    {
        var mutation = new Command("mutation", "mutation-testing scores of the tests (Stryker.NET runs of build/mutation-score.sh) as committed data");
        mutation.Subcommands.Add(Import());
        mutation.Subcommands.Add(Summary());
        yield return mutation;
    }

    static Option<string> RepoRoot() => new("--repo-root") { Description = "the clone the run used (the report's absolute paths are made relative to it)", DefaultValueFactory = _ => "." };

    static Command Import()
    {
        var report = new Argument<string>("REPORT") { Description = "Stryker's mutation-report.json (artifacts/stryker/FOLDER/reports/)" };
        var folder = new Option<string>("--folder") { Description = "the folder of src/Kit the run mutated (Pruning, Quantization, Costs, Admm)", Required = true };
        var commit = new Option<string>("--commit") { Description = "the commit the run tested (git rev-parse --short HEAD; '-dirty' if sources had uncommitted changes)", Required = true };
        var duration = new Option<int>("--duration-s") { Description = "wall time of the run in whole seconds", Required = true };
        var date = new Option<string>("--date") { Description = "UTC date of the run, yyyy-MM-dd (default: today)", DefaultValueFactory = _ => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        var version = new Option<string?>("--stryker-version") { Description = "the Stryker.NET version (default: the report's framework.version, which Stryker.NET 5.1 does not write)" };
        var root = RepoRoot();
        var output = new Option<string?>("--out") { Description = $"summary JSON to write (default: {MutationResults.DefaultFile("FOLDER")})" };
        var cmd = new Command("import", "a Stryker.NET mutation-report.json as a compact committed summary: counts, score, survivors, hashes of the mutated sources")
            { report, folder, commit, duration, date, version, root, output };
        cmd.SetAction(r => Guard(() =>
        {
            var facts = new MutationRunFacts(r.GetValue(folder)!, r.GetValue(commit)!, r.GetValue(date)!, r.GetValue(duration), r.GetValue(root)!, r.GetValue(version));
            var run = MutationImport.FromFile(r.GetValue(report)!, facts);
            var file = r.GetValue(output) ?? MutationResults.DefaultFile(run.Folder);
            MutationResults.Write(run, file);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.SourceFolder}: {run.Tested:N0} mutants tested, {run.Counts.Survived} survived, {run.Counts.NoCoverage} without coverage, score {run.Score * 100:F1}% -> {file}"));
            return 0;
        }));
        return cmd;
    }

    static Command Summary()
    {
        var dir = new Option<string>("--dir") { Description = "folder of committed mutation summaries", DefaultValueFactory = _ => MutationResults.DefaultDir };
        var root = RepoRoot();
        root.Description = "the working tree whose sources are compared with the hashes recorded at each run";
        var into = new Option<string[]>("--into") { Description = "rewrite the generated score block of these markdown files (docs/mutation-testing.md, README.md)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("summary", "the committed mutation runs (results/mutation/*.json) as the score table, with whether each folder's sources changed since its run") { dir, root, into };
        cmd.SetAction(r => Guard(() =>
        {
            var targets = r.GetValue(into) ?? [];
            var md = MutationScoreTable.ToMarkdown(r.GetValue(dir)!, r.GetValue(root)!);
            WriteInto(targets, md, GeneratedBlocks.Markers("mutation summary"));
            if (targets.Length == 0) Console.Write(md);
            return 0;
        }));
        return cmd;
    }
}
