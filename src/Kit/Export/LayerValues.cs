using Kit.Costs;

namespace Kit.Export;

/// <summary>A cost layer's values as the encoders need them: the nonzero values in the mask's order, or the dense matrix.</summary>
internal static class LayerValues
{
    public static float[] Nonzero(CostLayer layer) =>
        layer.Values is { } v && v.Length == layer.Mask.Nnz ? v
            : throw new InvalidOperationException($"layer '{layer.Name}': exporting needs the {layer.Mask.Nnz} nonzero values");

    /// <summary>The row-major R x C matrix (zeros where the mask has none).</summary>
    public static float[] Dense(CostLayer layer)
    {
        var values = Nonzero(layer);
        var dense = new float[layer.Mask.Weights];
        var idx = layer.Mask.Nonzero;
        for (int i = 0; i < idx.Length; i++) dense[idx[i]] = values[i];
        return dense;
    }
}
