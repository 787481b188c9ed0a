using System.Security.Cryptography;
using System.Text;

namespace Kit.Mutation;

/// <summary>
/// SHA-256 of a source file's text in UTF-8 without a byte-order mark. Stryker's report embeds the text it mutated, not
/// the bytes, so the working tree is hashed the same way (for a file without a BOM this is `sha256sum` of the file).
/// </summary>
public static class SourceHash
{
    public static string OfText(string text) => Convert.ToHexStringLower(SHA256.HashData(new UTF8Encoding(false).GetBytes(text)));

    public static string OfFile(string path) => OfText(File.ReadAllText(path));
}
