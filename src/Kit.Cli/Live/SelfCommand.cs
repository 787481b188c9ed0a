using System.Diagnostics;
using System.Reflection;

namespace Kit.Cli.Live;

/// <summary>How to start the kit itself again (worker processes): the same .NET host and entry assembly as this process.</summary>
public static class SelfCommand
{
    /// <summary>Arguments before the kit's own (default: the entry assembly); a host that embeds the kit (the tests' helper mode) sets its own.</summary>
    public static IReadOnlyList<string>? Prefix { get; set; }

    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        bool isDotnet = Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        var prefix = Prefix ?? (isDotnet ? [Assembly.GetEntryAssembly()?.Location ?? throw new KitException("cannot locate the kit's own assembly to start workers")] : []);
        var psi = new ProcessStartInfo(isDotnet || Prefix is null ? host : "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in prefix.Concat(args)) psi.ArgumentList.Add(a);
        // Workers share the cores: busy-waiting OpenMP threads would slow every other worker (the thread trap).
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null) psi.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        return psi;
    }
}
