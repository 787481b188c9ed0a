namespace Kit.Export;

/// <summary>
/// Reads the fields a <see cref="BitWriter"/> wrote (same bit order: most significant bit first, bytes from bit 7
/// down) from a payload of a known length in bits. Reading past that length is a corrupt file, reported as
/// <see cref="InvalidDataException"/> (the file reader adds the file and layer to the message).
/// </summary>
public sealed class BitReader
{
    readonly byte[] data;
    readonly long start, limit;

    /// <summary>A reader over bits [<paramref name="startBit"/>, <paramref name="startBit"/> + <paramref name="lengthBits"/>) of <paramref name="data"/>.</summary>
    public BitReader(byte[] data, long startBit, long lengthBits)
    {
        if (startBit < 0 || lengthBits < 0 || startBit + lengthBits > 8L * data.Length)
            throw new InvalidDataException($"payload of {lengthBits} bits at bit {startBit} runs past the end of the data ({data.Length} bytes)");
        this.data = data;
        start = startBit;
        limit = startBit + lengthBits;
        Position = startBit;
    }

    /// <summary>Absolute bit position of the next read.</summary>
    long Position { get; set; }

    /// <summary>Bits read so far.</summary>
    public long BitsRead => Position - start;

    public long BitsLeft => limit - Position;

    /// <summary>Reads a field of 0..64 bits, most significant bit first.</summary>
    public ulong Read(int count)
    {
        if (count < 0 || count > 64) throw new ArgumentOutOfRangeException(nameof(count), count, "a field has 0..64 bits");
        if (count > BitsLeft) throw new InvalidDataException($"payload ends early: {count} more bits needed at bit {BitsRead} of {limit - start}");
        ulong result = 0;
        while (count > 0)
        {
            int offset = (int)(Position & 7), avail = 8 - offset, take = Math.Min(avail, count);
            ulong bits = (ulong)(data[Position >> 3] >> (avail - take)) & ((1UL << take) - 1);
            result = (result << take) | bits;
            Position += take;
            count -= take;
        }
        return result;
    }

    public bool ReadBit() => Read(1) != 0;
}
