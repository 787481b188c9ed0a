using Kit.Data;
using Kit.Models;
using static TorchSharp.torch;

namespace Kit.Training;

internal sealed record EvalResult(double Accuracy, double Loss, int Count);

internal static class Evaluator
{
    /// <summary>Accuracy (in %) and mean cross-entropy, in eval mode, without gradients.</summary>
    public static EvalResult Evaluate(KitModel model, Dataset data, int batchSize = 1000)
    {
        if (data.Count == 0) return new EvalResult(double.NaN, double.NaN, 0);
        bool wasTraining = model.training;
        model.eval();
        var device = Devices.Of(model);
        long correct = 0;
        double lossSum = 0;
        using (no_grad())
        {
            for (int start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int len = Math.Min(batchSize, data.Count - start);
                var x = data.Images.narrow(0, start, len).to(device);
                var y = data.Labels.narrow(0, start, len).to(device);
                var logits = model.forward(x);
                lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
                correct += logits.argmax(1).eq(y).sum().item<long>();
            }
        }
        model.train(wasTraining);
        return new EvalResult(100.0 * correct / data.Count, lossSum / data.Count, data.Count);
    }
}
