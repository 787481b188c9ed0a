using Kit.Training;

namespace Kit.Pruning;

/// <summary>Overlap of two nonzero supports of one layer: Jaccard = nonzero in both / nonzero in either (1 when both are empty).</summary>
public sealed record SupportOverlap(string Layer, long ThisNonzero, long OtherNonzero, long Both, double Jaccard)
{
    public static SupportOverlap Of(string layer, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new KitException($"layer {layer}: {a.Length} weights vs {b.Length}");
        long na = 0, nb = 0, both = 0, either = 0;
        for (int i = 0; i < a.Length; i++)
        {
            bool x = a[i] != 0, y = b[i] != 0;
            if (x) na++;
            if (y) nb++;
            if (x && y) both++;
            if (x || y) either++;
        }
        return new SupportOverlap(layer, na, nb, both, either == 0 ? 1 : (double)both / either);
    }
}

/// <summary>One layer of <see cref="ModelInspection"/>: its <see cref="LayerStats"/> and the bits its distinct values imply.</summary>
public sealed record InspectedLayer(
    string Name, int[] Shape, long[] TensorShape, long Weights, long Nonzero, double Density,
    int KeptRows, int KeptColumns, int KeptChannels, int Levels, int Bits, double[]? LevelValues);

/// <summary>
/// What `kit inspect` reports of a saved model (its .inspect.json): per-layer sparsity, surviving rows / columns /
/// channels, distinct values and the bits they imply, the overall rate, and optionally the support overlap with
/// another model of the same architecture.
/// </summary>
public sealed record ModelInspection
{
    public const string Convention = "bits = ceil(log2(levels)): zero is encoded by the sparsity structure, 32 = more than 256 distinct values";

    public string Model { get; init; } = "";
    public string Architecture { get; init; } = "";
    public string Dataset { get; init; } = "";
    public double OverallRate { get; init; }
    public long Weights { get; init; }
    public long Nonzero { get; init; }
    public List<SupportOverlap>? SupportOverlap { get; init; }
    public string LevelConvention { get; init; } = Convention;
    public List<InspectedLayer> Layers { get; init; } = [];

    /// <summary>Bits to index the distinct nonzero values (zero lives in the sparsity structure); 32 when unquantized.</summary>
    public static int ImpliedBits(int levels) => levels > 256 ? 32 : Math.Max(1, (int)Math.Ceiling(Math.Log2(Math.Max(levels, 1))));

    /// <summary>Inspects the model at <paramref name="path"/> (and compares supports with <paramref name="against"/>); torch must be started.</summary>
    public static ModelInspection Of(string path, string? against = null)
    {
        var (net, info) = Export.ModelLoader.Load(path);
        using (net)
        {
            var stats = net.PrunableLayers.Select(l => LayerStats.Of(l.Name, LayerGeometry.Of(l), l.TensorShape, TensorValues.ToArray(l.Weight))).ToList();
            long total = stats.Sum(s => s.Weights), nnz = stats.Sum(s => s.Nonzero);
            List<SupportOverlap>? overlap = null;
            if (against is not null)
            {
                var (other, otherInfo) = Export.ModelLoader.Load(against);
                using (other)
                {
                    if (otherInfo.Architecture != info.Architecture)
                        throw new KitException($"--against {against}: a {otherInfo.Architecture}, not a {info.Architecture}");
                    overlap = [.. net.PrunableLayers.Zip(other.PrunableLayers, (a, b) => Pruning.SupportOverlap.Of(a.Name, TensorValues.ToArray(a.Weight), TensorValues.ToArray(b.Weight)))];
                }
            }
            return new ModelInspection
            {
                Model = Path.GetFileName(path), Architecture = info.Architecture, Dataset = info.Dataset,
                OverallRate = nnz == 0 ? double.PositiveInfinity : (double)total / nnz, Weights = total, Nonzero = nnz,
                SupportOverlap = overlap,
                Layers = [.. stats.Select(s => new InspectedLayer(s.Name, s.Shape, s.TensorShape, s.Weights, s.Nonzero, s.Density,
                    s.KeptRows, s.KeptColumns, s.KeptChannels, s.Levels, ImpliedBits(s.Levels), s.LevelValues))],
            };
        }
    }
}
