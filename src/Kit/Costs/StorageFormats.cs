namespace Kit.Costs;

/// <summary>
/// The storage formats by name: every <see cref="IStorageFormat"/> of the kit with a public parameterless
/// constructor, in name order. `all` names every format, `default` those of <see cref="FormatSelection.Default"/>;
/// formats of <see cref="FormatSelection.Always"/> are in every selection.
/// </summary>
public static class StorageFormats
{
    static readonly IStorageFormat[] all = typeof(IStorageFormat).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && !t.IsInterface && typeof(IStorageFormat).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (IStorageFormat)Activator.CreateInstance(t)!)
        .OrderBy(f => f.Name, StringComparer.Ordinal)
        .ToArray();

    public static IReadOnlyList<IStorageFormat> All => all;

    /// <summary>Every format's name (the `all` selection).</summary>
    public static IReadOnlyList<string> AllNames => [.. all.Select(f => f.Name)];

    /// <summary>The formats computed when none is named.</summary>
    public static IReadOnlyList<string> Default => [.. all.Where(f => f.Selection != FormatSelection.OnRequest).Select(f => f.Name)];

    public static IStorageFormat Get(string name) =>
        Find(name) ?? throw new KitException($"unknown storage format '{name}' (known: {string.Join(", ", all.Select(f => f.Name))})");

    public static IStorageFormat? Find(string name) =>
        all.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || f.Aliases.Contains(name, StringComparer.OrdinalIgnoreCase));

    /// <summary>Format names from `--format` values (comma-separated or repeated; `all`, `default` or format names).</summary>
    public static IReadOnlyList<string> Parse(IEnumerable<string> names)
    {
        var picked = new HashSet<string>();
        foreach (var n in names.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (n.Equals("all", StringComparison.OrdinalIgnoreCase)) picked.UnionWith(AllNames);
            else if (n.Equals("default", StringComparison.OrdinalIgnoreCase)) picked.UnionWith(Default);
            else picked.Add((Find(n) ?? throw new KitException($"--format: unknown format '{n}' (known: all, default, {string.Join(", ", all.Select(f => f.Name))})")).Name);
        }
        return [.. picked.Order(StringComparer.Ordinal)];
    }

    /// <summary>The formats a report over <paramref name="names"/> computes: those plus the ones always computed.</summary>
    internal static IReadOnlyList<IStorageFormat> Selected(IEnumerable<string> names)
    {
        var set = names.Select(n => Get(n).Name).ToHashSet();
        return [.. all.Where(f => f.Selection == FormatSelection.Always || set.Contains(f.Name))];
    }
}
