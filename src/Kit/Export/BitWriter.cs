namespace Kit.Export;

/// <summary>
/// Writes fields of 0..64 bits into a byte stream. Bit order (the whole file format relies on it, see
/// docs/model-files.md): a field is written most significant bit first, and bytes are filled from their most
/// significant bit (bit 7) down, so the first bit of a stream is bit 7 of its first byte. The last byte is
/// padded with zero bits by <see cref="ToArray"/>.
/// </summary>
public sealed class BitWriter
{
    readonly List<byte> bytes = [];
    ulong pending;   // the low pendingBits bits are written but not yet a whole byte
    int pendingBits;

    /// <summary>Bits written so far (padding excluded).</summary>
    public long BitCount { get; private set; }

    /// <summary>Writes the low <paramref name="count"/> bits of <paramref name="value"/>, most significant first.</summary>
    public void Write(ulong value, int count)
    {
        if (count < 0 || count > 64) throw new ArgumentOutOfRangeException(nameof(count), count, "a field has 0..64 bits");
        if (count < 64 && value >> count != 0) throw new ArgumentOutOfRangeException(nameof(value), value, $"does not fit in {count} bits");
        if (count > 32)
        {
            Write(value >> 32, count - 32);
            count = 32;
            value &= uint.MaxValue;
        }
        // pendingBits <= 7, so at most 39 bits are live: no overflow of the 64-bit accumulator.
        pending = (pending << count) | value;
        pendingBits += count;
        BitCount += count;
        while (pendingBits >= 8)
        {
            pendingBits -= 8;
            bytes.Add((byte)(pending >> pendingBits));
        }
        pending &= (1UL << pendingBits) - 1;
    }

    public void WriteBit(bool bit) => Write(bit ? 1UL : 0UL, 1);

    /// <summary>The bytes written, the last one zero-padded: ceil(BitCount / 8) bytes.</summary>
    public byte[] ToArray()
    {
        var result = new byte[bytes.Count + (pendingBits > 0 ? 1 : 0)];
        bytes.CopyTo(result);
        if (pendingBits > 0) result[^1] = (byte)(pending << (8 - pendingBits));
        return result;
    }
}
