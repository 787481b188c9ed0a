using Kit.Experiments;
namespace Kit.Research;

/// <summary>
/// How much of each experiment to run. Quick: the shipped specs through <see cref="CompressionSpec.AsQuick"/>
/// (2,000 training images, 1-2 epochs per phase): a smoke run that shows the method works end to end, never a
/// result to quote. Full: the shipped specs as they are (hours on 2 cores). Tiny: quick specs on 300 images,
/// only for tests of the plumbing.
/// </summary>
public enum ReproMode { Tiny, Quick, Full }

public static class ReproModes
{
    public const string EnvironmentVariable = "KIT_MODE";

    /// <summary>KIT_MODE=full|quick|tiny (what `kit notebooks run` sets); anything else or unset is quick.</summary>
    public static ReproMode FromEnvironment() => Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    public static ReproMode Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "full" => ReproMode.Full,
        "tiny" => ReproMode.Tiny,
        _ => ReproMode.Quick,
    };

    public static string Name(this ReproMode m) => m.ToString().ToLowerInvariant();

    /// <summary>A label the notebooks and pages put next to every number that came from a reduced run.</summary>
    public static string Scale(this ReproMode m) => m switch
    {
        ReproMode.Full => "full scale (shipped specs)",
        ReproMode.Quick => "SMOKE SCALE (quick mode: 2,000 training images, 1-2 epochs per phase; not a result)",
        _ => "SMOKE SCALE (tiny mode: 300 training images; plumbing only)",
    };
}
