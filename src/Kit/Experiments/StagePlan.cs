namespace Kit.Experiments;

/// <summary>Training epochs of a set of runs: with shared stages (each distinct dense model and prune step once) and without (every run from scratch).</summary>
public sealed record EpochPlan(int Runs, int SharedEpochs, int UnsharedEpochs, int Stages)
{
    public string Describe(string runs = "entries") =>
        $"{Runs} {runs}, {SharedEpochs:N0} epochs with shared stages ({Stages} distinct dense/pruned models), {UnsharedEpochs:N0} without";
}

/// <summary>
/// What the stage cache saves on a list of compression specs (as they run: quick reduction and thread overrides applied):
/// <see cref="PlannedEpochs"/> per run, minus every stage (<see cref="StageKeys"/>) an earlier run of the list already trains.
/// A plan, not a measurement: runs whose stages sit in the cache from earlier commands train even less.
/// </summary>
public static class StagePlan
{
    public static EpochPlan Of(IEnumerable<CompressionSpec> specs, int extraRuns = 0, int extraEpochs = 0)
    {
        var list = specs.ToList();
        var (each, stages) = Each(list);
        return new EpochPlan(list.Count + extraRuns, each.Sum() + extraEpochs, list.Sum(PlannedEpochs.Of) + extraEpochs, stages);
    }

    /// <summary>Epochs each run trains when the runs go in list order: a stage is counted for the first run that needs it (the ETA of `--jobs`).</summary>
    public static int[] EpochsEach(IReadOnlyList<CompressionSpec> specs) => Each(specs).each;

    static (int[] each, int stages) Each(IReadOnlyList<CompressionSpec> specs)
    {
        var seen = new HashSet<string>();
        var each = new int[specs.Count];
        for (int k = 0; k < specs.Count; k++)
        {
            var spec = specs[k];
            int epochs = PlannedEpochs.Of(spec);
            // The device as the spec says (auto, cpu, cuda): the plan must not start torch to resolve it.
            foreach (var stage in StageKeys.Of(spec, TorchRuntime.ResolveThreads(spec.Threads), spec.Device.ToString().ToLowerInvariant()))
                if (stage.Epochs > 0 && !seen.Add(ExperimentCache.CanonicalJson(stage.Identity))) epochs -= stage.Epochs;
            each[k] = epochs;
        }
        return (each, seen.Count);
    }
}
