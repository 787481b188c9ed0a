using System.Buffers.Binary;
using System.IO.Compression;

namespace Kit.Data;

/// <summary>An IDX array (LeCun's MNIST format) of unsigned bytes: dims plus the flat data.</summary>
public sealed record IdxArray(int[] Dims, byte[] Data)
{
    public int Count => Dims[0];
}

/// <summary>
/// Reads IDX files, gzipped or raw (chosen by the gzip magic, not the name). Every check failure is a
/// <see cref="DataFormatException"/> naming the file: missing file, bad gzip, bad magic, wrong dtype,
/// wrong rank or dimensions, and a byte count that differs from what the header promises.
/// </summary>
public static class Idx
{
    const byte UnsignedByte = 0x08;

    public static IdxArray Read(string path, int expectedRank, int[]? expectedInnerDims = null)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "file not found");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
            if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
            {
                using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var ms = new MemoryStream();
                gz.CopyTo(ms);
                bytes = ms.ToArray();
            }
        }
        catch (InvalidDataException e) { throw new DataFormatException(path, $"corrupt gzip stream ({e.Message})"); }
        catch (EndOfStreamException) { throw new DataFormatException(path, "truncated gzip stream"); }
        catch (IOException e) when (e is not FileNotFoundException) { throw new DataFormatException(path, $"cannot read ({e.Message})"); }
        return Parse(path, bytes, expectedRank, expectedInnerDims);
    }

    public static IdxArray Parse(string name, byte[] bytes, int expectedRank, int[]? expectedInnerDims = null)
    {
        if (bytes.Length < 4) throw new DataFormatException(name, $"truncated: {bytes.Length} bytes, too short for an IDX header");
        if (bytes[0] != 0 || bytes[1] != 0)
            throw new DataFormatException(name, $"bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(bytes):X8} (not an IDX file)");
        if (bytes[2] != UnsignedByte)
            throw new DataFormatException(name, $"unsupported IDX dtype 0x{bytes[2]:X2} (expected 0x08, unsigned byte)");
        int rank = bytes[3];
        if (rank != expectedRank)
            throw new DataFormatException(name, $"has {rank} dimensions, expected {expectedRank}");
        int header = 4 + 4 * rank;
        if (bytes.Length < header) throw new DataFormatException(name, $"truncated header: {bytes.Length} bytes, need {header}");
        var dims = new int[rank];
        long n = 1;
        for (int i = 0; i < rank; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (d == 0 || d > int.MaxValue) throw new DataFormatException(name, $"dimension {i} has invalid size {d}");
            dims[i] = (int)d;
            n *= d;
        }
        if (expectedInnerDims != null)
            for (int i = 0; i < expectedInnerDims.Length; i++)
                if (dims[i + 1] != expectedInnerDims[i])
                    throw new DataFormatException(name,
                        $"dimensions {string.Join("x", dims)}, expected Nx{string.Join("x", expectedInnerDims)}");
        long have = bytes.Length - header;
        if (have < n) throw new DataFormatException(name, $"truncated: header promises {n} data bytes ({string.Join("x", dims)}), file has {have}");
        if (have > n) throw new DataFormatException(name, $"{have - n} unexpected trailing bytes after {n} data bytes");
        return new IdxArray(dims, bytes.AsSpan(header).ToArray());
    }
}
