using Kit.Experiments;
namespace Kit.Research;

/// <summary>
/// How much of each experiment to run. Results (the default): nothing runs; the research questions read the committed
/// full-scale study in results/ (seconds). Quick: the shipped specs through <see cref="CompressionSpec.AsQuick"/>
/// (2,000 training images, 1-2 epochs per phase): a smoke run that shows the method works end to end, never a
/// result to quote. Full: the shipped specs as they are (hours on 2 cores). Tiny: quick specs on 300 images,
/// only for tests of the plumbing.
/// </summary>
public enum ReproMode { Tiny, Quick, Full, Results }

public static class ReproModes
{
    public const string EnvironmentVariable = "KIT_MODE";

    /// <summary>KIT_MODE=results|quick|full|tiny (what `kit notebooks run` and `kit reproduce` set); unset or empty is results.</summary>
    public static ReproMode FromEnvironment() => Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>Unset or empty is results mode; an unknown value is an error naming KIT_MODE (a typo must not silently train or not train).</summary>
    public static ReproMode Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "results" => ReproMode.Results,
        "quick" => ReproMode.Quick,
        "full" => ReproMode.Full,
        "tiny" => ReproMode.Tiny,
        var t => throw new KitException($"{EnvironmentVariable}: '{t}' is not a mode (results, quick or full; unset means results)"),
    };

    /// <summary>Quick and tiny runs are smoke runs: their numbers are never results.</summary>
    public static bool IsSmoke(this ReproMode m) => m is ReproMode.Quick or ReproMode.Tiny;

    public static string Name(this ReproMode m) => m.ToString().ToLowerInvariant();

    /// <summary>A label the notebooks and pages put next to every number that came from a reduced run.</summary>
    public static string Scale(this ReproMode m) => m switch
    {
        ReproMode.Full => "full scale (shipped specs)",
        ReproMode.Results => "committed full-scale results (results/; nothing trained)",
        ReproMode.Quick => "SMOKE SCALE (quick mode: 2,000 training images, 1-2 epochs per phase; not a result)",
        _ => "SMOKE SCALE (tiny mode: 300 training images; plumbing only)",
    };
}
