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
