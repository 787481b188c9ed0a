using System.Text.Json.Nodes;
using Kit.Costs;
using Kit.IO;
using Kit.Quantization;
using static System.FormattableString;
using static TorchSharp.torch;

namespace Kit.Research.ChangeOneThing;

/// <summary>
/// Notebook 02: snap a committed float model's kept weights to b-bit levels (the kit's uniform quantizer per layer, pruned
/// weights stay zero; no retraining) and test it again. Stated before the run: with fewer levels the accuracy falls and so
/// do the stored bits, which is the trade-off each point of RQ2's charts sits on. The study's ADMM-quantized model at the
/// same b, when published, shows what quantization-aware training recovers.
/// </summary>
public static class Requantize
{
    public const string DefaultRun = "study-mnist-irregular-admm-100x-seed1";

    public static OneChange Run(string repoRoot, int bits = 2, string run = DefaultRun, int images = 1000)
    {
        if (bits is < 1 or > 16) throw new KitException($"bits must be in 1..16, got {bits}");
        var committed = CommittedModel.Open(repoRoot, run);
        int own = committed.Bits();
        if (own != 32) throw new KitException($"{committed.Shown}: a {own}-bit model; re-quantize a float run (bits 32)");
        var (model, info) = committed.Load();
        using (model)
        {
            double before = CommittedModel.Accuracy(model, info.Dataset, info.Classes, images);
            using (no_grad())
                foreach (var l in model.PrunableLayers)
                {
                    var (snapped, _) = new UniformQuantizer(bits).Project(l.Weight);
                    using (snapped) l.Weight.copy_(snapped);
                }
            double after = CommittedModel.Accuracy(model, info.Dataset, info.Classes, images);
            var (_, storedBefore) = Kit.Study.VerdictSource.Cheapest(committed.Cost(), committed.Shown + "/cost.json");
            var cost = JsonNode.Parse(Json.Serialize(ModelCost.Of(ModelMasks.From(model), run, info.Architecture, bits)))!;
            var (_, storedAfter) = Kit.Study.VerdictSource.Cheapest(cost, "the cost model now");
            string sibling = run.Replace("-seed", $"-{bits}bit-seed", StringComparison.Ordinal);
            string compare = Directory.Exists(Path.Combine(repoRoot, "results", Kit.Results.ResultsSummary.StudyFolder, sibling))
                ? Invariant($" For comparison, the study's ADMM-quantized {bits}-bit model of the same chain (results/study/{sibling}) reached {CommittedModel.Open(repoRoot, sibling).RecordedAccuracy():F2}% on all 10,000 test images (its result.json).")
                : "";
            return new OneChange("bits per kept weight (snapped, no retraining)", "float32", $"{bits} bit",
            [
                new Effect(Invariant($"test accuracy on the first {images:N0} test images (%)"), before, after, Expectation.Falls, "F2"),
                new Effect("stored bits, cheapest exact format", storedBefore, storedAfter, Expectation.Falls),
            ],
            $"Model: {committed.Shown}/model.kitm; accuracies computed now, stored bits before read from its cost.json, after computed now.{compare}");
        }
    }
}
