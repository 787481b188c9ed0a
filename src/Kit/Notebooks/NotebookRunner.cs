using System.Diagnostics;
using System.Text.Json.Nodes;
using Kit.IO;

namespace Kit.Notebooks;

public sealed record CellError(int Cell, string Name, string Message);

public sealed record NotebookRunResult(string Notebook, string Output, int ExitCode, int CodeCells, IReadOnlyList<CellError> Errors, double Seconds, string Log)
{
    public bool Ok => ExitCode == 0 && Errors.Count == 0;
}

/// <summary>
/// Executes notebooks headlessly with the real kernel (`dotnet repl --run X.ipynb --exit-after-run --output-path OUT`,
/// the tool pinned in .config/dotnet-tools.json), one process per notebook, with the notebook's own folder as the
/// current folder because the notebooks' relative #r paths resolve against it. A notebook fails if the tool exits
/// non-zero (2 when a cell failed) or its executed copy records an error output.
/// </summary>
public sealed class NotebookRunner
{
    public string NotebooksDir { get; }
    public string OutDir { get; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>The executable and leading arguments; replaced in tests by a stand-in.</summary>
    public (string FileName, string[] Args) Repl { get; init; } = ("dotnet", ["repl"]);
    /// <summary>Extra environment for the kernel (e.g. KIT_MODE=full).</summary>
    public Dictionary<string, string> Environment { get; init; } = [];

    public NotebookRunner(string notebooksDir, string outDir)
    {
        NotebooksDir = Path.GetFullPath(notebooksDir);
        OutDir = Path.GetFullPath(outDir);
        if (!Directory.Exists(NotebooksDir)) throw new KitException($"notebooks folder {notebooksDir} does not exist");
    }

    /// <summary>The repository's notebooks/ folder: the nearest one above the current folder or the kit's binaries.</summary>
    public static string FindNotebooksDir()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "notebooks");
                if (Directory.Exists(candidate) && File.Exists(Path.Combine(d.FullName, ".config", "dotnet-tools.json"))) return candidate;
            }
        throw new KitException("cannot find the kit's notebooks/ folder above the current folder; pass --notebooks DIR");
    }

    /// <summary>Notebooks in the folder (not checkpoints), in name order, which is their reading order.</summary>
    public IReadOnlyList<string> Find(string? nameFilter = null) =>
        Directory.EnumerateFiles(NotebooksDir, "*.ipynb", SearchOption.TopDirectoryOnly)
            .Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('.') && (nameFilter is null || n.Contains(nameFilter, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

    public IReadOnlyList<NotebookRunResult> RunAll(string? nameFilter = null, Action<string>? log = null) => RunMany(Find(nameFilter), log);

    /// <summary>Restores the pinned tools, runs the named notebooks in order and records them in notebooks.json.</summary>
    public IReadOnlyList<NotebookRunResult> RunMany(IEnumerable<string> notebooks, Action<string>? log = null)
    {
        // From the notebooks folder, so a fresh clone gets the pinned dotnet-repl.
        if (Repl.FileName == "dotnet") LocalTools.Restore(NotebooksDir, log);
        var results = notebooks.Select(n => Run(n, log)).ToList();
        Directory.CreateDirectory(OutDir);
        // Paths relative to the output folder: the record must not carry this machine's absolute paths.
        var portable = results.Select(r => r with { Output = Path.GetRelativePath(OutDir, r.Output), Log = Path.GetRelativePath(OutDir, r.Log) });
        AtomicFile.WriteAllText(Path.Combine(OutDir, "notebooks.json"), Json.Serialize(new { kit_version = KitInfo.Version, notebooks = portable }));
        Charts.IndexPage.WriteFor(OutDir, "executed notebooks");
        return results;
    }

    public NotebookRunResult Run(string notebookName, Action<string>? log = null)
    {
        Directory.CreateDirectory(OutDir);
        var output = Path.Combine(OutDir, notebookName);
        var logPath = Path.ChangeExtension(output, ".log");
        // A stale copy from an earlier run must not pass for this run's output.
        if (File.Exists(output)) File.Delete(output);
        var psi = new ProcessStartInfo(Repl.FileName)
        {
            WorkingDirectory = NotebooksDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in Repl.Args) psi.ArgumentList.Add(a);
        foreach (var a in new[] { "--run", notebookName, "--exit-after-run", "--output-path", output }) psi.ArgumentList.Add(a);
        // The OpenMP thread trap: busy-waiting threads collapse throughput on a shared 2-core machine.
        psi.Environment["OMP_WAIT_POLICY"] = System.Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "PASSIVE";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in Environment) psi.Environment[k] = v;

        log?.Invoke($"running {notebookName} ...");
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new KitException($"could not start {Repl.FileName}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        var exited = p.WaitForExit(Timeout);
        if (!exited)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit();
        }
        var text = stdout.Result + (stderr.Result.Length > 0 ? "\n--- stderr ---\n" + stderr.Result : "");
        AtomicFile.WriteAllText(logPath, text);

        var errors = new List<CellError>();
        var codeCells = 0;
        if (!exited) errors.Add(new CellError(-1, "Timeout", $"no result after {Timeout.TotalMinutes:F0} min; killed"));
        if (File.Exists(output))
        {
            var (cells, cellErrors) = Inspect(output);
            codeCells = cells;
            errors.AddRange(cellErrors);
            NotebookHtml.Write(output, Path.ChangeExtension(output, ".html"));
        }
        else if (exited) errors.Add(new CellError(-1, "NoOutput", $"{Repl.FileName} wrote no executed notebook (exit {p.ExitCode}); see {Path.GetFileName(logPath)}"));
        var exit = exited ? p.ExitCode : -1;
        if (exit != 0 && errors.Count == 0) errors.Add(new CellError(-1, "ExitCode", $"exit {exit} without a recorded cell error; see {Path.GetFileName(logPath)}"));
        var result = new NotebookRunResult(notebookName, output, exit, codeCells, errors, sw.Elapsed.TotalSeconds, logPath);
        log?.Invoke(result.Ok
            ? $"ok      {notebookName}: {codeCells} code cells, {result.Seconds:F1} s"
            : $"FAILED  {notebookName}: {errors.Count} error(s), {result.Seconds:F1} s" + string.Concat(errors.Select(e => $"\n        cell {e.Cell}: {e.Name}: {e.Message}")));
        return result;
    }

    /// <summary>Code cells and error outputs of an executed notebook (cell numbers count all cells from 1).</summary>
    public static (int CodeCells, List<CellError> Errors) Inspect(string executedNotebook)
    {
        JsonNode? nb;
        try { nb = JsonNode.Parse(File.ReadAllText(executedNotebook)); }
        catch (System.Text.Json.JsonException e) { throw new KitException($"{executedNotebook}: not a notebook ({e.Message})"); }
        var cells = nb?["cells"]?.AsArray() ?? throw new KitException($"{executedNotebook}: no cells");
        var errors = new List<CellError>();
        int code = 0;
        for (int i = 0; i < cells.Count; i++)
        {
            if ((string?)cells[i]?["cell_type"] != "code") continue;
            code++;
            foreach (var o in cells[i]?["outputs"]?.AsArray() ?? [])
                if ((string?)o?["output_type"] == "error")
                {
                    var msg = (string?)o?["evalue"] ?? "";
                    var firstLine = msg.Split('\n', 2)[0].Trim();
                    errors.Add(new CellError(i + 1, (string?)o?["ename"] ?? "Error", firstLine));
                }
        }
        return (code, errors);
    }
}
