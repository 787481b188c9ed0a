namespace Kit.Costs;

/// <summary>
/// Code lengths of an optimal prefix code (Huffman) for given symbol frequencies, and the cost of
/// sending a canonical Huffman code table.
/// </summary>
internal static class HuffmanCode
{
    /// <summary>Bits of the field that says how long a code is, per used symbol in the table.</summary>
    public const int LengthFieldBits = 6;

    /// <summary>Bits of the header that says how many symbols the table lists.</summary>
    public const int HeaderBits = 16;

    /// <summary>
    /// lengths[i] = code length of symbol i (0 for unused symbols). A lone used symbol gets length 1 so
    /// every entry still takes a bit (the decoder counts entries by codes).
    /// </summary>
    public static int[] CodeLengths(IReadOnlyList<long> frequencies)
    {
        int n = frequencies.Count;
        var lengths = new int[n];
        var used = Enumerable.Range(0, n).Where(i => frequencies[i] > 0).ToArray();
        if (used.Length == 0) return lengths;
        if (used.Length == 1) { lengths[used[0]] = 1; return lengths; }
        // Nodes 0..used-1 are leaves, later ones internal; parent[] lets the depth be read off at the end.
        var parent = new int[2 * used.Length - 1];
        var queue = new PriorityQueue<int, (long freq, int order)>();
        for (int i = 0; i < used.Length; i++) queue.Enqueue(i, (frequencies[used[i]], i));
        int next = used.Length;
        while (queue.Count > 1)
        {
            queue.TryDequeue(out var a, out var pa);
            queue.TryDequeue(out var b, out var pb);
            parent[a] = next;
            parent[b] = next;
            // The order component makes ties deterministic, so results do not depend on the heap's internals.
            queue.Enqueue(next, (pa.freq + pb.freq, next));
            next++;
        }
        int root = next - 1;
        var depth = new int[next];
        for (int v = root - 1; v >= 0; v--) depth[v] = depth[parent[v]] + 1;
        for (int i = 0; i < used.Length; i++) lengths[used[i]] = depth[i];
        return lengths;
    }

    /// <summary>Sum of frequency * code length.</summary>
    public static long PayloadBits(IReadOnlyList<long> frequencies)
    {
        var len = CodeLengths(frequencies);
        long bits = 0;
        for (int i = 0; i < len.Length; i++) bits += frequencies[i] * len[i];
        return bits;
    }

    /// <summary>
    /// Canonical code table: a 16-bit symbol count, then per used symbol its value (symbolBits) and its code
    /// length (6 bits). Bits = 16 + used * (symbolBits + 6).
    /// </summary>
    public static long TableBits(IReadOnlyList<long> frequencies, int symbolBits) =>
        HeaderBits + (long)frequencies.Count(f => f > 0) * (symbolBits + LengthFieldBits);
}
