using System.Security.Cryptography;

namespace Kit.IO;

/// <summary>
/// Results and checkpoints are written to a temp file in the same folder, flushed to disk, then renamed
/// over the target, so a reader (or a killed run) sees either the old file or the complete new one.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(text); });

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));

    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Publishes a file some other code wrote at <paramref name="tempPath"/>.</summary>
    public static void Publish(string tempPath, string path)
    {
        using (var fs = new FileStream(tempPath, FileMode.Open, FileAccess.ReadWrite)) fs.Flush(flushToDisk: true);
        File.Move(tempPath, path, overwrite: true);
    }

    public static string TempPathFor(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>
    /// Writes <paramref name="path"/> atomically, then `PATH.sha256` in `sha256sum` format (checkable with
    /// `sha256sum -c`), so a truncated or edited result is detected by <see cref="VerifyChecksum"/>.
    /// </summary>
    public static void WriteWithChecksum(string path, string text)
    {
        WriteAllText(path, text);
        WriteAllText(path + ".sha256", $"{Sha256(path)}  {Path.GetFileName(path)}\n");
    }

    /// <summary>Checks a file against its `.sha256` sidecar when there is one; false when there is none.</summary>
    public static bool VerifyChecksum(string path)
    {
        var sidecar = path + ".sha256";
        if (!File.Exists(sidecar)) return false;
        var expected = File.ReadAllText(sidecar).Split(' ', 2)[0].Trim();
        var actual = Sha256(path);
        if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
            throw new KitException($"{path}: corrupt or modified (SHA-256 {actual[..12]}... does not match {Path.GetFileName(sidecar)}'s {(expected.Length >= 12 ? expected[..12] : expected)}...)");
        return true;
    }

    public static string Sha256(string path)
    {
        using var fs = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(fs));
    }
}
