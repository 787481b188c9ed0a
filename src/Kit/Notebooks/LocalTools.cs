using System.Diagnostics;

namespace Kit.Notebooks;

/// <summary>
/// The dotnet tools pinned in the repository's manifest (.config/dotnet-tools.json: dotnet-repl, dotnet-interactive).
/// `dotnet TOOL` resolves a local tool only from a folder at or below the manifest, so every call names that folder;
/// commands restore the tools themselves, so a fresh clone needs no separate `dotnet tool restore`.
/// </summary>
public static class LocalTools
{
    /// <summary>`dotnet tool restore` in <paramref name="folder"/> (fast when the tools are already in the NuGet cache).</summary>
    public static void Restore(string folder, Action<string>? log = null)
    {
        Run(folder, ["tool", "restore"]);
        log?.Invoke("dotnet tool restore: ok");
    }

    /// <summary>Runs `dotnet ARGS` in <paramref name="folder"/> and returns its standard output; a non-zero exit is a KitException with the tool's own message.</summary>
    public static string Run(string folder, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        Process p;
        try { p = Process.Start(psi) ?? throw new KitException("could not start dotnet"); }
        catch (System.ComponentModel.Win32Exception e) { throw new KitException($"could not start dotnet ({e.Message}); is the .NET SDK on PATH?"); }
        using (p)
        {
            var err = p.StandardError.ReadToEndAsync();
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                var message = err.Result.Trim().Length > 0 ? err.Result.Trim() : output.Trim();
                throw new KitException($"dotnet {string.Join(' ', args)} failed (exit {p.ExitCode}): {message}");
            }
            return output;
        }
    }
}
