using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.IO;

namespace Kit.Notebooks;

/// <summary>What <see cref="JupyterKernelInstaller.Install"/> did.</summary>
public sealed record JupyterKernelInstall(string KernelDir, bool Replaced, IReadOnlyList<string> Argv);

/// <summary>
/// Installs the C# kernelspec of the pinned dotnet-interactive for Jupyter, loopback-only. The spec the tool writes
/// starts a kernel whose HTTP API (it accepts code submissions) listens on every interface; the kit's spec appends
/// `--http-local-only` so it listens on 127.0.0.1 only, and names itself so a user can tell it from a stock one.
/// Only the C# spec is installed: the tool's F# and PowerShell specs have the same open port and the kit needs neither.
/// </summary>
public static class JupyterKernelInstaller
{
    /// <summary>The tool's own kernel name, which the kit's notebooks record in their metadata, so they open with this kernel.</summary>
    public const string KernelName = ".net-csharp";
    public const string DisplayName = ".NET (C#) - kit, loopback only";
    public const string LocalOnlyFlag = "--http-local-only";

    /// <param name="repoRoot">folder with the tool manifest (.config/dotnet-tools.json); the kernel spec's `dotnet interactive` resolves from there</param>
    /// <param name="kernelsDir">Jupyter kernels folder; the spec goes to kernelsDir/.net-csharp, replacing one already there</param>
    public static JupyterKernelInstall Install(string repoRoot, string kernelsDir, Action<string>? log = null)
    {
        kernelsDir = Path.GetFullPath(kernelsDir);
        if (File.Exists(kernelsDir)) throw new KitException($"{kernelsDir}: is a file, not a kernels folder");
        LocalTools.Restore(repoRoot, log);
        var created = !Directory.Exists(kernelsDir);
        try { return InstallInto(repoRoot, kernelsDir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KitException($"{kernelsDir}: cannot install the kernelspec there ({e.Message})");
        }
        finally
        {
            // A folder this call created stays only if it holds the spec.
            if (created && Directory.Exists(kernelsDir) && !Directory.EnumerateFileSystemEntries(kernelsDir).Any()) Directory.Delete(kernelsDir);
        }
    }

    static JupyterKernelInstall InstallInto(string repoRoot, string kernelsDir)
    {
        // The tool writes into a staging folder inside the target folder, so the spec is put in place by renames on one
        // file system, and a failure leaves a spec already there untouched.
        var staging = Path.Combine(kernelsDir, $".kit-kernel-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            LocalTools.Run(repoRoot, ["interactive", "jupyter", "install", "--path", staging],
                new Dictionary<string, string> { ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1" });
            var built = Path.Combine(staging, KernelName);
            var specFile = Path.Combine(built, "kernel.json");
            if (!File.Exists(specFile)) throw new KitException($"dotnet interactive jupyter install wrote no {KernelName}/kernel.json");
            var spec = ReadSpec(specFile);
            MakeLoopbackOnly(spec, specFile);
            AtomicFile.WriteAllText(specFile, spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            var argv = Argv(spec, specFile);

            var target = Path.Combine(kernelsDir, KernelName);
            var previous = Path.Combine(staging, "previous");
            var replaced = Directory.Exists(target);
            if (replaced) Directory.Move(target, previous);
            try { Directory.Move(built, target); }
            catch (IOException) when (replaced)
            {
                Directory.Move(previous, target);
                throw;
            }
            return new JupyterKernelInstall(target, replaced, argv);
        }
        finally
        {
            try { Directory.Delete(staging, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Appends <see cref="LocalOnlyFlag"/> as the last argument (once) and sets the kit's display name. At the end because
    /// the tool's argv ends with `--http-port-range 2048-3000`: inserted between that option and its value, the flag
    /// breaks the kernel ("Kernel died before replying to kernel_info").
    /// </summary>
    public static void MakeLoopbackOnly(JsonObject spec, string file)
    {
        var argv = Argv(spec, file);
        if (!argv.Contains("{connection_file}")) throw new KitException($"{file}: argv has no {{connection_file}}; not a Jupyter kernelspec the kit knows");
        spec["argv"] = new JsonArray([.. argv.Where(a => a != LocalOnlyFlag).Append(LocalOnlyFlag).Select(a => (JsonNode)JsonValue.Create(a)!)]);
        spec["display_name"] = DisplayName;
    }

    static JsonObject ReadSpec(string file)
    {
        try { return JsonNode.Parse(File.ReadAllText(file)) as JsonObject ?? throw new KitException($"{file}: not a JSON object"); }
        catch (JsonException e) { throw new KitException($"{file}: not JSON ({e.Message})"); }
    }

    static List<string> Argv(JsonObject spec, string file) =>
        spec["argv"] is JsonArray a && a.All(x => x is JsonValue v && v.TryGetValue<string>(out _))
            ? a.Select(x => x!.GetValue<string>()).ToList()
            : throw new KitException($"{file}: argv is not a list of strings");
}
