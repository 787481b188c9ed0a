using System.Text.RegularExpressions;
using Kit.Notebooks;

namespace Kit.Tests.Notebooks;

/// <summary>The executed-notebook page: markdown rendered, math left for KaTeX (inlined), code highlighted, outputs under their cells.</summary>
public class NotebookHtmlTests
{
    const string Notebook = """
        {"cells": [
          {"cell_type": "markdown", "source": ["# RQ9 · A title\n", "\n", "## Setup\n", "\n", "**Storage.** A layer with $N$ weights, $nnz\\,b$ bits:\n", "\n",
                                               "$$p_{eq} = \\frac{\\sum N b}{\\text{bits}}$$\n", "\n", "* one\n", "* two\n", "\n",
                                               "**PGD** over two lines:\n", "$$x^{0} = x + \\delta_{i},\\qquad\n", "x^{t+1} = \\Pi_{B}(x^{t})$$\n", "where $$y_1$$ sits inline.\n"]},
          {"cell_type": "code", "execution_count": 3, "metadata": {"polyglot_notebook": {"kernelName": "csharp"}},
           "source": ["var a = 1 < 2; // why\n", "\"s\""], "outputs": [
            {"output_type": "display_data", "data": {"text/html": ["<div id=\"c\">", "chart</div>"], "text/plain": "x"}},
            {"output_type": "display_data", "data": {"text/plain": "a & b"}},
            {"output_type": "error", "ename": "Error", "evalue": "CS0103 <x>"}]},
          {"cell_type": "markdown", "source": "No math here: 5 $ and 6 $ are prices? No: text."}
        ], "metadata": {"polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp"}}}, "nbformat": 4, "nbformat_minor": 5}
        """;

    static string Export(string json)
    {
        using var d = new TempDir();
        File.WriteAllText(d.File("x.ipynb"), json);
        return NotebookHtml.Export(d.File("x.ipynb"));
    }

    static string Body(string html) => html[html.IndexOf("<main>", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)];

    [Fact]
    public void Markdown_becomes_headings_lists_and_emphasis_with_no_raw_markers_left()
    {
        var body = Body(Export(Notebook));
        Assert.Contains("<h1 id=", body);
        Assert.Contains(">Setup</h2>", body);
        Assert.Contains("<strong>Storage.</strong>", body);
        Assert.Contains("<li>one</li>", body);
        // What a reader would see as markdown syntax is gone from the text (tags removed).
        var text = Regex.Replace(body, "<[^>]+>", "");
        Assert.DoesNotContain("##", text);
        Assert.DoesNotContain("**", text);
        Assert.DoesNotContain("$$", text);
    }

    [Fact]
    public void Math_is_kept_as_tex_for_katex_and_double_dollars_display_as_a_block()
    {
        var html = Export(Notebook);
        var body = Body(html);
        Assert.Contains("<span class=\"math\">\\(N\\)</span>", body);
        Assert.Contains("\\(nnz\\,b\\)", body);
        // $$...$$ is a displayed formula, as Jupyter shows it: on its own lines a math block, even over two lines
        // (Markdig alone leaves that as text with its underscores read as emphasis), and after text on a line an inline
        // element marked for display.
        Assert.Contains("<div class=\"math\">\n\\[\np_{eq} = \\frac{\\sum N b}{\\text{bits}}\n\\]</div>", body);
        Assert.Contains("<div class=\"math\">\n\\[\nx^{0} = x + \\delta_{i},\\qquad\nx^{t+1} = \\Pi_{B}(x^{t})\n\\]</div>", body);
        Assert.Contains("<span class=\"math display\">\\(y_1\\)</span>", body);
        Assert.DoesNotContain("<em>", body);
        // KaTeX travels inside the page: its script, its stylesheet with fonts as data URIs, and the call that typesets.
        Assert.Contains("katex.render(", html);
        Assert.Contains("@font-face", html);
        Assert.DoesNotContain("url(fonts/", html);
        Assert.Contains("url(data:font/woff2;base64,", html);
        Assert.DoesNotContain("<script src=", html);
        Assert.DoesNotContain("<link", html);
    }

    [Fact]
    public void Code_is_highlighted_and_escaped_and_outputs_follow_their_cell()
    {
        var body = Body(Export(Notebook));
        Assert.Contains("<span class=\"keyword\">var</span>", body);
        Assert.Contains("<span class=\"comment\">// why</span>", body);
        Assert.Contains("<span class=\"number\">1</span> &lt; <span class=\"number\">2</span>", body);
        Assert.Contains("[3]", body);
        var code = body.IndexOf("class=\"cell code\"", StringComparison.Ordinal);
        var chart = body.IndexOf("<div id=\"c\">chart</div>", StringComparison.Ordinal);
        var plain = body.IndexOf("<pre>a &amp; b</pre>", StringComparison.Ordinal);
        var error = body.IndexOf("<pre class=\"err\">Error: CS0103 &lt;x&gt;</pre>", StringComparison.Ordinal);
        var next = body.IndexOf("No math here", StringComparison.Ordinal);
        Assert.True(code >= 0 && code < chart && chart < plain && plain < error && error < next, $"order {code} {chart} {plain} {error} {next}");
    }

    [Fact]
    public void A_page_without_formulas_carries_no_katex_and_the_title_is_the_first_heading()
    {
        var html = Export("""{"cells": [{"cell_type": "markdown", "source": "# Plain *page*"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}""");
        Assert.DoesNotContain("katex", html);
        Assert.Contains("<title>Plain *page*</title>", html);
        Assert.Contains("<em>page</em>", html);
    }

    [Fact]
    public void A_file_that_is_not_a_notebook_is_named_in_the_error()
    {
        using var d = new TempDir();
        File.WriteAllText(d.File("bad.ipynb"), "{ not json");
        var e = Assert.Throws<KitException>(() => NotebookHtml.Export(d.File("bad.ipynb")));
        Assert.Contains("bad.ipynb", e.Message);
    }
}
