namespace Kit.Export;

/// <summary>
/// How one layer's weight values become b-bit codes (docs/model-files.md, "Value codes").
/// <list type="bullet">
/// <item>b = 1..31: the layer's level table lists its distinct nonzero values, ascending. With the zero code, code 0
/// is the value 0 (a pruned weight, a filler, a padding slot) and code i (1..n) is level i-1; without it, code i
/// (0..n-1) is level i. So n + zero_code &lt;= 2^b.</item>
/// <item>b = 32: no level table; a code is the float32 bit pattern (IEEE 754), so 0 is +0.0 and any float fits.</item>
/// </list>
/// A pruned weight reads back as +0.0 (a -0.0 weight counts as pruned, as in every mask of the kit).
/// </summary>
public sealed class ValueCodes
{
    public const int RawBits = 32;

    readonly Dictionary<int, uint>? codeOf; // float bit pattern -> code

    ValueCodes(int bits, bool zeroCode, float[] levels)
    {
        Bits = bits;
        ZeroCode = zeroCode;
        Levels = levels;
        if (bits != RawBits)
        {
            codeOf = [];
            for (int i = 0; i < levels.Length; i++) codeOf[BitConverter.SingleToInt32Bits(levels[i])] = (uint)(i + (zeroCode ? 1 : 0));
        }
    }

    public int Bits { get; }

    /// <summary>Whether code 0 means the value 0 (the format stores zeros: fillers, dense zeros, padding).</summary>
    public bool ZeroCode { get; }

    /// <summary>The level table (empty when b = 32).</summary>
    public float[] Levels { get; }

    /// <summary>Codes in use: n + zero_code, or 2^32 for raw floats.</summary>
    public long CodeCount => Bits == RawBits ? 1L << 32 : Levels.Length + (ZeroCode ? 1 : 0);

    /// <summary>Whether a level table of <paramref name="distinct"/> values (plus zero when needed) fits in b bits.</summary>
    public static bool Fits(int distinct, bool zeroCode, int bits) =>
        bits == RawBits || distinct + (zeroCode ? 1L : 0) <= 1L << bits;

    /// <summary>The codes of a layer whose nonzero values are <paramref name="values"/>; a KitException names the layer when they do not fit.</summary>
    public static ValueCodes For(string layer, ReadOnlySpan<float> values, int bits, bool zeroCode)
    {
        CheckBits(bits);
        if (bits == RawBits) return new ValueCodes(bits, zeroCode, []);
        var distinct = new SortedSet<float>();
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) throw new KitException($"layer '{layer}' holds a non-finite weight ({v})");
            distinct.Add(v);
        }
        if (!Fits(distinct.Count, zeroCode, bits))
            throw new KitException($"layer '{layer}' has {distinct.Count:N0} distinct nonzero values{(zeroCode ? " plus the zero code" : "")}: more than {bits} bits can index (quantize the model, or give a larger --bits; 32 stores raw float32)");
        return new ValueCodes(bits, zeroCode, [.. distinct]);
    }

    /// <summary>The codes a file's layer header describes; <see cref="InvalidDataException"/> when the table is invalid.</summary>
    public static ValueCodes FromTable(int bits, bool zeroCode, float[] levels)
    {
        if (bits is < 1 or > RawBits) throw new InvalidDataException($"b = {bits} is out of range (1..32)");
        if (bits == RawBits && levels.Length > 0) throw new InvalidDataException($"b = 32 stores raw floats, but the layer lists {levels.Length} levels");
        for (int i = 0; i < levels.Length; i++)
        {
            if (!float.IsFinite(levels[i]) || levels[i] == 0) throw new InvalidDataException($"level {i} is {levels[i]} (levels are finite and nonzero)");
            if (i > 0 && !(levels[i] > levels[i - 1])) throw new InvalidDataException($"levels are not strictly ascending at level {i}");
        }
        if (!Fits(levels.Length, zeroCode, bits)) throw new InvalidDataException($"{levels.Length} levels{(zeroCode ? " plus the zero code" : "")} do not fit in b = {bits} bits");
        return new ValueCodes(bits, zeroCode, levels);
    }

    public static void CheckBits(int bits)
    {
        if (bits is < 1 or > RawBits) throw new KitException($"bits per stored value must be in 1..32, got {bits}");
    }

    /// <summary>The code of a weight (0 is only allowed with the zero code, or for raw floats).</summary>
    public uint Code(float value)
    {
        if (Bits == RawBits) return value == 0 ? 0u : BitConverter.SingleToUInt32Bits(value);
        if (value == 0)
            return ZeroCode ? 0u : throw new InvalidOperationException("a zero value in a layer encoded without the zero code");
        return codeOf!.TryGetValue(BitConverter.SingleToInt32Bits(value), out var c) ? c
            : throw new InvalidOperationException($"value {value} is not in the layer's level table");
    }

    /// <summary>Whether a code stands for the value 0 (a filler or padding slot: it sets no weight).</summary>
    public bool IsZero(ulong code) => Bits == RawBits ? code == 0 : ZeroCode && code == 0;

    /// <summary>The value of a code; <see cref="InvalidDataException"/> for a code the table does not define.</summary>
    public float Value(ulong code)
    {
        if (Bits == RawBits)
        {
            if (code == 0) return 0f;
            float v = BitConverter.UInt32BitsToSingle((uint)code);
            return float.IsFinite(v) && v != 0 ? v : throw new InvalidDataException($"raw value 0x{code:X8} is not a finite nonzero float (0 is code 0)");
        }
        if (IsZero(code)) return 0f;
        long i = (long)code - (ZeroCode ? 1 : 0);
        return i >= 0 && i < Levels.Length ? Levels[i] : throw new InvalidDataException($"value code {code} is not in the level table ({CodeCount} codes)");
    }
}
