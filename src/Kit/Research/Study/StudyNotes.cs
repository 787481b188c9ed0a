using System.Globalization;
using Microsoft.Data.Analysis;

namespace Kit.Research.Study;

/// <summary>What every results-mode report says about the study it read: how much of the plan is published, which schemes and bit widths have no run yet, the seeds.</summary>
public static class StudyNotes
{
    /// <summary>The scale label of results mode: what the numbers are and how many runs they rest on.</summary>
    public static string Scale(StudyResults s) => s.Progress is { } p
        ? string.Create(CultureInfo.InvariantCulture, $"committed full-scale study (results/study: {p.Published} of {p.Planned} planned runs published; nothing trained)")
        : string.Create(CultureInfo.InvariantCulture, $"committed full-scale study (results/study: {s.Runs.Count} compressed runs; nothing trained)");

    public static void Add(RqReport report, StudyResults s)
    {
        if (s.Runs.Count == 0)
        {
            report.Notes.Add("No run of the study is published in results/study yet: `./kit study run specs/study/lenet5-study.json` runs it (docs/study.md).");
            return;
        }
        if (s.Progress is { } p && p.Published < p.Planned)
            report.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"The study is partial: {p.Published} of its {p.Planned} planned runs are published (`./kit study plan specs/study/lenet5-study.json` lists which); every number here can change as runs land."));
        foreach (var ds in s.DenseAccuracy.Keys.Order(StringComparer.Ordinal))
        {
            var seeds = s.DenseSeeds.GetValueOrDefault(ds) ?? [];
            report.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{ds}: dense accuracy {s.DenseAccuracy[ds]:F2}% (mean of {seeds.Count} dense run{(seeds.Count == 1 ? "" : "s")}, seed{(seeds.Count == 1 ? "" : "s")} {string.Join(", ", seeds)})."));
        }
        int maxSeeds = s.Runs.GroupBy(r => r.Experiment).Max(g => g.Count());
        int single = s.Runs.GroupBy(r => r.Experiment).Count(g => g.Count() == 1);
        report.Notes.Add(maxSeeds == 1
            ? "Every experiment has one published seed: no sd over seeds can be given yet (tables leave the sd empty; charts draw no error bar)."
            : string.Create(CultureInfo.InvariantCulture, $"{single} of {s.Runs.GroupBy(r => r.Experiment).Count()} experiments have one published seed (no sd; no error bar); the others have up to {maxSeeds}."));
        var missing = s.Coverage.Where(c => c.Published == 0).GroupBy(c => (c.Dataset, c.Bits))
            .Select(g => $"{g.Key.Dataset} {StudyStats.BitsLabel(g.Key.Bits)}: {string.Join(", ", g.Select(c => c.Scheme))}").ToList();
        if (missing.Count > 0) report.Notes.Add("Planned but no run published yet (dataset, bits: schemes): " + string.Join("; ", missing) + ".");
        if (s.Coverage.Count == 0) report.Notes.Add("The study spec (specs/study/lenet5-study.json) was not found, so which planned runs are missing is not known.");
    }

    public static DataFrame CoverageFrame(IEnumerable<StudyCoverage> coverage) => ReproFrames.From(coverage.Select(c => new Dictionary<string, object?>
    {
        ["dataset"] = c.Dataset, ["bits"] = StudyStats.BitsLabel(c.Bits), ["scheme"] = c.Scheme, ["planned_runs"] = (double)c.Planned,
        ["published_runs"] = (double)c.Published, ["published_seeds"] = c.Seeds,
    }));
}
