using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kit.Cli.Live;

/// <summary>
/// What a worker process (`kit sweep --events`, `kit reproduce --worker`) tells its parent, one line of stdout each:
/// the marker, then compact JSON. Every other line of a worker is a log line, shown as it is.
/// Kinds: start (entry index, name), end (index, status ran/skipped/failed), progress (phase, epoch/epochs, batch/batches), epoch (seconds).
/// </summary>
public sealed record WorkerEvent
{
    public const string Marker = "@kit-event ";

    public string Kind { get; init; } = "";
    public int? Index { get; init; }
    public string? Name { get; init; }
    public string? Status { get; init; }
    public string? Phase { get; init; }
    public int? Epoch { get; init; }
    public int? Epochs { get; init; }
    public int? Batch { get; init; }
    public int? Batches { get; init; }
    public double? Seconds { get; init; }

    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Encode() => Marker + JsonSerializer.Serialize(this, Options);

    /// <summary>The event on a line, or null for a log line (and for a marked line that does not parse: shown, not lost).</summary>
    public static WorkerEvent? TryParse(string line)
    {
        if (!line.StartsWith(Marker, StringComparison.Ordinal)) return null;
        try { return JsonSerializer.Deserialize<WorkerEvent>(line.AsSpan(Marker.Length), Options); }
        catch (JsonException) { return null; }
    }
}
