using System.Buffers.Binary;
using System.Text;

namespace Kit.Export;

/// <summary>Reads the byte-aligned fields of a model file (little-endian integers, float32, u16-prefixed UTF-8
/// strings); running past the end is <see cref="InvalidDataException"/> naming the byte offset.</summary>
internal sealed class ByteCursor(byte[] data, int end)
{
    public int Position { get; private set; }

    public int Left => end - Position;

    ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count < 0 || count > Left) throw new InvalidDataException($"file ends early: {what} needs {count} bytes at byte {Position}, {Left} left");
        var s = data.AsSpan(Position, count);
        Position += count;
        return s;
    }

    public byte U8(string what) => Take(1, what)[0];
    public ushort U16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));
    public uint U32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));
    public ulong U64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));
    public float F32(string what) => BinaryPrimitives.ReadSingleLittleEndian(Take(4, what));
    public string String(string what) => Encoding.UTF8.GetString(Take(U16(what + " length"), what));

    /// <summary>Skips <paramref name="count"/> bytes and returns where they start.</summary>
    public int Skip(long count, string what)
    {
        if (count > Left) throw new InvalidDataException($"file ends early: {what} needs {count} bytes at byte {Position}, {Left} left");
        int at = Position;
        Position += (int)count;
        return at;
    }

    public float[] F32s(long count, string what)
    {
        if (count > Left / 4) throw new InvalidDataException($"file ends early: {what} needs {count} float32 values at byte {Position}, {Left} bytes left");
        var r = new float[count];
        for (long i = 0; i < count; i++) r[i] = F32(what);
        return r;
    }
}
