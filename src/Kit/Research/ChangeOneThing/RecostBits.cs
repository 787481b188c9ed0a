using System.Text.Json.Nodes;
using Kit.Costs;
using Kit.IO;

namespace Kit.Research.ChangeOneThing;

/// <summary>
/// Notebook 01: cost a committed model's real mask at another bit width b. Before: the run's cost.json (at its own b, as
/// published). After: the cost model on its model.kitm now. Stated before the run: with fewer bits the stored bits fall,
/// and so does p_eq of the relative index, because the index fields do not shrink with b (the paper's point); more bits,
/// both rise.
/// </summary>
public static class RecostBits
{
    public const string DefaultRun = "study-mnist-irregular-admm-100x-8bit-seed1";

    public static OneChange Run(string repoRoot, int bits = 2, string run = DefaultRun)
    {
        if (bits is < 1 or > 32) throw new KitException($"bits must be in 1..32, got {bits}");
        var committed = CommittedModel.Open(repoRoot, run);
        int own = committed.Bits();
        var before = committed.Cost();
        var after = JsonNode.Parse(Json.Serialize(ModelCost.Of(committed.ModelPath, bits)))!;
        var (formatBefore, bitsBefore) = Kit.Study.VerdictSource.Cheapest(before, committed.Shown + "/cost.json");
        var (formatAfter, bitsAfter) = Kit.Study.VerdictSource.Cheapest(after, "the cost model now");
        double PEq(JsonNode cost) => cost["storage"]?["total"]?["p_eq"]?["relative"]?.GetValue<double>() ?? throw new KitException($"{committed.Shown}: no relative p_eq");
        return new OneChange("bits per stored value b", $"b = {own}", $"b = {bits}",
        [
            new Effect($"stored bits, cheapest exact format ({formatBefore} -> {formatAfter})", bitsBefore, bitsAfter, Effect.Follows(own, bits, Expectation.Rises, Expectation.Falls)),
            new Effect("p_eq of the relative index (x)", PEq(before), PEq(after), Effect.Follows(own, bits, Expectation.Rises, Expectation.Falls), "F2"),
        ],
        $"Model: {committed.Shown}; before read from its cost.json (published with the run), after computed now from its model.kitm.");
    }
}
