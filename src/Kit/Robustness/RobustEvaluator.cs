using Kit.Data;
using Kit.Models;
using static TorchSharp.torch;

namespace Kit.Robustness;

internal sealed record RobustPoint(double Eps, double RobustAccuracy, int Count);

internal sealed record RobustResult(double CleanAccuracy, int Count, IReadOnlyList<RobustPoint> Points);

/// <summary>
/// Clean and robust accuracy over a test set, in eval mode, batch by batch. An image counts as robust
/// only when it is classified correctly both clean and under attack: the clean image lies in every eps
/// ball, so a misclassified clean image is already an adversarial example. Hence robust <= clean always,
/// and eps = 0 gives exactly the clean accuracy.
/// </summary>
internal static class RobustEvaluator
{
    public static RobustResult Evaluate(KitModel model, Dataset data, AttackConfig attack, IReadOnlyList<double> epsilons,
        int batchSize = 500, int? limit = null, Action<string>? log = null)
    {
        if (epsilons.Count == 0) throw new KitException("give at least one eps");
        foreach (var e in epsilons) (attack with { Eps = e }).Validate();
        if (batchSize < 1) throw new KitException($"batch size must be >= 1, got {batchSize}");
        int n = Math.Min(data.Count, limit ?? int.MaxValue);
        if (n <= 0) throw new KitException($"{data.Name}: no images to attack");
        bool wasTraining = model.training;
        model.eval();
        // One generator for the whole evaluation: the random starts depend only on the seed and the data order.
        using var gen = new Generator((ulong)attack.Seed);
        long clean = 0;
        var robust = new long[epsilons.Count];
        try
        {
            for (int start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int len = Math.Min(batchSize, n - start);
                var x = data.Images.narrow(0, start, len);
                var y = data.Labels.narrow(0, start, len);
                Tensor ok;
                using (no_grad()) ok = model.forward(x).argmax(1).eq(y);
                clean += ok.sum().item<long>();
                for (int k = 0; k < epsilons.Count; k++)
                {
                    using var inner = NewDisposeScope();
                    var adv = (attack with { Eps = epsilons[k] }).Apply(model, x, y, gen);
                    using (no_grad())
                        robust[k] += model.forward(adv).argmax(1).eq(y).logical_and(ok).sum().item<long>();
                }
                log?.Invoke($"attacked {start + len}/{n} images");
            }
        }
        finally { model.train(wasTraining); }
        return new RobustResult(100.0 * clean / n, n,
            epsilons.Select((e, k) => new RobustPoint(e, 100.0 * robust[k] / n, n)).ToList());
    }
}
