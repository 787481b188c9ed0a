namespace Kit.Export;

/// <summary>
/// The entry stream of the relative-index formats (relative, csr, csc; docs/model-files.md, "Entry streams").
/// A run visits positions p_0 &lt; p_1 &lt; ... (flat, row or column positions) starting from p_(-1) = -1. Each entry
/// is a k-bit gap field f (the gap is f + 1, so 1..2^k) followed by a b-bit value code. A gap g &gt; 2^k is preceded
/// by floor((g-1)/2^k) fillers: gap field 2^k - 1 (a gap of 2^k) and the zero code. A decoder adds every gap to
/// the position and sets a weight for each entry whose code is not the zero code.
/// </summary>
internal static class GapStream
{
    /// <summary>Entries (real + fillers) a run with these gaps takes at width k.</summary>
    public static long Entries(ReadOnlySpan<int> positions, int k)
    {
        long entries = 0, prev = -1;
        foreach (var p in positions)
        {
            entries += 1 + ((p - prev - 1) >> k);
            prev = p;
        }
        return entries;
    }

    /// <summary>The (gap field, value code) entries of a run, fillers included: what <see cref="Write"/> writes.</summary>
    public static List<(ulong field, uint code)> Entries(ReadOnlySpan<int> positions, ReadOnlySpan<uint> codes, int k)
    {
        var entries = new List<(ulong, uint)>(positions.Length);
        long prev = -1, span = 1L << k;
        for (int i = 0; i < positions.Length; i++)
        {
            long gap = positions[i] - prev;
            for (; gap > span; gap -= span) entries.Add(((ulong)(span - 1), 0u));
            entries.Add(((ulong)(gap - 1), codes[i]));
            prev = positions[i];
        }
        return entries;
    }

    /// <summary>Writes a run: <paramref name="positions"/> strictly increasing, <paramref name="codes"/> their value codes.</summary>
    public static void Write(BitWriter writer, ReadOnlySpan<int> positions, ReadOnlySpan<uint> codes, int k, int bits)
    {
        foreach (var (field, code) in Entries(positions, codes, k))
        {
            writer.Write(field, k);
            writer.Write(code, bits);
        }
    }

    /// <summary>
    /// Reads <paramref name="entries"/> entries of a run whose positions lie in [0, <paramref name="length"/>) and
    /// calls <paramref name="set"/> (position, value) for each real entry.
    /// </summary>
    public static void Read(BitReader reader, long entries, int k, int bits, long length, ValueCodes codes, Action<long, float> set) =>
        Read(entries, () => reader.Read(k), () => reader.Read(bits), length, codes, set);

    /// <summary>The same, with the fields read by the given functions (relative_huffman reads codewords).</summary>
    public static void Read(long entries, Func<ulong> readField, Func<ulong> readCode, long length, ValueCodes codes, Action<long, float> set)
    {
        long pos = -1;
        for (long e = 0; e < entries; e++)
        {
            pos += (long)readField() + 1;
            var code = readCode();
            if (pos >= length) throw new InvalidDataException($"entry {e} lands at position {pos}, past the end of its run ({length})");
            if (!codes.IsZero(code)) set(pos, codes.Value(code));
        }
    }
}
