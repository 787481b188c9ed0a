using Kit.Costs;

namespace Kit.Export;

/// <summary>
/// A canonical Huffman code over integer symbols, as relative_huffman stores it (docs/model-files.md):
/// <list type="bullet">
/// <item>Table: 16 bits holding (used symbols - 1), then per used symbol in ascending symbol order the symbol
/// (s bits) and its code length (6 bits, 1..63): 16 + used * (s + 6) bits, the cost model's
/// <see cref="HuffmanCode.TableBits"/>.</item>
/// <item>Codes: symbols sorted by (length, symbol); the first gets the all-zero code of its length, each next one
/// the previous code + 1, shifted left by the length difference. Codewords are written most significant bit first.</item>
/// <item>Lengths come from <see cref="HuffmanCode.CodeLengths"/> (a lone symbol gets length 1), so the payload has the
/// cost model's bits: every Huffman code has the same, optimal, total length.</item>
/// </list>
/// </summary>
internal sealed class CanonicalHuffman
{
    const int CountBits = 16, MaxLength = (1 << HuffmanCode.LengthFieldBits) - 1;

    readonly ulong[] symbols;              // ascending
    readonly int[] lengths;                // per symbol
    readonly Dictionary<ulong, (ulong code, int length)> encode = [];
    readonly (ulong symbol, ulong code, int length)[] canonical; // sorted by (length, symbol)
    readonly (ulong first, int count, int start)[] byLength = new (ulong, int, int)[MaxLength + 1];
    readonly int maxLength;

    CanonicalHuffman(ulong[] symbols, int[] lengths)
    {
        this.symbols = symbols;
        this.lengths = lengths;
        var order = Enumerable.Range(0, symbols.Length).OrderBy(i => lengths[i]).ThenBy(i => symbols[i]).ToArray();
        canonical = new (ulong, ulong, int)[order.Length];
        ulong code = 0;
        int prev = order.Length == 0 ? 0 : lengths[order[0]];
        for (int j = 0; j < order.Length; j++)
        {
            int len = lengths[order[j]];
            code <<= len - prev;
            prev = len;
            if (len < 64 && code >> len != 0) throw new InvalidDataException("the Huffman code lengths are over-subscribed (not a prefix code)");
            canonical[j] = (symbols[order[j]], code, len);
            encode[symbols[order[j]]] = (code, len);
            if (byLength[len].count++ == 0) byLength[len] = (code, 1, j);
            maxLength = len;
            code++;
        }
    }

    /// <summary>The code of symbols with these frequencies (every key used at least once).</summary>
    public static CanonicalHuffman FromCounts(SortedDictionary<ulong, long> counts)
    {
        var symbols = counts.Keys.ToArray();
        var lengths = HuffmanCode.CodeLengths([.. counts.Values]);
        if (lengths.Any(l => l > MaxLength)) throw new KitException($"a Huffman code is longer than {MaxLength} bits; the table cannot store it");
        if (symbols.Length > 1 << CountBits) throw new KitException($"{symbols.Length:N0} distinct symbols: a Huffman table holds at most {1 << CountBits:N0}");
        return new CanonicalHuffman(symbols, lengths);
    }

    public void WriteTable(BitWriter writer, int symbolBits)
    {
        writer.Write((ulong)(symbols.Length - 1), CountBits);
        for (int i = 0; i < symbols.Length; i++)
        {
            writer.Write(symbols[i], symbolBits);
            writer.Write((ulong)lengths[i], HuffmanCode.LengthFieldBits);
        }
    }

    public static CanonicalHuffman ReadTable(BitReader reader, int symbolBits)
    {
        int used = (int)reader.Read(CountBits) + 1;
        var symbols = new ulong[used];
        var lengths = new int[used];
        for (int i = 0; i < used; i++)
        {
            symbols[i] = reader.Read(symbolBits);
            lengths[i] = (int)reader.Read(HuffmanCode.LengthFieldBits);
            if (lengths[i] == 0) throw new InvalidDataException($"Huffman table: symbol {symbols[i]} has code length 0");
            if (i > 0 && symbols[i] <= symbols[i - 1]) throw new InvalidDataException("Huffman table: symbols are not strictly ascending");
        }
        return new CanonicalHuffman(symbols, lengths);
    }

    public void Write(BitWriter writer, ulong symbol)
    {
        var (code, length) = encode[symbol];
        writer.Write(code, length);
    }

    /// <summary>Reads one codeword, a bit at a time: in canonical order each length's codes are one contiguous range.</summary>
    public ulong Read(BitReader reader)
    {
        ulong code = 0;
        for (int length = 1; length <= maxLength; length++)
        {
            code = (code << 1) | (reader.ReadBit() ? 1UL : 0UL);
            var (first, count, start) = byLength[length];
            if (count > 0 && code >= first && code - first < (ulong)count) return canonical[start + (int)(code - first)].symbol;
        }
        throw new InvalidDataException("a codeword that the Huffman table does not define");
    }
}
