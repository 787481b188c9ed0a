using System.Buffers.Binary;
using System.Text;

namespace Kit.Export;

/// <summary>Writes the byte-aligned fields of a model file: little-endian integers, float32, and strings as a u16
/// byte length followed by UTF-8 bytes (the counterpart of <see cref="ByteCursor"/>).</summary>
internal sealed class ByteSink
{
    readonly MemoryStream stream = new();
    readonly byte[] scratch = new byte[8];

    public long Length => stream.Length;

    public void U8(int v) => stream.WriteByte(checked((byte)v));
    public void U16(int v) { BinaryPrimitives.WriteUInt16LittleEndian(scratch, checked((ushort)v)); stream.Write(scratch, 0, 2); }
    public void U32(long v) { BinaryPrimitives.WriteUInt32LittleEndian(scratch, checked((uint)v)); stream.Write(scratch, 0, 4); }
    public void U64(long v) { BinaryPrimitives.WriteUInt64LittleEndian(scratch, checked((ulong)v)); stream.Write(scratch, 0, 8); }
    public void F32(float v) { BinaryPrimitives.WriteSingleLittleEndian(scratch, v); stream.Write(scratch, 0, 4); }
    public void Bytes(byte[] b) => stream.Write(b);

    public void String(string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        U16(b.Length);
        stream.Write(b);
    }

    /// <summary>Bytes a <see cref="String"/> takes.</summary>
    public static int StringBytes(string s) => 2 + Encoding.UTF8.GetByteCount(s);

    public byte[] ToArray() => stream.ToArray();
}
