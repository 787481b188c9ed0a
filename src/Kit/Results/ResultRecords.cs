using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kit.Results;

/// <summary>
/// A lenient read-only view of a result.json (the engine writes <see cref="Kit.Experiments.CompressionResult"/>):
/// the fields notebooks and formatters need, with the spec kept as JSON so any engine's spec type fits.
/// Accuracies are percentages (0..100), like TrainMetrics.
/// </summary>
public sealed record ResultSummary
{
    public double DenseAccuracy { get; init; }
    public double AccuracyAfterMapping { get; init; }
    public double Accuracy { get; init; }
    /// <summary>Total weights / total nonzero weights over all prunable layers.</summary>
    public double OverallRate { get; init; }
    /// <summary>Weight bits after quantization; 32 means not quantized.</summary>
    public int Bits { get; init; } = 32;
    public List<LayerSummary> Layers { get; init; } = [];
    /// <summary>The spec that produced this result, kept as JSON so any engine's spec type fits.</summary>
    public JsonNode? Spec { get; init; }
    public double Seconds { get; init; }

    [JsonIgnore] public long TotalWeights => Layers.Sum(l => l.Weights);
    [JsonIgnore] public long TotalNonzero => Layers.Sum(l => l.Nonzero);
    /// <summary>The rate recomputed from the layers; disagreeing with OverallRate means a bookkeeping bug upstream.</summary>
    [JsonIgnore] public double LayerRate => TotalNonzero == 0 ? double.PositiveInfinity : (double)TotalWeights / TotalNonzero;
    [JsonIgnore] public double AccuracyLoss => DenseAccuracy - Accuracy;

    public static ResultSummary Read(string path) => IO.Json.ReadFile<ResultSummary>(path, strict: false);

    /// <summary>The summary view of any result object that serializes to the result.json schema (e.g. the engine's CompressionResult).</summary>
    public static ResultSummary From<T>(T result) => IO.Json.Parse<ResultSummary>(IO.Json.Serialize(result), typeof(T).Name, strict: false);
}

public sealed record LayerSummary
{
    public string Name { get; init; } = "";
    public int[] Shape { get; init; } = [];
    public long Weights { get; init; }
    public long Nonzero { get; init; }
    public int? KeptRows { get; init; }
    public int? KeptColumns { get; init; }
    /// <summary>Distinct nonzero quantization levels (null when not quantized).</summary>
    public int? Levels { get; init; }

    [JsonIgnore] public double Rate => Nonzero == 0 ? double.PositiveInfinity : (double)Weights / Nonzero;
    [JsonIgnore] public string ShapeText => string.Join("x", Shape);
}
