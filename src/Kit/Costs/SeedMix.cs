namespace Kit.Costs;

/// <summary>
/// Deterministic seed derivation for the seeded random masks. HashCode.Combine and string.GetHashCode are
/// randomized per process in .NET, so they would make "seeded" masks differ between runs.
/// </summary>
internal static class SeedMix
{
    public static int Of(long seed, string label, double value = 0)
    {
        ulong h = 14695981039346656037UL; // FNV-1a over the label
        foreach (var ch in label) { h ^= ch; h *= 1099511628211UL; }
        h ^= SplitMix((ulong)seed) ^ SplitMix((ulong)BitConverter.DoubleToInt64Bits(value) + 0x632BE59BD9B4E019UL);
        return (int)(SplitMix(h) & 0x7FFFFFFF);
    }

    static ulong SplitMix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
