using System.Reflection;
using System.Runtime.InteropServices;

namespace Kit;

/// <summary>Version and machine facts recorded next to every result, so a number can be traced to what made it.</summary>
public static class KitInfo
{
    public static string Version { get; } =
        typeof(KitInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
        ?? typeof(KitInfo).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public static MachineInfo Machine() => new(
        Environment.MachineName,
        RuntimeInformation.OSDescription,
        RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        CpuModel(),
        RuntimeInformation.FrameworkDescription,
        TorchRuntime.Threads);

    /// <summary>/proc/loadavg as written (1, 5, 15 minute averages ...), or null where there is none: benchmarks record it
    /// before and after, because other work on a shared machine skews timings and a reader should see it.</summary>
    public static string? LoadAverage()
    {
        try { return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null; }
        catch (IOException) { return null; }
    }

    /// <summary>This process's nice value (field 19 of /proc/self/stat), or null where there is none: a benchmark run at
    /// `nice -n 10` on a busy machine yields the CPU to every other job, so its wall times say more about them.</summary>
    public static int? Niceness()
    {
        try
        {
            if (!File.Exists("/proc/self/stat")) return null;
            var stat = File.ReadAllText("/proc/self/stat");
            // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 16 && int.TryParse(fields[16], out var nice) ? nice : null;
        }
        catch (IOException) { return null; }
    }

    static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal))
                    return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return "unknown";
    }
}

public sealed record MachineInfo(string Host, string Os, string Arch, int Cores, string Cpu, string Runtime, int TorchThreads);
