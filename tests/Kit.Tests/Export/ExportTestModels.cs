using Kit.Costs;
using Kit.Models;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Tests.Export;

/// <summary>
/// Pruned, quantized models built in the test (no training): a fresh model whose prunable weights get a random mask and
/// random values from a per-layer level table of 2^b nonzero levels (as the kit's b-bit quantizer makes them); biases
/// stay the fresh model's floats.
/// </summary>
public static class ExportTestModels
{
    /// <summary>
    /// <paramref name="keepOneOfFour"/>: at most one nonzero per group of 4 consecutive columns, so the N:M formats
    /// (1:4 and 2:4) can hold the mask too.
    /// </summary>
    /// <paramref name="quantized"/> false keeps the fresh model's float values on the kept weights.
    public static KitModel PrunedQuantized(string architecture, int seed, int bits = 3, double density = 0.05, bool keepOneOfFour = false, bool quantized = true)
    {
        var model = ModelRegistry.Create(architecture, TorchFixture.Info, seed);
        var rng = new Random(seed);
        using var _ = no_grad();
        foreach (var l in model.PrunableLayers)
        {
            var levels = Levels(rng, 1 << bits);
            var fresh = TensorValues.ToArray(l.Weight);
            float Value(long i) => quantized ? levels[rng.Next(levels.Length)] : fresh[i] == 0 ? 1e-3f : fresh[i];
            var w = new float[l.Weights];
            for (int r = 0; r < l.Rows; r++)
                for (int g = 0; g < l.Columns; g += 4)
                {
                    int end = Math.Min(g + 4, l.Columns);
                    if (keepOneOfFour)
                    {
                        long i = (long)r * l.Columns + g + rng.Next(end - g);
                        if (rng.NextDouble() < density * 4) w[i] = Value(i);
                    }
                    else
                        for (int c = g; c < end; c++)
                            if (rng.NextDouble() < density) w[(long)r * l.Columns + c] = Value((long)r * l.Columns + c);
                }
            using var t = tensor(w, l.TensorShape);
            l.Weight.copy_(t);
        }
        return model;
    }

    /// <summary>n distinct nonzero levels +-q*{1..n/2} with a random q (n odd: one more positive level).</summary>
    public static float[] Levels(Random rng, int n)
    {
        float q = (float)(0.01 + 0.2 * rng.NextDouble());
        return [.. Enumerable.Range(1, n).Select(i => (i % 2 == 0 ? -1 : 1) * q * ((i + 1) / 2))];
    }

    public static CheckpointInfo Info => new() { Dataset = "mnist", Seed = 1 };

    /// <summary>Every state-dict tensor's float32 bit patterns.</summary>
    public static Dictionary<string, int[]> StateBits(KitModel model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => TensorValues.ToArray(kv.Value).Select(BitConverter.SingleToInt32Bits).ToArray());

    /// <summary>Logits on a fixed random batch of images in [0,1].</summary>
    public static float[] Logits(KitModel model)
    {
        using var _ = no_grad();
        var g = new Random(99);
        var x = new float[16 * 28 * 28];
        for (int i = 0; i < x.Length; i++) x[i] = (float)g.NextDouble();
        model.eval();
        using var input = tensor(x, [16, 1, 28, 28]);
        using var logits = model.forward(input);
        return TensorValues.ToArray(logits);
    }

    /// <summary>One cost layer of a random R x C mask with values drawn from <paramref name="levels"/>.</summary>
    public static CostLayer RandomLayer(Random rng, int rows, int columns, double density, float[] levels)
    {
        var w = new float[rows * columns];
        for (int i = 0; i < w.Length; i++)
            if (rng.NextDouble() < density) w[i] = levels[rng.Next(levels.Length)];
        var mask = LayerMask.FromDense("layer", rows, columns, w);
        return new CostLayer(mask, Values: [.. mask.Nonzero.Select(i => w[i])]);
    }
}
