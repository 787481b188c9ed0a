using Kit.Costs;

namespace Kit.Export;

/// <summary>
/// The encoders by format name: every <see cref="ILayerCodec"/> of the kit with a public parameterless constructor.
/// Each must carry the name of a registered <see cref="IStorageFormat"/> (checked here), so `kit export --format`
/// takes the same names as `kit cost`, aliases included.
/// </summary>
public static class LayerCodecs
{
    static readonly ILayerCodec[] all = Discover();

    static ILayerCodec[] Discover()
    {
        var codecs = typeof(ILayerCodec).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && !t.IsInterface && typeof(ILayerCodec).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (ILayerCodec)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToArray();
        foreach (var c in codecs)
            if (StorageFormats.Find(c.Name)?.Name != c.Name)
                throw new InvalidOperationException($"codec '{c.Name}' has no storage format of that name: its file size could not be checked against a cost");
        return codecs;
    }

    public static IReadOnlyList<ILayerCodec> All => all;

    public static IReadOnlyList<string> Names => [.. all.Select(c => c.Name)];

    /// <summary>The codec of a format name or alias (as `kit cost --format` accepts them); errors name <paramref name="option"/>.</summary>
    public static ILayerCodec Get(string name, string option = "--format")
    {
        var format = StorageFormats.Find(name);
        return all.FirstOrDefault(c => c.Name == format?.Name)
            ?? throw new KitException($"{option}: no encoder for '{name}' (known: {string.Join(", ", Names)})");
    }
}
