using System.Diagnostics;

namespace Kit.Tests.Resilience;

/// <summary>The kit CLI in a real child process (the test assembly's own entry point forwards `kit ARGS` to it).</summary>
public static class KitProcess
{
    static readonly string Self = typeof(KitProcess).Assembly.Location;

    /// <summary>Starts `kit ARGS`, or another helper mode of the test assembly when <paramref name="mode"/> is given.</summary>
    public static Process Start(IEnumerable<string> args, IDictionary<string, string>? env = null, string mode = "kit")
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Self);
        psi.ArgumentList.Add(mode);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // One torch thread, passive OpenMP waits: bit-identical results and no thread trap on a shared machine.
        psi.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        psi.Environment.Remove("KIT_FAULT");
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return Process.Start(psi)!;
    }

    public static (int code, string stdout, string stderr) Run(params string[] args) => RunMode("kit", args);

    public static (int code, string stdout, string stderr) RunMode(string mode, params string[] args)
    {
        using var p = Start(args, mode: mode);
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    /// <summary>
    /// Runs until the fault point (KIT_FAULT=POINT:UNIT) is reached, then SIGKILLs the process there: the kill lands at
    /// a known place without guessing delays. Fails if the process ends before reaching it.
    /// </summary>
    public static void KillAt(string fault, string markerDir, params string[] args) => KillAt(fault, markerDir, "kit", args);

    public static void KillAt(string fault, string markerDir, string mode, params string[] args)
    {
        var marker = Path.Combine(markerDir, $"reached-{Guid.NewGuid():N}");
        using var p = Start(args, new Dictionary<string, string> { ["KIT_FAULT"] = fault, ["KIT_FAULT_FILE"] = marker }, mode);
        WaitForMarker(p, marker, fault);
        p.Kill(entireProcessTree: true); // SIGKILL on Unix: no finally blocks, no flushing
        p.WaitForExit();
    }

    /// <summary>
    /// Waits until a process started with KIT_FAULT_FILE = <paramref name="marker"/> reaches its fault point, draining its
    /// output meanwhile (a full pipe would stall it). Fails if it ends first, or after 5 minutes (so a broken build
    /// cannot hang CI); on failure the process is killed.
    /// </summary>
    public static void WaitForMarker(Process p, string marker, string fault)
    {
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (!File.Exists(marker))
        {
            if (p.WaitForExit(20))
                Assert.Fail($"the run ended (exit {p.ExitCode}) before reaching {fault}: {err.Result}{output.Result}");
            if (DateTime.UtcNow > deadline) { p.Kill(true); Assert.Fail($"{fault} not reached within 5 minutes"); }
        }
    }
}
