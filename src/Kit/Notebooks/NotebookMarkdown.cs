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
public static class NotebookMarkdown
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public static string ToHtml(string markdown)
    {
        var doc = Markdown.Parse(markdown, Pipeline);
        foreach (var math in doc.Descendants<MathInline>().Where(m => m.DelimiterCount >= 2))
            math.GetAttributes().AddClass("display");
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(doc);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>True when the HTML holds math for KaTeX (so a page without formulas does not carry it).</summary>
    public static bool HasMath(string html) => html.Contains("class=\"math", StringComparison.Ordinal);
}
