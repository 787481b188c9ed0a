using System.CommandLine;
using Kit.Notebooks;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit notebooks run`: execute every notebook headlessly with the real kernel, as CI does.</summary>
public static class NotebookCommands
{
    public static IEnumerable<Command> Create()
    {
        var nb = new Command("notebooks", "the research notebooks");
        nb.Subcommands.Add(Run());
        yield return nb;
    }

    static Command Run()
    {
        var output = new Option<string>("--out") { Description = "folder for the executed copies, their logs and notebooks.json", DefaultValueFactory = _ => "artifacts/notebooks" };
        var dir = new Option<string?>("--notebooks") { Description = "notebooks folder (default: the repo's notebooks/)" };
        var only = new Option<string?>("--only") { Description = "run only notebooks whose file name contains this text" };
        var full = new Option<bool>("--full") { Description = "full mode (KIT_MODE=full): full data and epochs instead of quick subsets" };
        var timeout = Positive("--timeout-minutes", "per-notebook time limit", 30, 24 * 60);
        var cmd = new Command("run", "execute notebooks with `dotnet repl` (from the tool manifest) into executed copies; exit 1 if any cell fails")
        {
            output, dir, only, full, timeout,
        };
        cmd.SetAction(r => Guard(() =>
        {
            var runner = new NotebookRunner(r.GetValue(dir) ?? NotebookRunner.FindNotebooksDir(), r.GetValue(output)!)
            {
                Timeout = TimeSpan.FromMinutes(r.GetValue(timeout)),
                Environment = { ["KIT_MODE"] = r.GetValue(full) ? "full" : "quick" },
            };
            // The notebooks #r the kernel extension's build output; without it every notebook fails in its first cell.
            var extension = Path.Combine(Path.GetDirectoryName(runner.NotebooksDir)!, "src", "Kit.Interactive", "bin", "Release", "net10.0", "Kit.Interactive.dll");
            if (r.GetValue(dir) is null && !File.Exists(extension))
                throw new KitException("the notebooks load the kit from src/Kit.Interactive/bin/Release/net10.0/: build it first with `dotnet build Kit.sln -c Release`");
            if (runner.Find(r.GetValue(only)).Count == 0) throw new KitException($"no notebooks to run in {runner.NotebooksDir}");
            var results = runner.RunAll(r.GetValue(only), Console.WriteLine);
            var failed = results.Count(x => !x.Ok);
            Console.WriteLine($"{results.Count - failed} of {results.Count} notebooks ok; executed copies in {r.GetValue(output)}");
            return failed == 0 ? 0 : 1;
        }));
        return cmd;
    }
}
