namespace Kit.Experiments;

/// <summary>
/// How many training epochs a compression spec runs (dense, each prune step's ADMM and retraining, each quantization
/// stage's ADMM, freeze rounds and retraining): with measured seconds per epoch, the basis of a sweep's ETA.
/// An estimate: a progressive quantization counts two stages (the pipeline runs one when only edge or inner layers are quantized).
/// </summary>
public static class PlannedEpochs
{
    public static int Of(CompressionSpec spec)
    {
        int n = Dense(spec);
        if (spec.Prune is { } p)
            for (int i = 0; i < p.Steps.Count; i++) n += PruneStep(p, i);
        if (spec.Quantize is { } q) n += Quantize(q);
        return n;
    }

    public static int Dense(CompressionSpec spec) => spec.Dense.Train.Epochs;

    /// <summary>Step <paramref name="i"/>: its ADMM epochs (none for magnitude pruning) and its masked retraining.</summary>
    public static int PruneStep(PruneSpec p, int i)
    {
        var step = p.Steps[i];
        int search = p.BudgetSearch is { } b && StepBudget.Searched(p, i) ? b.Exponents.Count * b.Epochs : 0;
        return search + (p.Method == PruneMethod.Admm ? (step.Admm ?? p.Admm).Epochs : 0) + (step.Retrain ?? p.Retrain).Epochs;
    }

    public static int Quantize(QuantizeSpec q)
    {
        int rounds = q.FreezeFraction > 0 ? (int)Math.Ceiling(1 / q.FreezeFraction - 1e-9) : 1;
        return (q.Progressive ? 2 : 1) * (q.Admm.Epochs + q.Retrain.Epochs * rounds);
    }
}
