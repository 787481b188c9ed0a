using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Kit.Tests.Export;

/// <summary>
/// A walk over a model file written from docs/model-files.md alone (not from the kit's reader): where each field is,
/// so tests can check the documented layout, compute the documented overhead, and edit single fields.
/// </summary>
public sealed class DocLayout
{
    /// <remarks>RowLevelsAt: where the row levels' u32 count is (flag bit 2), else -1; RowLevelBytes: the count and the tables.</remarks>
    public sealed record Layer(string Name, int At, int RowsAt, int BAt, int KAt, int Rows, int Columns, int B, int K, int Flags, long PayloadBits, int Levels, int PayloadAt,
        int RowLevelsAt = -1, int RowLevelBytes = 0);

    public string Format = "", Architecture = "", Dataset = "", KitVersion = "";
    public int HeaderBytes, ClassCount, ParameterBytes, ParameterCount, ParameterValues;
    public List<Layer> Layers = [];

    public static DocLayout Walk(byte[] f)
    {
        var d = new DocLayout();
        int p = 0;
        string Str() { int n = BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(p)); var s = Encoding.UTF8.GetString(f, p + 2, n); p += 2 + n; return s; }
        int U16() { int v = BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(p)); p += 2; return v; }
        long U32() { long v = BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(p)); p += 4; return v; }
        Assert.Equal("KITM"u8.ToArray(), f[..4]);
        p = 4;
        Assert.Equal(1, U16());
        (d.Format, d.Architecture, d.Dataset, d.KitVersion) = (Str(), Str(), Str(), Str());
        d.ClassCount = U16();
        p += 2 * d.ClassCount;
        int layers = U16();
        d.ParameterCount = U16();
        d.HeaderBytes = p;
        for (int i = 0; i < layers; i++)
        {
            int at = p;
            var name = Str();
            int rowsAt = p;
            int rows = (int)U32(), cols = (int)U32();
            int bAt = p;
            int b = f[p], k = f[p + 1], flags = f[p + 2];
            p += 3 + 4 + 4; // b, k, flags, nonzeros, entries
            long payload = (long)BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(p));
            p += 8;
            int levels = (int)U32();
            p += 4 * levels;
            int rowLevelsAt = -1, rowLevelBytes = 0;
            if ((flags & 4) != 0)
            {
                rowLevelsAt = p;
                rowLevelBytes = 4 + 4 * rows * (int)U32();
                p = rowLevelsAt + rowLevelBytes;
            }
            d.Layers.Add(new Layer(name, at, rowsAt, bAt, bAt + 1, rows, cols, b, k, flags, payload, levels, p, rowLevelsAt, rowLevelBytes));
            p += (int)((payload + 7) / 8);
        }
        int paramStart = p;
        for (int i = 0; i < d.ParameterCount; i++)
        {
            Str();
            int rank = f[p++];
            long n = 1;
            for (int r = 0; r < rank; r++) n *= U32();
            p += (int)(4 * n);
            d.ParameterValues += (int)n;
        }
        d.ParameterBytes = p - paramStart;
        Assert.Equal(f.Length - 32, p); // then the SHA-256 trailer
        Assert.Equal(SHA256.HashData(f.AsSpan(0, p)), f[p..]);
        return d;
    }

    /// <summary>The documented overhead in bits: header, per layer (31 + name string + 4 per level + row levels) bytes and padding, parameters, trailer.</summary>
    public long OverheadBits() =>
        8L * HeaderBytes
        + Layers.Sum(l => 8L * (31 + 2 + Encoding.UTF8.GetByteCount(l.Name) + 4L * l.Levels + l.RowLevelBytes) + (8 - l.PayloadBits % 8) % 8)
        + 8L * ParameterBytes + 256;

    /// <summary>Recomputes the trailer after an edit, so the edited field itself is what the reader meets.</summary>
    public static void Rehash(byte[] f) => SHA256.HashData(f.AsSpan(0, f.Length - 32), f.AsSpan(f.Length - 32));
}
