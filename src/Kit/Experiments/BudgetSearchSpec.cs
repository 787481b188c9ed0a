namespace Kit.Experiments;

/// <summary>
/// Chooses each prune step's per-layer budget on the validation split while the chain runs: before the step's
/// ADMM, every allocation exponent is tried on the step's own starting model (one-shot magnitude pruning to the
/// step's rate inside the earlier support, <see cref="Epochs"/> of masked retraining, score = validation accuracy),
/// and the step then runs with the best one. Unlike `kit budget`, which picks one exponent at a chain's top rate
/// from the dense model, the choice is made per step and per seed: an exponent that is best at 348x need not be
/// best at 25x (docs/compression.md, "The per-layer budget in the study's chains"). The test set is never read.
/// Steps with explicit per-layer fractions keep them and are not searched.
/// </summary>
public sealed record BudgetSearchSpec
{
    /// <summary>Allocation exponents to try (<see cref="Kit.Pruning.KeepAllocation"/>: 1 = uniform density, smaller = small layers denser).</summary>
    public List<double> Exponents { get; init; } = [0.1, 0.2, 0.3, 0.5];
    /// <summary>Masked retraining epochs per candidate before it is scored.</summary>
    public int Epochs { get; init; } = 1;

    public void Validate(string where)
    {
        if (Exponents is null || Exponents.Count == 0) throw new KitException($"{where}.exponents must list at least one exponent in (0, 1]");
        for (int i = 0; i < Exponents.Count; i++)
            if (!(Exponents[i] > 0 && Exponents[i] <= 1)) throw new KitException($"{where}.exponents[{i}] must be in (0, 1], got {Exponents[i]}");
        if (Exponents.Distinct().Count() != Exponents.Count) throw new KitException($"{where}.exponents lists an exponent twice");
        if (Epochs < 1) throw new KitException($"{where}.epochs must be >= 1, got {Epochs}");
    }
}

/// <summary>What a searched prune step chose (in its <see cref="StageResult"/>): the winner and every candidate's score.</summary>
public sealed record BudgetChoice(double Exponent, int Epochs, List<BudgetTrial> Candidates);

/// <summary>One candidate of a searched step: its exponent, the rate its one-shot mask reached, its validation accuracy.</summary>
public sealed record BudgetTrial(double Exponent, double Rate, double ValidationAccuracy);
