using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Kit.Notebooks;

/// <summary>
/// KaTeX as vendored in Notebooks/katex/ (see its PROVENANCE.md) and embedded in Kit.dll: the script, and the
/// stylesheet with its woff2 fonts turned into data URIs, so a page typesets math with no network and no files beside it.
/// </summary>
public static partial class KatexAssets
{
    static readonly Lazy<string> Js = new(() => Read("katex.min.js"));
    static readonly Lazy<string> Css = new(InlineFonts);

    /// <summary>katex.min.js, to put in a script element.</summary>
    public static string Script => Js.Value;

    /// <summary>katex.min.css with every font reference replaced by the woff2 file as a data URI.</summary>
    public static string Style => Css.Value;

    // Each @font-face lists woff2, woff and ttf; only woff2 is shipped (every current browser reads it).
    [GeneratedRegex("""url\(fonts/([A-Za-z0-9_-]+)\.woff2\) format\("woff2"\)(?:,url\(fonts/[^)]+\) format\("[a-z]+"\))*""")]
    private static partial Regex FontSources();

    static string InlineFonts()
    {
        var css = FontSources().Replace(Read("katex.min.css"), m =>
            $"url(data:font/woff2;base64,{Convert.ToBase64String(ReadBytes(m.Groups[1].Value + ".woff2"))}) format(\"woff2\")");
        if (css.Contains("url(fonts/", StringComparison.Ordinal))
            throw new KitException("katex.min.css refers to a font in a form the kit does not inline; update KatexAssets with the vendored KaTeX");
        return css;
    }

    static string Read(string name) => Encoding.UTF8.GetString(ReadBytes(name));

    static byte[] ReadBytes(string name)
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("katex/" + name)
            ?? throw new KitException($"Kit.dll embeds no katex/{name}: the vendored KaTeX (src/Kit/Notebooks/katex/) is incomplete");
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}
