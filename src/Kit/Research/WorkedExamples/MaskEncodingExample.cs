using Kit.Costs;
using Microsoft.Data.Analysis;

namespace Kit.Research.WorkedExamples;

/// <summary>One stored entry of a relative-index stream: a real weight or a filler (value 0) that only advances the position.</summary>
public sealed record IndexEntry(int Entry, string Kind, string Weight, int? Row, int? Column, int Advance, int FieldValue, string FieldBits, int Bits);

/// <summary>One row of the CSR layout: its entries (fillers included) and where it starts in the stream.</summary>
public sealed record CsrRow(int Row, string Columns, string Gaps, int Fillers, int Entries, int Pointer);

/// <summary>A row of the bitmask: one presence bit per weight, then the row's values.</summary>
public sealed record BitmaskRow(int Row, string PresenceBits, string Values, int Bits);

/// <summary>Bits of every format at the example's bit width, each computed twice: by walking the entries here and by the cost formula.</summary>
public sealed record EncodingTotal(string Format, string Formula, long WalkedBits, long FormulaBits, long LibraryBits);

/// <summary>
/// A 4 x 8 mask small enough to encode by hand, at b-bit values and a k-bit relative index (defaults b = 4, k = 2).
/// The entries are built here step by step (gap, fillers, field value in binary); the totals are then checked against
/// the cost formulas and against the kit's own storage formats (<see cref="RelativeIndexFormat"/>, <see cref="CsrFormat"/>,
/// <see cref="BitmaskFormat"/>), which the storage reports use on real masks.
/// </summary>
public sealed record MaskEncodingExample(int Rows, int Columns, int[] Nonzero, int Bits, int IndexBits,
    List<int> Gaps, List<IndexEntry> Relative, List<CsrRow> Csr, int PointerWidth, List<BitmaskRow> Bitmask,
    List<EncodingTotal> Totals, List<(int K, long Bits)> RelativeByK, int BestK)
{
    /// <summary>The default example: weights w1..w6 at (0,1) (0,2) (1,1) (1,6) (3,3) (3,7) of a 4 x 8 layer.</summary>
    public static readonly int[] DefaultNonzero = [1, 2, 9, 14, 27, 31];

    public static MaskEncodingExample Compute(int bits = 4, int indexBits = 2, int rows = 4, int columns = 8, int[]? nonzero = null)
    {
        nonzero ??= DefaultNonzero;
        var mask = new LayerMask("example", rows, columns, (int[])nonzero.Clone());
        if (indexBits is < 1 or > 16) throw new KitException($"index bits must be in 1..16, got {indexBits}");
        int span = 1 << indexBits;   // a k-bit field holds the gaps 1..2^k
        string Field(int v) => Convert.ToString(v, 2).PadLeft(indexBits, '0');
        string W(int i) => $"w{i + 1}";

        // Whole-layer relative index, row-major: gap to the previous stored position (the first from -1).
        var gaps = new List<int>();
        var relative = new List<IndexEntry>();
        int prev = -1;
        for (int i = 0; i < mask.Nnz; i++)
        {
            int p = mask.Nonzero[i], g = p - prev;
            gaps.Add(g);
            for (int f = 0; f < (g - 1) / span; f++)
                relative.Add(new(relative.Count + 1, "filler", "0", null, null, span, span - 1, Field(span - 1), bits + indexBits));
            int rest = g - (g - 1) / span * span;
            relative.Add(new(relative.Count + 1, "weight", W(i), p / columns, p % columns, rest, rest - 1, Field(rest - 1), bits + indexBits));
            prev = p;
        }

        // CSR: the same gaps restarted at every row (the first entry of a row stores column + 1), plus R + 1 pointers.
        var csr = new List<CsrRow>();
        int stream = 0;
        for (int r = 0; r < rows; r++)
        {
            var cols = mask.Nonzero.Where(p => p / columns == r).Select(p => p % columns).ToList();
            var g = cols.Select((c, j) => c - (j == 0 ? -1 : cols[j - 1])).ToList();
            int fillers = g.Sum(x => (x - 1) / span);
            csr.Add(new(r, string.Join(" ", cols), string.Join(" ", g), fillers, cols.Count + fillers, stream));
            stream += cols.Count + fillers;
        }
        int pointerWidth = CsrFormat.PointerWidth(stream);

        var bitmask = Enumerable.Range(0, rows).Select(r =>
        {
            var present = Enumerable.Range(0, columns).Select(c => Array.IndexOf(mask.Nonzero, r * columns + c) >= 0).ToArray();
            var values = mask.Nonzero.Select((p, i) => (p, i)).Where(x => x.p / columns == r).Select(x => W(x.i)).ToList();
            return new BitmaskRow(r, string.Concat(present.Select(b => b ? '1' : '0')), string.Join(" ", values), columns + values.Count * bits);
        }).ToList();

        long nnz = mask.Nnz, relFillers = relative.Count(e => e.Kind == "filler"), csrEntries = stream;
        var relGaps = RelativeIndexFormat.Gaps(mask);
        var relFillersByK = relGaps.FillersByIndexBits();
        var csrGaps = CsrFormat.Gaps(mask);
        var csrFillersByK = csrGaps.FillersByIndexBits();
        var totals = new List<EncodingTotal>
        {
            new("dense", "N b", mask.Weights * bits, mask.Weights * bits, mask.Weights * bits),
            new("relative (k fixed)", "(nnz + fillers)(b + k)", relative.Sum(e => (long)e.Bits), (nnz + relFillers) * (bits + indexBits),
                RelativeIndexFormat.At(relGaps, relFillersByK, bits, indexBits).TotalBits),
            new("csr (k fixed)", "(nnz + fillers)(b + k) + (R + 1) ceil(log2(entries + 1))",
                csrEntries * (bits + indexBits) + (rows + 1L) * pointerWidth, csrEntries * (bits + indexBits) + (rows + 1L) * pointerWidth,
                CsrFormat.At(csrGaps, csrFillersByK, bits, indexBits, rows + 1).TotalBits),
            new("bitmask", "N + nnz b", bitmask.Sum(r => (long)r.Bits), mask.Weights + nnz * bits, BitmaskFormat.Bits(mask, bits)),
        };
        var byK = Enumerable.Range(1, 8).Select(k => (k, RelativeIndexFormat.At(relGaps, relFillersByK, bits, k).TotalBits)).ToList();
        return new MaskEncodingExample(rows, columns, [.. mask.Nonzero], bits, indexBits, gaps, relative, csr, pointerWidth, bitmask, totals,
            byK, RelativeIndexFormat.Best(mask, bits).IndexBits);
    }

    /// <summary>The mask as text: one line per row, x for a kept weight and . for a pruned one.</summary>
    public string Picture() => string.Join("\n", Enumerable.Range(0, Rows).Select(r =>
        $"row {r}: " + string.Concat(Enumerable.Range(0, Columns).Select(c => Nonzero.Contains(r * Columns + c) ? 'x' : '.'))));

    public DataFrame RelativeTable() => ReproFrames.From(Relative);
    public DataFrame CsrTable() => ReproFrames.From(Csr);
    public DataFrame BitmaskTable() => ReproFrames.From(Bitmask);
    public DataFrame TotalsTable() => ReproFrames.From(Totals);
    public DataFrame RelativeByKTable() => ReproFrames.From(RelativeByK.Select(x => new { index_bits = x.K, total_bits = x.Bits, chosen = x.K == BestK }));
}
