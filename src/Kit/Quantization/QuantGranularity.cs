using System.Text.Json.Serialization;

namespace Kit.Quantization;

/// <summary>Which weights share one level table: the whole layer (the paper's form), or each filter (output row).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QuantGranularity>))]
public enum QuantGranularity
{
    [JsonStringEnumMemberName("layer")] Layer,
    /// <summary>One scale per output row of the layer's GEMM (a conv filter, an fc neuron), as XNOR-Net's binary filters.</summary>
    [JsonStringEnumMemberName("filter")] Filter,
}
