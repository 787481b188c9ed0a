namespace Kit.Docs;

/// <summary>
/// A generated block as a markdown file holds it: its kind and placeholder values, the line of its begin marker, and
/// where its text sits in the file (from after the begin line up to the end marker).
/// </summary>
public sealed record FoundBlock(string File, int Line, BlockKind Kind, IReadOnlyDictionary<string, string> Values, BlockMarkers Markers, int Start, int End)
{
    /// <summary>"kit NAME" with its values, as the marker names it (e.g. "kit study compare results/study-retrain-lr03").</summary>
    public string Label => Markers.End["<!-- ".Length..^": end -->".Length];

    public string Quoted(string document) => document[Start..End];

    public string Render(string root) => Kind.Render(root, Values);
}
