namespace Kit.Docs;

/// <summary>
/// The begin and end lines around one generated block of a markdown file. The block is everything after the begin line
/// up to the end marker, so the lines around the markers (the file's own prose) are never touched.
/// </summary>
public sealed record BlockMarkers(string Begin, string End)
{
    /// <summary>The document with the block replaced by <paramref name="block"/>; the markers must be there once each, in order.</summary>
    public string Splice(string document, string block, string where)
    {
        int b = document.IndexOf(Begin, StringComparison.Ordinal), e = document.IndexOf(End, StringComparison.Ordinal);
        if (b < 0 || e < b || document.IndexOf(Begin, b + 1, StringComparison.Ordinal) >= 0)
            throw new KitException($"{where}: needs one '{Begin}' line followed by one '{End}' line");
        return document[..(b + Begin.Length)] + "\n" + block + document[e..];
    }

    /// <summary>The block currently between the markers.</summary>
    public string Quoted(string document, string where)
    {
        int b = document.IndexOf(Begin, StringComparison.Ordinal), e = document.IndexOf(End, StringComparison.Ordinal);
        if (b < 0 || e < b) throw new KitException($"{where}: no generated block '{Begin}'");
        return document[(b + Begin.Length + 1)..e];
    }
}
