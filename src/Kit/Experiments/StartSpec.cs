using Kit.Pruning;

namespace Kit.Experiments;

/// <summary>
/// What the starting checkpoint of a run is (`kit compress --dense` of another run's model): the run it came from
/// and, when that run was pruned, how. A record for readers and result tables: a run that only quantizes a pruned
/// model then still says which scheme, method and rate its model has. The checkpoint's SHA-256 is in result.json.
/// </summary>
public sealed record StartSpec
{
    /// <summary>Experiment name of the run whose model this run starts from.</summary>
    public string Run { get; init; } = "";
    /// <summary>The starting model's pruning scheme (null: a dense model).</summary>
    public string? Scheme { get; init; }
    public PruneMethod? Method { get; init; }
    public double? Rate { get; init; }

    public void Validate(string where)
    {
        if (string.IsNullOrWhiteSpace(Run)) throw new KitException($"{where}.run must name the run the starting checkpoint comes from");
        if (Scheme is not null && PruningSchemes.Find(Scheme) is null) throw new KitException($"{where}.scheme: {PruningSchemes.UnknownMessage(Scheme)}");
        if (Rate is { } r && !(r >= 1)) throw new KitException($"{where}.rate must be >= 1, got {r}");
    }
}
