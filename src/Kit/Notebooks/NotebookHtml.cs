using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Kit.Notebooks;

/// <summary>
/// An executed notebook as one self-contained page that reads like the notebook: markdown cells as HTML with their
/// formulas typeset by KaTeX (inlined, no network), code cells highlighted, each cell's outputs under it. HTML outputs
/// are kept verbatim, so the plotly.js the setup cell inlined draws the charts offline; wide outputs scroll inside
/// their cell instead of widening the page.
/// </summary>
public static class NotebookHtml
{
    const string PageCss =
        "body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}" +
        "main{max-width:1100px;margin:0 auto;padding:1.5em 2em;background:#fff;min-height:100vh;box-sizing:border-box}" +
        ".cell{margin:0 0 1.1em}.md{line-height:1.5}.md h1,.md h2,.md h3{margin:.8em 0 .4em}.md table{border-collapse:collapse}" +
        ".md th,.md td{border:1px solid #ccd;padding:.2em .6em}.md code{background:#f0f2f5;padding:0 .25em;border-radius:3px}" +
        ".math.display{display:block;text-align:center;margin:.6em 0}" +
        ".src{display:flex;gap:.6em;align-items:flex-start}.prompt{color:#6a7280;font:12px monospace;min-width:3.6em;text-align:right;padding-top:.7em}" +
        ".src>div:not(.prompt),.src>pre{flex:1;min-width:0;margin:0;background:#f3f5f9;border:1px solid #e0e4ea;border-radius:4px;overflow-x:auto}" +
        ".src pre{margin:0;padding:.55em .8em;font:13px/1.45 ui-monospace,monospace}" +
        ".out{margin:.3em 0 0 4.2em;overflow-x:auto}.out pre{margin:.2em 0;font:13px/1.4 ui-monospace,monospace;white-space:pre-wrap}" +
        ".out table{border-collapse:collapse;font-size:13px}.out th,.out td{border-bottom:1px solid #e3e6ea;padding:.2em .7em;text-align:right;white-space:nowrap}" +
        ".out th{background:#f3f5f9}.err{color:#a00}";

    public static string Export(string executedNotebook)
    {
        JsonNode? nb;
        try { nb = JsonNode.Parse(File.ReadAllText(executedNotebook)); }
        catch (System.Text.Json.JsonException e) { throw new KitException($"{executedNotebook}: not a notebook ({e.Message})"); }
        if (nb is null) throw new KitException($"{executedNotebook}: empty");
        var language = (string?)nb["metadata"]?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"] ?? (string?)nb["metadata"]?["language_info"]?["name"];
        var body = new StringBuilder();
        string? heading = null;
        foreach (var cell in nb["cells"]?.AsArray() ?? [])
        {
            var source = Text(cell?["source"]);
            if ((string?)cell?["cell_type"] == "markdown")
            {
                heading ??= source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith('#'))?.TrimStart('#').Trim();
                body.Append("<div class=\"cell md\">\n").Append(NotebookMarkdown.ToHtml(source)).Append("</div>\n");
                continue;
            }
            if ((string?)cell?["cell_type"] != "code") continue;
            var cellLanguage = (string?)cell?["metadata"]?["polyglot_notebook"]?["kernelName"] ?? (string?)cell?["metadata"]?["dotnet_interactive"]?["language"] ?? language;
            var count = cell?["execution_count"] is JsonValue v && v.TryGetValue<int>(out var n) ? $"[{n}]" : "[ ]";
            body.Append("<div class=\"cell code\">\n<div class=\"src\"><div class=\"prompt\">").Append(count).Append("</div>")
                .Append(CodeHighlight.ToHtml(source, cellLanguage)).Append("</div>\n");
            var outputs = cell?["outputs"]?.AsArray() ?? [];
            if (outputs.Count > 0)
            {
                body.Append("<div class=\"out\">\n");
                foreach (var o in outputs) body.Append(Output(o)).Append('\n');
                body.Append("</div>\n");
            }
            body.Append("</div>\n");
        }

        var html = body.ToString();
        var math = NotebookMarkdown.HasMath(html);
        var title = heading ?? Path.GetFileNameWithoutExtension(executedNotebook);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Enc(title)).Append("</title>\n<style>")
          .Append(PageCss).Append(CodeHighlight.Css).Append("</style>\n");
        if (math) sb.Append("<style>").Append(KatexAssets.Style).Append("</style>\n<script>").Append(EscapeScript(KatexAssets.Script)).Append("</script>\n");
        sb.Append("</head>\n<body>\n<main>\n").Append(html);
        sb.Append("<footer><small>").Append(Enc(Path.GetFileName(executedNotebook))).Append(", executed headlessly by kit ").Append(Enc(KitInfo.Version))
          .Append(math ? "; formulas typeset by KaTeX (inlined)" : "").Append("</small></footer>\n</main>\n");
        if (math) sb.Append("<script>").Append(TypesetScript).Append("</script>\n");
        return sb.Append("</body>\n</html>\n").ToString();
    }

    public static void Write(string executedNotebook, string htmlPath) => IO.AtomicFile.WriteAllText(htmlPath, Export(executedNotebook));

    static string Output(JsonNode? o)
    {
        var kind = (string?)o?["output_type"];
        if (kind == "error") return $"<pre class=\"err\">{Enc($"{o?["ename"]}: {o?["evalue"]}")}</pre>";
        if (kind == "stream") return $"<pre>{Enc(Text(o?["text"]))}</pre>";
        var data = o?["data"];
        if (data?["text/html"] is { } html) return $"<div class=\"html\">{Text(html)}</div>";
        if (data?["image/png"] is { } png) return $"<img alt=\"output\" src=\"data:image/png;base64,{Enc(Text(png).Trim())}\">";
        if (data?["text/markdown"] is { } md) return $"<div class=\"md\">{NotebookMarkdown.ToHtml(Text(md))}</div>";
        if (data?["text/plain"] is { } plain) return $"<pre>{Enc(Text(plain))}</pre>";
        return "";
    }

    // Markdig leaves math as \(...\) or \[...\] inside elements of class "math"; KaTeX replaces each with typeset output.
    const string TypesetScript = """
        document.querySelectorAll('.md .math').forEach(function (el) {
          var tex = el.textContent.trim().replace(/^\\[\(\[]/, '').replace(/\\[\)\]]$/, '');
          var display = el.tagName === 'DIV' || el.classList.contains('display');
          katex.render(tex, el, { displayMode: display, throwOnError: false });
        });
        """;

    // nbformat stores multi-line text either as one string or as a list of lines.
    static string Text(JsonNode? n) => n switch
    {
        JsonArray a => string.Concat(a.Select(x => (string?)x)),
        JsonValue v => (string?)v ?? "",
        _ => "",
    };

    static string Enc(string s) => WebUtility.HtmlEncode(s);

    // "</script" inside inlined JS would end the script element early.
    static string EscapeScript(string s) => s.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
}
