using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Kit.Notebooks;

/// <summary>
/// Markdown cells as HTML (Markdig, with the extensions Jupyter users expect: tables, math, task lists...). Math is
/// left as TeX in elements of class "math" for KaTeX to typeset in the page; <c>$$...$$</c> written inside a paragraph
/// gets the class "display" too, since Jupyter shows it as a displayed formula, not inline.
/// </summary>
public static partial class NotebookMarkdown
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public static string ToHtml(string markdown)
    {
        var doc = Markdown.Parse(DisplayMathAsBlocks(markdown), Pipeline);
        foreach (var math in doc.Descendants<MathInline>().Where(m => m.DelimiterCount >= 2))
            math.GetAttributes().AddClass("display");
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(doc);
        writer.Flush();
        return writer.ToString();
    }

    // $$ at the start of a line, closed by $$ at the end of a line, possibly lines later (Jupyter typesets that as one formula).
    [GeneratedRegex(@"^[ \t]*\$\$(?<tex>(?:(?!\$\$).)+)\$\$[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex DisplayMath();

    /// <summary>
    /// Markdig reads <c>$$...$$</c> inside a paragraph as inline math that cannot span lines, so a displayed formula
    /// written over two lines would come out as raw text with its underscores taken for emphasis. Such formulas become
    /// math blocks (<c>$$</c> fences on their own lines), outside fenced code.
    /// </summary>
    public static string DisplayMathAsBlocks(string markdown)
    {
        var sb = new StringBuilder();
        var parts = Regex.Split(markdown, @"(^[ \t]*(?:```|~~~).*?^[ \t]*(?:```|~~~)[ \t]*$)", RegexOptions.Multiline | RegexOptions.Singleline);
        foreach (var part in parts)
            sb.Append(part.TrimStart().StartsWith("```", StringComparison.Ordinal) || part.TrimStart().StartsWith("~~~", StringComparison.Ordinal)
                ? part
                : DisplayMath().Replace(part, m => $"\n$$\n{m.Groups["tex"].Value.Trim()}\n$$\n"));
        return sb.ToString();
    }

    /// <summary>True when the HTML holds math for KaTeX (so a page without formulas does not carry it).</summary>
    public static bool HasMath(string html) => html.Contains("class=\"math", StringComparison.Ordinal);
}
