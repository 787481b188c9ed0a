using Kit.Training;

namespace Kit.Costs;

/// <summary>`kit cost model` JSON: {model, architecture, bits, profile, storage: StorageReport, compute: [layers], compute_total}.</summary>
public sealed record ModelCostReport
{
    public string Model { get; init; } = "";
    public string Architecture { get; init; } = "";
    public int Bits { get; init; }
    public HardwareProfile? Profile { get; init; }
    public StorageReport Storage { get; init; } = new();
    public LayerCompute[] Compute { get; init; } = [];
    public LayerCompute ComputeTotal { get; init; } = new();
}

/// <summary>
/// The model-level cost: storage in every asked format plus the structured figures (with coupling), and the
/// compute model per layer with the sums over layers (the total has no single k or output size, so no
/// break-even rate). Each layer's sparse time uses its CSR index width; without CSR, k = 8. A saved model's values are
/// known, so each format costs each layer at its value width (<see cref="ValueWidths"/>; the report's bits is the
/// nominal b, and p_eq's numerator stays N*b, see <see cref="StorageAnalysis"/>). The compute model uses the nominal b.
/// </summary>
public static class ModelCost
{
    public static (LayerCompute[] Layers, LayerCompute Total) Compute(IReadOnlyList<CostLayer> layers, StorageReport storage, HardwareProfile? profile, int bits)
    {
        var compute = layers.Select((l, i) => ComputeModel.Layer(l, storage.Layers[i].StructuredCoupled, storage.Layers[i].IndexBits("csr"), profile, bits)).ToArray();
        var total = new LayerCompute
        {
            Name = "total",
            DenseMacs = compute.Sum(c => c.DenseMacs), StructuredMacs = compute.Sum(c => c.StructuredMacs), NonstructuredMacs = compute.Sum(c => c.NonstructuredMacs),
            DenseNs = profile is null ? null : compute.Sum(c => c.DenseNs), StructuredNs = profile is null ? null : compute.Sum(c => c.StructuredNs),
            NonstructuredNs = profile is null ? null : compute.Sum(c => c.NonstructuredNs),
        };
        return (compute, total);
    }

    /// <summary>Costs the layers of a model already read as <paramref name="layers"/> (structured is always computed).</summary>
    public static ModelCostReport Of(IReadOnlyList<CostLayer> layers, string model, string architecture, int bits, IEnumerable<string>? formats = null, HardwareProfile? profile = null)
    {
        var storage = StorageAnalysis.Analyze(layers, bits, [.. formats ?? StorageFormats.AllNames, "structured"]);
        var (compute, total) = Compute(layers, storage, profile, bits);
        return new ModelCostReport { Model = model, Architecture = architecture, Bits = bits, Profile = profile, Storage = storage, Compute = compute, ComputeTotal = total };
    }

    /// <summary>Reads a saved model (model.pt with its sidecar, or an exported model file) and costs it; torch must be started.</summary>
    public static ModelCostReport Of(string modelPath, int bits, IEnumerable<string>? formats = null, HardwareProfile? profile = null)
    {
        var (m, info) = Export.ModelLoader.Load(modelPath);
        List<CostLayer> layers;
        using (m) layers = ModelMasks.From(m);
        return Of(layers, Path.GetFileName(modelPath), info.Architecture, bits, formats, profile);
    }
}
