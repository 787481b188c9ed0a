namespace Kit.Experiments;

/// <summary>
/// A shared prefix of compression runs: the dense model, or the model after prune step k (every earlier step
/// included). <see cref="Identity"/> holds exactly what determines it, so runs with equal identities compute the same
/// bits and one can continue from the other's stage. <see cref="Phases"/> are the journal phases it trains.
/// </summary>
public sealed record StageId(string Name, object Identity, int Epochs, IReadOnlySet<string> Phases);

/// <summary>The stages of a spec, in pipeline order: the dense model, then each prune step (quantization ends the run, so it is no stage).</summary>
public static class StageKeys
{
    public const string DensePhase = "dense";

    /// <param name="threads">Torch threads as resolved (results are bit-identical only for a fixed count).</param>
    /// <param name="device">The device the run trains on.</param>
    public static List<StageId> Of(CompressionSpec spec, int threads, string device)
    {
        // Name, description and start record do not change a bit; where the data live does not either (pinned by SHA256SUMS).
        var dense = new
        {
            stage = "dense", model = spec.Model, data = spec.Data with { DataDir = null }, seed = spec.Seed,
            threads, device, train = spec.Dense.Train, adversarial = spec.Adversarial,
        };
        var stages = new List<StageId> { new("dense", dense, PlannedEpochs.Dense(spec), new HashSet<string> { DensePhase }) };
        if (spec.Prune is { } p)
            for (int i = 0; i < p.Steps.Count; i++)
            {
                string phase = PruneStage.PhaseName(i, p.Steps.Count);
                // The step count names the phases (prune 1/3 ...) that the journal and result.json record, so it is part of the identity.
                var identity = new { stage = "prune", dense, prune = p with { Steps = p.Steps.Take(i + 1).ToList() }, steps = p.Steps.Count };
                var phases = new HashSet<string> { $"{phase} admm", $"{phase} retrain" };
                if (StepBudget.Searched(p, i)) phases.UnionWith(p.BudgetSearch!.Exponents.Select(e => StepBudget.PhaseName(phase, e)));
                stages.Add(new StageId(phase, identity, PlannedEpochs.PruneStep(p, i), phases));
            }
        return stages;
    }
}
