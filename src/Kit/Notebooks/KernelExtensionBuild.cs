using System.Diagnostics;

namespace Kit.Notebooks;

/// <summary>
/// The notebooks <c>#r</c> the kit from the kernel extension's build output (src/Kit.Interactive/bin/Release/net10.0/),
/// a different folder from the CLI's. So before running notebooks the CLI builds that project itself when its output is
/// missing or older than any source it is built from, the way the <c>./kit</c> script treats the CLI: a fresh clone
/// needs no build command of its own, and an edited library never runs in the notebooks as a stale copy.
/// </summary>
public static class KernelExtensionBuild
{
    public static string Project(string repoRoot) => Path.Combine(repoRoot, "src", "Kit.Interactive", "Kit.Interactive.csproj");

    /// <summary>Where the notebooks' <c>#r</c> lines point (Release, like the paths in the notebooks).</summary>
    public static string OutputDir(string repoRoot) => Path.Combine(repoRoot, "src", "Kit.Interactive", "bin", "Release", "net10.0");

    static string Stamp(string repoRoot) => Path.Combine(repoRoot, "src", "Kit.Interactive", "bin", "Release", ".kit-build-stamp");

    /// <summary>Builds the extension (Release) unless it is up to date. Returns true when it built.</summary>
    public static bool EnsureBuilt(string repoRoot, Action<string>? log = null)
    {
        var project = Project(repoRoot);
        if (!File.Exists(project))
            throw new KitException($"the notebooks need the kit's kernel extension, built from {Path.Combine("src", "Kit.Interactive")}, which is not in {repoRoot}: run the kit from its clone");
        if (IsUpToDate(repoRoot)) return false;
        log?.Invoke("building the notebooks' kernel extension (src/Kit.Interactive, Release) ...");
        var sw = Stopwatch.StartNew();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "build", project, "-c", "Release", "-nologo", "-v", "quiet" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new KitException("could not start dotnet");
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new KitException($"building {Path.Combine("src", "Kit.Interactive")} failed (exit {p.ExitCode}):\n{(output + err.Result).Trim()}");
        File.WriteAllText(Stamp(repoRoot), "");
        log?.Invoke($"built the kernel extension in {sw.Elapsed.TotalSeconds:F0} s");
        return true;
    }

    /// <summary>
    /// Up to date when the extension DLL and the stamp of the last build exist and no source the build reads (the
    /// library, the extension, the repo-wide MSBuild files and build/) changed since. Build outputs are not sources.
    /// </summary>
    public static bool IsUpToDate(string repoRoot)
    {
        var stamp = new FileInfo(Stamp(repoRoot));
        if (!stamp.Exists || !File.Exists(Path.Combine(OutputDir(repoRoot), "Kit.Interactive.dll"))) return false;
        return !Sources(repoRoot).Any(f => File.GetLastWriteTimeUtc(f) > stamp.LastWriteTimeUtc);
    }

    static IEnumerable<string> Sources(string repoRoot)
    {
        foreach (var f in new[] { "Directory.Build.props", "Directory.Build.targets" }.Select(n => Path.Combine(repoRoot, n)).Where(File.Exists))
            yield return f;
        foreach (var dir in new[] { Path.Combine(repoRoot, "build"), Path.Combine(repoRoot, "src", "Kit"), Path.Combine(repoRoot, "src", "Kit.Interactive") })
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(dir, f).Replace('\\', '/');
                if (!rel.StartsWith("bin/", StringComparison.Ordinal) && !rel.StartsWith("obj/", StringComparison.Ordinal)) yield return f;
            }
        }
    }
}
