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
        var seen = new HashSet<string>();
        int runs = extraRuns, shared = extraEpochs, unshared = extraEpochs;
        foreach (var spec in specs)
        {
            runs++;
            int total = PlannedEpochs.Of(spec), covered = 0;
            unshared += total;
            // The device as the spec says (auto, cpu, cuda): the plan must not start torch to resolve it.
            foreach (var stage in StageKeys.Of(spec, TorchRuntime.ResolveThreads(spec.Threads), spec.Device.ToString().ToLowerInvariant()))
            {
                if (stage.Epochs == 0) continue;
                covered += stage.Epochs;
                if (seen.Add(ExperimentCache.CanonicalJson(stage.Identity))) shared += stage.Epochs;
            }
            shared += total - covered;
        }
        return new EpochPlan(runs, shared, unshared, seen.Count);
    }
}
