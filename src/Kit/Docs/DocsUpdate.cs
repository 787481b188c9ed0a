namespace Kit.Docs;

/// <summary>One block found in a file, with its text rendered now; stale when the file quotes something else.</summary>
public sealed record BlockState(FoundBlock Block, string Quoted, string Rendered)
{
    public bool Stale => Quoted != Rendered;
}

/// <summary>A markdown file as read, and as it is with every block rendered now.</summary>
public sealed record DocState(string File, string Text, string Updated, IReadOnlyList<BlockState> Blocks)
{
    public bool Stale => Text != Updated;
}

/// <summary>
/// `kit docs update|check`: every generated block of a set of markdown files, rendered from the committed files under a
/// repository root. Every file is read, scanned and rendered before any is written, so an unknown marker or an input a
/// renderer refuses leaves all files as they were; only files with a stale block are written (atomically), so a second
/// update changes nothing.
/// </summary>
public static class DocsUpdate
{
    /// <summary>The files `kit docs` reads when given none: README.md and docs/*.md under the root.</summary>
    public static List<string> DefaultFiles(string root)
    {
        // Named relative to the working folder when the root is it, as the user would type them.
        string In(string name) => root == "." ? name : Path.Combine(root, name);
        var docs = In("docs");
        var pages = Directory.Exists(docs) ? Directory.EnumerateFiles(docs, "*.md").Order(StringComparer.Ordinal) : Enumerable.Empty<string>();
        return [In("README.md"), .. pages];
    }

    /// <summary>Each file with its blocks rendered now; writes nothing. Each distinct block renders once, however many files quote it.</summary>
    public static List<DocState> Plan(IReadOnlyList<string> files, string root, IReadOnlyList<BlockKind>? kinds = null)
    {
        kinds ??= GeneratedBlocks.All;
        var rendered = new Dictionary<BlockMarkers, string>();
        var states = new List<DocState>();
        foreach (var file in files)
        {
            if (!File.Exists(file)) throw new KitException($"{file}: no such file");
            string text = File.ReadAllText(file);
            var blocks = DocScan.Blocks(text, file, kinds).Select(b =>
            {
                if (!rendered.TryGetValue(b.Markers, out var now)) rendered[b.Markers] = now = Render(b, root);
                return new BlockState(b, b.Quoted(text), now);
            }).ToList();
            states.Add(new DocState(file, text, Splice(text, blocks), blocks));
        }
        return states;
    }

    /// <summary>Writes every file of the plan that has a stale block; returns those files.</summary>
    public static List<DocState> Write(IReadOnlyList<DocState> plan)
    {
        var stale = plan.Where(d => d.Stale).ToList();
        foreach (var d in stale) Kit.IO.AtomicFile.WriteAllText(d.File, d.Updated);
        return stale;
    }

    static string Render(FoundBlock b, string root)
    {
        try { return b.Render(root); }
        catch (KitException e) { throw new KitException($"{b.File}:{b.Line}: {b.Label}: {e.Message}", e); }
    }

    /// <summary>The text with each block's rendering in place of what it quotes (blocks are in file order and do not overlap).</summary>
    static string Splice(string text, IReadOnlyList<BlockState> blocks)
    {
        var sb = new System.Text.StringBuilder();
        int at = 0;
        foreach (var s in blocks)
        {
            sb.Append(text, at, s.Block.Start - at).Append(s.Rendered);
            at = s.Block.End;
        }
        return sb.Append(text, at, text.Length - at).ToString();
    }
}
