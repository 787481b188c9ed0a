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
        int n = spec.Dense.Train.Epochs;
        if (spec.Prune is { } p)
            foreach (var step in p.Steps)
                n += (p.Method == PruneMethod.Admm ? (step.Admm ?? p.Admm).Epochs : 0) + (step.Retrain ?? p.Retrain).Epochs;
        if (spec.Quantize is { } q)
        {
            int rounds = q.FreezeFraction > 0 ? (int)Math.Ceiling(1 / q.FreezeFraction - 1e-9) : 1;
            n += (q.Progressive ? 2 : 1) * (q.Admm.Epochs + q.Retrain.Epochs * rounds);
        }
        return n;
    }
}
