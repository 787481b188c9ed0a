using Kit.IO;

namespace Kit.Costs;

/// <summary>
/// The mask file read by `kit cost storage` (schema in the README section "Cost models"). Either one layer:
/// {"shape":[R,C],"nonzero":[flat row-major indices]} (optional "name"), or several:
/// {"layers":[{"name":..,"shape":..,"nonzero":..,"consumer":..,"consumer_columns_per_output":..,"output_positions":..}]}.
/// Unknown fields are errors (strict reading), so a typo never silently drops a layer's coupling.
/// </summary>
public sealed record MaskFileLayer
{
    public string? Name { get; init; }
    public int[]? Shape { get; init; }
    public int[]? Nonzero { get; init; }
    public string? Consumer { get; init; }
    public int? ConsumerColumnsPerOutput { get; init; }
    public long? OutputPositions { get; init; }
}

public sealed record MaskFile
{
    public string? Name { get; init; }
    public int[]? Shape { get; init; }
    public int[]? Nonzero { get; init; }
    public MaskFileLayer[]? Layers { get; init; }

    public static IReadOnlyList<CostLayer> Read(string path) => ToLayers(Json.ReadFile<MaskFile>(path), path);

    public static IReadOnlyList<CostLayer> Parse(string json, string source = "mask") => ToLayers(Json.Parse<MaskFile>(json, source), source);

    public static IReadOnlyList<CostLayer> ToLayers(MaskFile f, string source)
    {
        bool single = f.Shape is not null || f.Nonzero is not null;
        if (single && f.Layers is not null)
            throw new KitException($"{source}: give either \"shape\"+\"nonzero\" (one layer) or \"layers\", not both");
        if (!single && f.Layers is null)
            throw new KitException($"{source}: missing \"shape\" and \"nonzero\" (or a \"layers\" list)");
        var items = single ? [new MaskFileLayer { Name = f.Name ?? "layer", Shape = f.Shape, Nonzero = f.Nonzero }] : f.Layers!;
        if (items.Length == 0) throw new KitException($"{source}: \"layers\" is empty");
        var result = new List<CostLayer>();
        for (int i = 0; i < items.Length; i++)
        {
            var l = items[i] ?? throw new KitException($"{source}: layers[{i}] is null");
            var where = single ? source : $"{source}: layers[{i}]";
            var name = l.Name ?? $"layer{i}";
            if (l.Shape is null) throw new KitException($"{where}: missing \"shape\" ([rows, columns])");
            if (l.Shape.Length != 2) throw new KitException($"{where}: \"shape\" must be [rows, columns] (the GEMM view), got {l.Shape.Length} sizes");
            if (l.Nonzero is null) throw new KitException($"{where}: missing \"nonzero\" (flat row-major indices)");
            if (l.OutputPositions is < 1) throw new KitException($"{where}: \"output_positions\" must be >= 1");
            try
            {
                result.Add(new CostLayer(new LayerMask(name, l.Shape[0], l.Shape[1], l.Nonzero), l.Consumer,
                    l.ConsumerColumnsPerOutput ?? 1, l.OutputPositions ?? 1));
            }
            catch (KitException e) { throw new KitException($"{where}: {e.Message}"); }
        }
        return result;
    }

    /// <summary>The file form of some layers (the inverse of <see cref="ToLayers"/>).</summary>
    public static MaskFile From(IEnumerable<CostLayer> layers) => new()
    {
        Layers = layers.Select(l => new MaskFileLayer
        {
            Name = l.Name, Shape = [l.Mask.Rows, l.Mask.Columns], Nonzero = l.Mask.Nonzero, Consumer = l.Consumer,
            ConsumerColumnsPerOutput = l.Consumer is null ? null : l.ConsumerColumnsPerOutput,
            OutputPositions = l.OutputPositions == 1 ? null : l.OutputPositions,
        }).ToArray(),
    };
}
