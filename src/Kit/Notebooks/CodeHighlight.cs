using System.Net;
using ColorCode;

namespace Kit.Notebooks;

/// <summary>Code cells highlighted at export time (ColorCode: spans with classes, styled by <see cref="Css"/>), so pages need no script for it.</summary>
public static class CodeHighlight
{
    static readonly HtmlClassFormatter Formatter = new();

    /// <summary>The cell's source as a highlighted pre element; languages ColorCode does not know stay plain.</summary>
    public static string ToHtml(string source, string? language)
    {
        var lang = language?.ToLowerInvariant() switch
        {
            "csharp" or "c#" or "cs" => Languages.CSharp,
            "fsharp" or "f#" or "fs" => Languages.FSharp,
            "pwsh" or "powershell" => Languages.PowerShell,
            "javascript" or "js" => Languages.JavaScript,
            "sql" => Languages.Sql,
            _ => null,
        };
        return lang is null ? $"<pre>{WebUtility.HtmlEncode(source)}</pre>" : Formatter.GetHtmlString(source, lang);
    }

    /// <summary>Colours for ColorCode's classes (light theme), scoped to code cells.</summary>
    public const string Css =
        ".src .keyword,.src .controlKeyword,.src .preprocessorKeyword{color:#0000ff}.src .string,.src .stringCSharpVerbatim{color:#a31515}" +
        ".src .comment,.src .xmlDocComment{color:#008000}.src .xmlDocTag{color:#808080}.src .number{color:#098658}" +
        ".src .className,.src .type{color:#267f99}";
}
