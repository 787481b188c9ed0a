using Kit.Experiments;
using Microsoft.Data.Analysis;
using Plotly.NET;

namespace Kit.Research;

/// <summary>A chart with the file stem it is written under and a caption (plain text).</summary>
public sealed record NamedChart(string Name, GenericChart Chart, string Caption);

/// <summary>
/// What one research question's reproduction returns: the tables (written as CSV), the charts (written as
/// offline HTML), the findings computed from the tables (never prewritten), notes (what was not measured and
/// why), and the specs that ran. The notebooks display these; `kit reproduce` writes them.
/// </summary>
public sealed record RqReport(int Rq, string Title, ReproMode Mode)
{
    public List<(string Name, DataFrame Table)> Tables { get; } = [];
    public List<NamedChart> Charts { get; } = [];
    public List<string> Findings { get; } = [];
    public List<string> Notes { get; } = [];
    public List<CompressionSpec> Specs { get; } = [];
    /// <summary>What the numbers of this report cover. Defaults to the mode's label; a question whose numbers do not depend
    /// on the mode (RQ4's exact cost model) says so instead of carrying a SMOKE SCALE label it does not deserve.</summary>
    public string Scale { get; init; } = Mode.Scale();
    /// <summary>Specs of other kinds (e.g. transfer specs), written next to the compression specs.</summary>
    public List<(string Name, object Spec)> OtherSpecs { get; } = [];

    /// <summary>Set when this mode has nothing to show for the question (e.g. RQ5 in results mode: nothing committed), with why and what to run.</summary>
    public string? Unavailable { get; init; }

    /// <summary>
    /// A table or chart by name for a notebook cell, or, when the report is <see cref="Unavailable"/>, that reason as text.
    /// A name the report should have but lacks is still an error.
    /// </summary>
    public object Show(string name) =>
        Tables.Any(t => t.Name == name) ? Table(name)
        : Charts.Any(c => c.Name == name) ? Chart(name)
        : Unavailable ?? throw new KitException($"RQ{Rq} has no table or chart '{name}' (tables: {string.Join(", ", Tables.Select(t => t.Name))}; charts: {string.Join(", ", Charts.Select(c => c.Name))})");

    public DataFrame Table(string name) => Tables.FirstOrDefault(t => t.Name == name).Table
        ?? throw new KitException($"RQ{Rq} has no table '{name}' (tables: {string.Join(", ", Tables.Select(t => t.Name))})");

    public GenericChart Chart(string name) => Charts.FirstOrDefault(c => c.Name == name)?.Chart
        ?? throw new KitException($"RQ{Rq} has no chart '{name}' (charts: {string.Join(", ", Charts.Select(c => c.Name))})");

    /// <summary>What a question's recomputation returns in results mode: nothing was run; the committed results are shown instead.</summary>
    public static RqReport NotRecomputed(int rq, string title)
    {
        var why = $"Results mode: nothing is recomputed here (the committed results are shown above). {ReproModes.EnvironmentVariable}=quick reruns this question's experiments at smoke scale (minutes); {ReproModes.EnvironmentVariable}=full runs the shipped specs (hours).";
        var report = new RqReport(rq, title, ReproMode.Results) { Unavailable = why, Scale = "nothing recomputed" };
        report.Notes.Add(why);
        return report;
    }

    /// <summary>For a chart of runs that each have one seed: says so (the seeds are the specs'), so no error bar is expected.</summary>
    public string OneSeedPerRun()
    {
        var seeds = Specs.Select(s => s.Seed).Distinct().Order().ToList();
        return seeds.Count == 0 ? "" : $" Each point is one run (n=1 seed: seed {string.Join(", ", seeds)}), so there is no spread over seeds and no error bar.";
    }

    /// <summary>The findings as one text block, for a notebook cell's output.</summary>
    public string FindingsText => string.Join("\n", Findings.Select(f => "- " + f));
    public string NotesText => string.Join("\n", Notes.Select(f => "- " + f));
}
