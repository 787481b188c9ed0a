using System.Text.Json.Serialization;

namespace Kit.Pruning;

/// <summary>What a pruning unit is (method notes, section 1).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PruningScheme>))]
public enum PruningScheme
{
    /// <summary>Single weights (non-structured).</summary>
    [JsonStringEnumMemberName("irregular")] Irregular,
    /// <summary>Rows of the GEMM view (filters, FC output neurons).</summary>
    [JsonStringEnumMemberName("filter")] Filter,
    /// <summary>Input channels W[:,c,:,:] (FC: input features).</summary>
    [JsonStringEnumMemberName("channel")] Channel,
    /// <summary>Columns of the GEMM view (filter shapes).</summary>
    [JsonStringEnumMemberName("column")] Column,
    /// <summary>Rows and columns at once.</summary>
    [JsonStringEnumMemberName("filter_column")] FilterColumn,
}
