namespace Kit.Docs;

/// <summary>
/// Finds the generated blocks of a markdown file: every line that starts with `&lt;!-- kit ` and names a begin or an end.
/// A marker is never guessed at: an unknown kind, a malformed begin marker, a begin without its end, an end without its
/// begin, a block inside a block or the same block twice is one error naming the file and line.
/// </summary>
public static class DocScan
{
    const string Prefix = "<!-- kit ", BeginWord = ": begin", EndSuffix = ": end -->";

    public static List<FoundBlock> Blocks(string document, string file, IReadOnlyList<BlockKind> kinds)
    {
        var found = new List<FoundBlock>();
        (int Line, BlockKind Kind, IReadOnlyDictionary<string, string> Values, BlockMarkers Markers, int Start)? open = null;
        int at = 0, line = 0;
        while (at < document.Length)
        {
            line++;
            int next = document.IndexOf('\n', at);
            int stop = next < 0 ? document.Length : next;
            string text = document[at..stop].TrimEnd('\r');
            if (text.StartsWith(Prefix, StringComparison.Ordinal))
            {
                if (text.EndsWith(EndSuffix, StringComparison.Ordinal))
                {
                    if (open is not { } o) throw new KitException($"{file}:{line}: '{text}' has no begin marker above it");
                    if (text != o.Markers.End) throw new KitException($"{file}:{line}: '{text}' ends the block begun at line {o.Line}, which needs '{o.Markers.End}'");
                    found.Add(new FoundBlock(file, o.Line, o.Kind, o.Values, o.Markers, o.Start, at));
                    open = null;
                }
                else if (text.IndexOf(BeginWord, StringComparison.Ordinal) is > 0 and var b)
                {
                    if (open is { } o) throw new KitException($"{file}:{line}: a begin marker inside the block begun at line {o.Line} (its end '{o.Markers.End}' is missing)");
                    string name = text[Prefix.Length..b];
                    var (kind, values) = Resolve(text, name, file, line, kinds);
                    var markers = kind.Markers(values);
                    if (found.FirstOrDefault(f => f.Markers == markers) is { } twice)
                        throw new KitException($"{file}:{line}: the 'kit {name}' block is already at line {twice.Line}; a file quotes each block once");
                    open = (line, kind, values, markers, next < 0 ? document.Length : next + 1);
                }
            }
            at = stop + 1;
        }
        if (open is { } left) throw new KitException($"{file}:{left.Line}: the block has no end marker '{left.Markers.End}'");
        return found;
    }

    static (BlockKind, IReadOnlyDictionary<string, string>) Resolve(string text, string name, string file, int line, IReadOnlyList<BlockKind> kinds)
    {
        foreach (var k in kinds)
            if (k.Parse(text) is { } values) return (k, values);
        if (kinds.FirstOrDefault(k => k.Owns(name)) is { } owner)
            throw new KitException($"{file}:{line}: the 'kit {owner.Name}' begin marker is not in its form '{owner.Form}'");
        throw new KitException($"{file}:{line}: unknown generated block 'kit {name}' (known: {string.Join(", ", kinds.Select(k => k.Name))})");
    }
}
