using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Kit.Notebooks;

/// <summary>
/// A plain HTML export of an executed notebook: markdown and code as preformatted text, outputs as recorded
/// (HTML outputs verbatim, so the plotly.js the setup cell inlined draws the charts with no network).
/// Not a markdown renderer: it exists so executed notebooks can be read and checked in a browser without Jupyter.
/// </summary>
public static class NotebookHtml
{
    public static string Export(string executedNotebook)
    {
        var nb = JsonNode.Parse(File.ReadAllText(executedNotebook)) ?? throw new KitException($"{executedNotebook}: empty");
        var title = Path.GetFileNameWithoutExtension(executedNotebook);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Enc(title)).Append("</title>\n")
          .Append("<style>body{font-family:system-ui,sans-serif;margin:1.5em;max-width:1100px}pre{white-space:pre-wrap}")
          .Append(".md{background:#fafafa;padding:.5em}.code{background:#f0f3f8;padding:.5em}.out{border-left:3px solid #ccd;padding-left:.8em;margin-bottom:1.2em}.err{color:#a00}</style>\n</head>\n<body>\n");
        foreach (var cell in nb["cells"]?.AsArray() ?? [])
        {
            var source = Text(cell?["source"]);
            if ((string?)cell?["cell_type"] == "markdown") { sb.Append("<pre class=\"md\">").Append(Enc(source)).Append("</pre>\n"); continue; }
            sb.Append("<pre class=\"code\"><code>").Append(Enc(source)).Append("</code></pre>\n<div class=\"out\">\n");
            foreach (var o in cell?["outputs"]?.AsArray() ?? [])
            {
                var kind = (string?)o?["output_type"];
                if (kind == "error") sb.Append("<pre class=\"err\">").Append(Enc($"{o?["ename"]}: {o?["evalue"]}")).Append("</pre>\n");
                else if (kind == "stream") sb.Append("<pre>").Append(Enc(Text(o?["text"]))).Append("</pre>\n");
                else if (o?["data"]?["text/html"] is { } html) sb.Append(Text(html)).Append('\n');
                else if (o?["data"]?["text/plain"] is { } plain) sb.Append("<pre>").Append(Enc(Text(plain))).Append("</pre>\n");
            }
            sb.Append("</div>\n");
        }
        return sb.Append("</body>\n</html>\n").ToString();
    }

    public static void Write(string executedNotebook, string htmlPath) => IO.AtomicFile.WriteAllText(htmlPath, Export(executedNotebook));

    // nbformat stores multi-line text either as one string or as a list of lines.
    static string Text(JsonNode? n) => n switch
    {
        JsonArray a => string.Concat(a.Select(x => (string?)x)),
        JsonValue v => (string?)v ?? "",
        _ => "",
    };

    static string Enc(string s) => WebUtility.HtmlEncode(s);
}
