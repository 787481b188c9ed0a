using System.Globalization;
using System.Text;
using Kit.Experiments;

namespace Kit.Results;

/// <summary>
/// One accuracy target of an issue: a (dataset, scheme, method, rate, bits) cell and the mean test accuracy its best
/// experiment must reach over at least <see cref="Seeds"/> seeds. A null scheme or rate matches any; rates match within
/// 2% (the measured rate of a 348x target is 348.3x).
/// </summary>
public sealed record AccuracyTarget
{
    public required string Dataset { get; init; }
    public string? Scheme { get; init; }
    public string? Method { get; init; }
    public double? Rate { get; init; }
    public int Bits { get; init; } = 32;
    public required double MinAccuracy { get; init; }
    public int Seeds { get; init; } = 1;
    /// <summary>Quantized targets only: every layer at <see cref="Bits"/> (no layer left in float by quantize.layer_bits).</summary>
    public bool EveryLayer { get; init; }
    public string? Note { get; init; }

    public string Label => string.Create(CultureInfo.InvariantCulture,
        $"{Dataset} {Scheme ?? "any scheme"} {(Rate is { } r ? $"{r:0.#}x" : "any rate")} {(Bits >= 32 ? "float" : $"{Bits} bit")}{(EveryLayer ? " (every layer)" : "")}");

    public bool Matches(MergedRow r) =>
        r.Dataset == Dataset && (Scheme is null || r.Scheme == Scheme) && (Method is null || r.Method == Method) && r.Bits == Bits
        && (Rate is not { } t || Math.Abs(r.OverallRate - t) <= 0.02 * t);
}

/// <summary>The targets of one issue, as committed in specs/targets/NAME.json.</summary>
public sealed record AccuracyTargetSpec
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required List<AccuracyTarget> Targets { get; init; }

    public void Validate(string file)
    {
        if (Targets.Count == 0) throw new KitException($"{file}: targets: empty");
        for (int i = 0; i < Targets.Count; i++)
        {
            var t = Targets[i];
            string at = $"{file}: targets[{i}]";
            if (t.Seeds < 1) throw new KitException($"{at}.seeds: must be >= 1 (got {t.Seeds})");
            if (t.Bits is < 1 or > 32) throw new KitException($"{at}.bits: must be 1-32 (got {t.Bits})");
            if (t.Rate is { } r && r < 1) throw new KitException($"{at}.rate: must be >= 1 (got {r})");
            if (t.MinAccuracy is < 0 or > 100) throw new KitException($"{at}.min_accuracy: a percentage (got {t.MinAccuracy})");
        }
    }

    public static AccuracyTargetSpec Read(string file)
    {
        var spec = Kit.IO.Json.ReadFile<AccuracyTargetSpec>(file, strict: true);
        spec.Validate(file);
        return spec;
    }
}

/// <summary>
/// One committed experiment (its seeds' runs) as evidence for a target. <see cref="DenseMean"/>: the mean test accuracy of
/// the dense models its runs started from, so a gap can be read as the dense model's share and the pruning's share.
/// </summary>
public sealed record TargetEvidence(string Experiment, double Rate, int Seeds, double Mean, double Sd, IReadOnlyList<string> Runs, double DenseMean)
{
    public double Drop => DenseMean - Mean;
}

/// <summary>A target with its best evidence: the best mean among experiments with enough seeds, else the best with fewer.</summary>
public sealed record TargetStatus(AccuracyTarget Target, TargetEvidence? Best, int Candidates)
{
    public bool Met => Best is { } b && b.Seeds >= Target.Seeds && b.Mean >= Target.MinAccuracy;
    public double? Gap => Best is { } b ? b.Mean - Target.MinAccuracy : null;
}

/// <summary>
/// Checks an issue's accuracy targets against every committed compression run under results/ (any depth: single
/// experiments, the study, study trials). Runs group into experiments by name (one per seed); quick-mode runs are refused.
/// </summary>
public static class AccuracyTargets
{
    public static List<TargetStatus> Check(AccuracyTargetSpec spec, string resultsDir)
    {
        var rows = ResultsSummary.CommittedRows(resultsDir);
        string root = Path.GetFullPath(resultsDir);
        return [.. spec.Targets.Select(t =>
        {
            var experiments = rows.Where(t.Matches).Where(r => !t.EveryLayer || AllLayersAt(r, t.Bits)).GroupBy(r => r.Name).Select(g =>
            {
                var acc = g.Select(r => r.Accuracy).ToList();
                return new TargetEvidence(g.Key, g.Average(r => r.OverallRate), acc.Count, acc.Average(), ResultsSummary.Sd(acc),
                    [.. g.OrderBy(r => r.Seed).Select(r => Path.GetRelativePath(root, r.Folder).Replace('\\', '/'))], g.Average(DenseOf));
            }).ToList();
            var enough = experiments.Where(e => e.Seeds >= t.Seeds).ToList();
            var best = (enough.Count > 0 ? enough : experiments).OrderByDescending(e => e.Mean).ThenBy(e => e.Experiment, StringComparer.Ordinal).FirstOrDefault();
            return new TargetStatus(t, best, experiments.Count);
        })];
    }

    /// <summary>
    /// The test accuracy of the dense model at the root of the run's chain. A study run records its start (spec.start.run:
    /// the previous step of its chain, whose model it continued) and that start's accuracy as dense_accuracy; following
    /// the starts through the sibling folders to the dense run (metrics.json) gives the accuracy the chain began from.
    /// </summary>
    static double DenseOf(MergedRow r)
    {
        var run = Kit.Study.PublishedRun.TryRead(r.Folder) ?? throw new KitException($"{r.Folder}: no result.json");
        for (int hop = 0; hop < 100; hop++)
        {
            if (run.Dense) return run.Accuracy;
            if (run.Record["spec"]?["start"]?["run"]?.GetValue<string>() is not { } start)
                return run.Record["dense_accuracy"]?.GetValue<double>() ?? throw new KitException($"{run.RecordFile}: no dense_accuracy");
            string parent = Path.Combine(Path.GetDirectoryName(run.Folder)!, $"{start}-seed{r.Seed}");
            run = Kit.Study.PublishedRun.TryRead(parent)
                ?? throw new KitException($"{run.RecordFile}: spec.start.run is {start}, but {parent} holds neither its metrics.json nor its result.json");
        }
        throw new KitException($"{r.Folder}/result.json: spec.start.run does not reach a dense run within 100 steps (a cycle?)");
    }

    /// <summary>True unless the run's spec leaves some layer at other than <paramref name="bits"/> (quantize.layer_bits).</summary>
    static bool AllLayersAt(MergedRow r, int bits)
    {
        var node = Kit.IO.Json.ReadNode(Path.Combine(r.Folder, "result.json"));
        return node["spec"]?["quantize"]?["layer_bits"] is not System.Text.Json.Nodes.JsonObject lb || lb.All(kv => kv.Value?.GetValue<int>() == bits);
    }

    public static string ToMarkdown(AccuracyTargetSpec spec, IReadOnlyList<TargetStatus> rows, string shownResults = "results")
    {
        var ic = CultureInfo.InvariantCulture;
        int met = rows.Count(r => r.Met);
        var sb = new StringBuilder();
        sb.Append(ic, $"Targets of `specs/targets/{spec.Name}.json` against every committed run under `{shownResults}/`: {met} of {rows.Count} met. ");
        sb.Append("Per target the best experiment (mean test accuracy over its seeds) among those with at least the required seeds; when none has enough seeds, the best with fewer, and the target is not counted as met. ");
        sb.Append("Dense %: the mean test accuracy of the dense models the runs began from (`dense_accuracy` in `result.json`; a run that continued another run's model, `spec.start.run`, is followed back to the dense run of its chain); drop: dense % minus mean %, the points the compression lost.\n\n");
        sb.Append("| target | required % | seeds required | best experiment | rate | seeds | mean % | sd | gap (points) | status | dense % | drop (points) | experiments matching | runs |\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var r in rows)
        {
            string label = r.Target.Note is { } n ? $"{r.Target.Label}: {n}" : r.Target.Label;
            if (r.Best is not { } b)
            {
                sb.Append(ic, $"| {label} | {r.Target.MinAccuracy:F2} | {r.Target.Seeds} | none committed | | | | | | not run | | | 0 | |\n");
                continue;
            }
            string status = r.Met ? "met" : b.Mean < r.Target.MinAccuracy ? "short" : "mean reached, too few seeds";
            string sd = double.IsNaN(b.Sd) ? "-" : b.Sd.ToString("F2", ic);
            sb.Append(ic, $"| {label} | {r.Target.MinAccuracy:F2} | {r.Target.Seeds} | `{b.Experiment}` | {b.Rate:F1}x | {b.Seeds} | {b.Mean:F2} | {sd} | {r.Gap:+0.00;-0.00;0.00} | {status} | {b.DenseMean:F2} | {b.Drop:F2} | {r.Candidates} | ");
            sb.Append(string.Join(", ", b.Runs.Select(x => $"`{x}`"))).Append(" |\n");
        }
        return sb.ToString();
    }
}
