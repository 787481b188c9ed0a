using System.Numerics;

namespace Kit.Costs;

/// <summary>
/// The gaps of one traversal of a mask (see <see cref="RelativeIndexFormat"/>, <see cref="CsrFormat"/>,
/// <see cref="CscFormat"/>), kept as a histogram so that the filler count for every index width k is
/// exact yet cheap: fillers(k) = sum over gaps of floor((g-1)/2^k).
///
/// Why a histogram: the exact k search must count fillers from the actual gaps (not an average gap),
/// for 16 widths, on masks of tens of millions of weights. Gaps with g-1 &lt; 2^17 go into a dense
/// histogram that is halved once per k (floor((g-1)/2^(k+1)) = floor(floor((g-1)/2^k)/2)), so all 16
/// counts cost O(2^17) after the single O(nnz) collection pass; the rare larger gaps are kept as a list.
/// </summary>
internal sealed class GapHistogram
{
    /// <summary>Largest index width searched (and the widest k-bit gap field the formats allow).</summary>
    public const int MaxIndexBits = 16;
    const int DenseLimit = 1 << (MaxIndexBits + 1);

    readonly long[] counts = new long[DenseLimit]; // counts[g-1] for g-1 < DenseLimit
    readonly List<long> large = [];                  // g-1 for larger gaps
    int maxDense = -1;

    /// <summary>Number of gaps (= number of nonzeros of the traversal).</summary>
    public long Count { get; private set; }

    /// <summary>Largest gap seen (0 when empty).</summary>
    public long MaxGap { get; private set; }

    /// <summary>Records a gap g &gt;= 1.</summary>
    public void Add(long gap)
    {
        if (gap < 1) throw new ArgumentOutOfRangeException(nameof(gap), gap, "gaps are >= 1 by definition");
        long m = gap - 1;
        if (m < DenseLimit)
        {
            counts[m]++;
            if (m > maxDense) maxDense = (int)m;
        }
        else large.Add(m);
        Count++;
        if (gap > MaxGap) MaxGap = gap;
    }

    /// <summary>fillers[k] = sum of floor((g-1)/2^k) over all gaps, for k = 0..16 (index 0 unused by the formats).</summary>
    public long[] FillersByIndexBits()
    {
        var result = new long[MaxIndexBits + 1];
        int len = maxDense + 1;
        var h = new long[Math.Max(len, 1)];
        Array.Copy(counts, h, len);
        for (int k = 0; k <= MaxIndexBits; k++)
        {
            long f = 0;
            for (int j = 1; j < len; j++) f += j * h[j];
            foreach (var m in large) f += m >> k;
            result[k] = f;
            // Halve: bucket j of width 2^k merges into bucket j/2 of width 2^(k+1).
            int half = (len + 1) / 2;
            for (int j = 0; j < half; j++) h[j] = h[2 * j] + (2 * j + 1 < len ? h[2 * j + 1] : 0);
            len = half;
        }
        return result;
    }

    /// <summary>fillers(k) computed straight from the definition, one gap at a time (the reference the tests use).</summary>
    public long FillersDirect(int k)
    {
        long f = 0;
        for (int m = 0; m <= maxDense; m++) f += counts[m] * (m >> k);
        foreach (var m in large) f += m >> k;
        return f;
    }

    /// <summary>
    /// How often each k-bit gap field value occurs in the entry stream at width k, for entropy coding:
    /// result[s-1] = number of entries whose gap field is s (1..2^k). A gap g contributes
    /// floor((g-1)/2^k) fillers with field 2^k and one entry with field ((g-1) mod 2^k) + 1.
    /// </summary>
    public long[] FieldCounts(int k)
    {
        if (k < 1 || k > MaxIndexBits) throw new ArgumentOutOfRangeException(nameof(k));
        long size = 1L << k;
        var result = new long[size];
        for (int m = 0; m <= maxDense; m++)
        {
            if (counts[m] == 0) continue;
            result[m & (size - 1)] += counts[m];
            result[size - 1] += counts[m] * (m >> k);
        }
        foreach (var m in large)
        {
            result[m & (size - 1)]++;
            result[size - 1] += m >> k;
        }
        return result;
    }

    /// <summary>Bits needed to write the unsigned value x: ceil(log2(x+1)), 0 for x = 0.</summary>
    public static int BitLength(long x) => x <= 0 ? 0 : 64 - BitOperations.LeadingZeroCount((ulong)x);
}
