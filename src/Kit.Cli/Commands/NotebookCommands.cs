using System.CommandLine;
using Kit.Notebooks;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit notebooks run`: execute every notebook headlessly with the real kernel, as CI does; `kit notebooks install-kernel`: the kit's loopback-only kernel for Jupyter.</summary>
public static class NotebookCommands
{
    public static IEnumerable<Command> Create()
    {
        var nb = new Command("notebooks", "the research notebooks");
        nb.Subcommands.Add(Run());
        nb.Subcommands.Add(InstallKernel());
        yield return nb;
    }

    static Command Run()
    {
        var output = new Option<string>("--out") { Description = "folder for the executed copies, their logs and notebooks.json", DefaultValueFactory = _ => "artifacts/notebooks" };
        var dir = new Option<string?>("--notebooks") { Description = "notebooks folder (default: the repo's notebooks/)" };
        var only = new Option<string?>("--only") { Description = "run only notebooks whose file name contains this text" };
        var quick = new Option<bool>("--quick") { Description = "quick mode (KIT_MODE=quick): recompute at smoke scale (minutes); without a mode flag the notebooks read the committed results (KIT_MODE=results, seconds)" };
        var full = new Option<bool>("--full") { Description = "full mode (KIT_MODE=full): full data and epochs (hours)" };
        var timeout = Positive("--timeout-minutes", "per-notebook time limit", 30, 24 * 60);
        var cmd = new Command("run", "execute notebooks with `dotnet repl` (from the tool manifest) into executed copies; exit 1 if any cell fails")
        {
            output, dir, only, quick, full, timeout,
        };
        cmd.SetAction(r => Guard(() =>
        {
            if (r.GetValue(quick) && r.GetValue(full)) throw new KitException("give at most one of --quick, --full");
            var runner = new NotebookRunner(r.GetValue(dir) ?? NotebookRunner.FindNotebooksDir(), r.GetValue(output)!)
            {
                Timeout = TimeSpan.FromMinutes(r.GetValue(timeout)),
                Environment = { ["KIT_MODE"] = r.GetValue(full) ? "full" : r.GetValue(quick) ? "quick" : "results" },
            };
            if (runner.Find(r.GetValue(only)).Count == 0) throw new KitException($"no notebooks to run in {runner.NotebooksDir}");
            // The repo's notebooks #r the kernel extension's build output; without it every notebook fails in its first cell.
            if (r.GetValue(dir) is null) KernelExtensionBuild.EnsureBuilt(Path.GetDirectoryName(runner.NotebooksDir)!, Console.WriteLine);
            var results = runner.RunAll(r.GetValue(only), Console.WriteLine);
            var failed = results.Count(x => !x.Ok);
            Console.WriteLine($"{results.Count - failed} of {results.Count} notebooks ok; executed copies in {r.GetValue(output)}");
            return failed == 0 ? 0 : 1;
        }));
        return cmd;
    }

    static Command InstallKernel()
    {
        var path = new Option<string?>("--path") { Description = "kernels folder to install into (default: your Jupyter kernels folder, e.g. ~/.local/share/jupyter/kernels)" };
        var cmd = new Command("install-kernel", $"install the C# kernel for Jupyter ('{JupyterKernelInstaller.DisplayName}': the pinned dotnet-interactive with its HTTP API on 127.0.0.1 only)")
        {
            path,
        };
        cmd.SetAction(r => Guard(() =>
        {
            var notebooks = NotebookRunner.FindNotebooksDir();
            var repoRoot = Path.GetDirectoryName(notebooks)!;
            var kernels = r.GetValue(path) ?? JupyterPaths.UserKernelsDir();
            var done = JupyterKernelInstaller.Install(repoRoot, kernels, Console.WriteLine);
            Console.WriteLine($"{(done.Replaced ? "replaced" : "installed")} Jupyter kernel '{JupyterKernelInstaller.DisplayName}' ({JupyterKernelInstaller.KernelName}) in {done.KernelDir}");
            Console.WriteLine($"  kernel command: {string.Join(' ', done.Argv)}");
            Console.WriteLine("start Jupyter from the repository root (the kernel finds the pinned tool from the notebook's folder):");
            var jupyterPath = "";
            if (r.GetValue(path) is not null)
            {
                // Jupyter reads specs from DIR/kernels for each DIR on JUPYTER_PATH, besides its own data folders.
                var full = Path.GetFullPath(kernels);
                jupyterPath = Path.GetFileName(full) == "kernels" ? $"JUPYTER_PATH={Path.GetDirectoryName(full)} " : "";
                if (jupyterPath.Length == 0)
                    Console.WriteLine($"  note: Jupyter finds kernels only in a folder named 'kernels' on its data path (`jupyter --paths`); {full} is not one");
            }
            Console.WriteLine($"  {jupyterPath}jupyter lab             (reads the committed results; {jupyterPath}KIT_MODE=quick jupyter lab recomputes at smoke scale, KIT_MODE=full at full scale)");
            Console.WriteLine($"  then open notebooks/00-tour.ipynb; build once first: dotnet build Kit.sln -c Release");
            return 0;
        }));
        return cmd;
    }
}
