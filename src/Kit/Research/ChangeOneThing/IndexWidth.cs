using Kit.Costs;
using static System.FormattableString;

namespace Kit.Research.ChangeOneThing;

/// <summary>
/// Notebook 04: fix the relative index width k of one layer of a committed model instead of the exact search's choice.
/// Before: the layer in the run's cost.json (the searched k). After: the same real mask and values at the chosen k, now.
/// Stated before the run: a smaller k needs more fillers (a larger k fewer), and the total never falls below the searched
/// optimum ("or stays": another k can tie).
/// </summary>
public static class IndexWidth
{
    public const string DefaultRun = "study-mnist-irregular-admm-100x-4bit-seed1";

    public static OneChange Run(string repoRoot, int k = 2, string layer = "fc1", string run = DefaultRun)
    {
        if (k is < 1 or > 16) throw new KitException($"k must be in 1..16, got {k}");
        var committed = CommittedModel.Open(repoRoot, run);
        int bits = committed.Bits();
        var published = committed.Cost()["storage"]?["layers"]?.AsArray().FirstOrDefault(l => l?["name"]?.GetValue<string>() == layer)?["relative"]
            ?? throw new KitException($"{committed.Shown}/cost.json: no relative cost of layer '{layer}'");
        int searched = published["index_bits"]!.GetValue<int>();
        var (model, _) = committed.Load();
        CostLayer cost;
        using (model) cost = ModelMasks.From(model).FirstOrDefault(l => l.Mask.Name == layer) ?? throw new KitException($"{committed.Shown}: no layer '{layer}'");
        var gaps = RelativeIndexFormat.Gaps(cost.Mask);
        var at = RelativeIndexFormat.At(gaps, gaps.FillersByIndexBits(), ValueWidths.Of(cost, bits), k);
        return new OneChange(Invariant($"relative index width k of {layer}"), Invariant($"searched k = {searched}"), Invariant($"k = {k}"),
        [
            new Effect("filler entries", published["fillers"]!.GetValue<long>(), at.Fillers, Effect.Follows(searched, k, Expectation.FallsOrStays, Expectation.RisesOrStays)),
            new Effect(Invariant($"{layer} bits in the relative format"), published["total_bits"]!.GetValue<long>(), at.TotalBits, Expectation.RisesOrStays),
        ],
        Invariant($"Layer {layer} of {committed.Shown} ({bits}-bit values); before read from its cost.json, after computed now from its model.kitm."));
    }
}
