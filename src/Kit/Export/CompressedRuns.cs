namespace Kit.Export;

/// <summary>
/// CSR and CSC payloads (docs/model-files.md): (runs + 1) pointers of w = ceil(log2(entries + 1)) bits, pointer i
/// = entries before run i (so pointer 0 = 0 and the last = entries), then the runs' <see cref="GapStream"/>s in
/// order, each restarting at position -1. A run is a row (CSR, positions = columns) or a column (CSC, positions = rows).
/// </summary>
internal static class CompressedRuns
{
    /// <summary>Writes runs given as position lists with their value codes.</summary>
    public static void Write(BitWriter writer, IReadOnlyList<(int[] positions, uint[] codes)> runs, int k, int bits, long entries)
    {
        int width = Costs.CsrFormat.PointerWidth(entries);
        long at = 0;
        writer.Write(0, width);
        foreach (var (positions, _) in runs)
        {
            at += GapStream.Entries(positions, k);
            writer.Write((ulong)at, width);
        }
        if (at != entries) throw new InvalidOperationException($"runs hold {at} entries, the plan says {entries}");
        foreach (var (positions, codes) in runs) GapStream.Write(writer, positions, codes, k, bits);
    }

    /// <summary>Reads <paramref name="runCount"/> runs of positions in [0, <paramref name="runLength"/>); set(run, position, value).</summary>
    public static void Read(BitReader reader, int runCount, int runLength, long entries, int k, int bits, ValueCodes codes, Action<int, long, float> set)
    {
        int width = Costs.CsrFormat.PointerWidth(entries);
        var pointers = new long[runCount + 1];
        for (int i = 0; i <= runCount; i++)
        {
            pointers[i] = (long)reader.Read(width);
            if (i > 0 && pointers[i] < pointers[i - 1]) throw new InvalidDataException($"pointer {i} ({pointers[i]}) is below pointer {i - 1} ({pointers[i - 1]})");
        }
        if (pointers[0] != 0 || pointers[runCount] != entries)
            throw new InvalidDataException($"pointers run from {pointers[0]} to {pointers[runCount]}, expected 0 to the header's {entries} entries");
        for (int run = 0; run < runCount; run++)
        {
            int r = run;
            GapStream.Read(reader, pointers[run + 1] - pointers[run], k, bits, runLength, codes, (p, v) => set(r, p, v));
        }
    }
}
