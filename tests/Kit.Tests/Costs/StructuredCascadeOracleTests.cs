using Kit.Costs;

namespace Kit.Tests.Costs;

/// <summary>
/// The coupled structured model against its definition, on random chains of small layers. A choice of kept rows
/// and columns is consistent when every kept row has a nonzero in a kept column and (if the layer has a consumer)
/// the consumer keeps a column that reads it, and every kept column has a nonzero in a kept row and (if the layer
/// has a producer) reads a kept row of it. Both rules only ask for something kept, so the union of consistent
/// choices is consistent: the largest one, which <see cref="StructuredFormat.Model"/> must find, is the union of
/// all consistent choices, found here by trying every subset.
/// </summary>
public class StructuredCascadeOracleTests
{
    sealed record Chain(bool[][,] Nonzero, int[] PerOutput);

    static (int[] rows, int[] cols) Largest(Chain chain)
    {
        int n = chain.Nonzero.Length;
        // Only rows and columns holding a nonzero can ever be kept; they are the search's variables.
        var vars = new List<(int layer, bool row, int index)>();
        for (int l = 0; l < n; l++)
        {
            var nz = chain.Nonzero[l];
            for (int r = 0; r < nz.GetLength(0); r++) if (Enumerable.Range(0, nz.GetLength(1)).Any(c => nz[r, c])) vars.Add((l, true, r));
            for (int c = 0; c < nz.GetLength(1); c++) if (Enumerable.Range(0, nz.GetLength(0)).Any(r => nz[r, c])) vars.Add((l, false, c));
        }
        Assert.True(vars.Count <= 20, "chain too large to enumerate");
        var union = new bool[vars.Count];
        var rows = chain.Nonzero.Select(nz => new bool[nz.GetLength(0)]).ToArray();
        var cols = chain.Nonzero.Select(nz => new bool[nz.GetLength(1)]).ToArray();
        for (long s = 0; s < 1L << vars.Count; s++)
        {
            for (int v = 0; v < vars.Count; v++) (vars[v].row ? rows : cols)[vars[v].layer][vars[v].index] = (s >> v & 1) == 1;
            if (!Consistent(chain, rows, cols)) continue;
            for (int v = 0; v < vars.Count; v++) union[v] |= (s >> v & 1) == 1;
        }
        return ([.. Enumerable.Range(0, n).Select(l => vars.Where((x, v) => x.layer == l && x.row && union[v]).Count())],
                [.. Enumerable.Range(0, n).Select(l => vars.Where((x, v) => x.layer == l && !x.row && union[v]).Count())]);
    }

    static bool Consistent(Chain chain, bool[][] rows, bool[][] cols)
    {
        int n = chain.Nonzero.Length;
        for (int l = 0; l < n; l++)
        {
            var nz = chain.Nonzero[l];
            int R = nz.GetLength(0), C = nz.GetLength(1);
            for (int r = 0; r < R; r++)
            {
                if (!rows[l][r]) continue;
                bool has = false;
                for (int c = 0; c < C && !has; c++) has = cols[l][c] && nz[r, c];
                if (!has) return false;
                if (l + 1 < n)
                {
                    int per = chain.PerOutput[l];
                    bool read = false;
                    for (int j = r * per; j < (r + 1) * per && !read; j++) read = cols[l + 1][j];
                    if (!read) return false;
                }
            }
            for (int c = 0; c < C; c++)
            {
                if (!cols[l][c]) continue;
                bool has = false;
                for (int r = 0; r < R && !has; r++) has = rows[l][r] && nz[r, c];
                if (!has) return false;
                if (l > 0 && !rows[l - 1][c / chain.PerOutput[l - 1]]) return false;
            }
        }
        return true;
    }

    static Chain RandomChain(Random g, (int rows, int cols)[] shapes, double density)
    {
        var nz = shapes.Select(s =>
        {
            var m = new bool[s.rows, s.cols];
            for (int r = 0; r < s.rows; r++) for (int c = 0; c < s.cols; c++) m[r, c] = g.NextDouble() < density;
            return m;
        }).ToArray();
        var per = shapes.Select((s, i) => i + 1 < shapes.Length ? shapes[i + 1].cols / s.rows : 0).ToArray();
        return new Chain(nz, per);
    }

    static CostLayer[] Layers(Chain chain) => [.. chain.Nonzero.Select((nz, l) =>
    {
        int R = nz.GetLength(0), C = nz.GetLength(1);
        var flat = Enumerable.Range(0, R * C).Where(p => nz[p / C, p % C]).ToArray();
        var mask = new LayerMask($"l{l}", R, C, flat);
        return l + 1 < chain.Nonzero.Length ? new CostLayer(mask, $"l{l + 1}", chain.PerOutput[l]) : new CostLayer(mask);
    })];

    public static TheoryData<int, double> Cases() => new() { { 1, 0.3 }, { 2, 0.45 }, { 3, 0.6 } };

    [Theory, MemberData(nameof(Cases))]
    public void Coupled_model_keeps_the_largest_consistent_rows_and_columns(int seed, double density)
    {
        var g = new Random(seed);
        // conv-like producer (2 consumer columns per output), then an fc pair (1 column per output).
        (int, int)[] shapes = [(3, 2), (2, 6), (3, 2)];
        int cascades = 0;
        for (int trial = 0; trial < 15; trial++)
        {
            var chain = RandomChain(g, shapes, density);
            var (rows, cols) = Largest(chain);
            var got = StructuredFormat.Model(Layers(chain), 3);
            for (int l = 0; l < shapes.Length; l++)
            {
                Assert.Equal((rows[l], cols[l]), (got[l].KeptRows, got[l].KeptColumns));
                var (R, C) = shapes[l];
                Assert.Equal((long)rows[l] * cols[l] * 3 + R + C, got[l].TotalBits);
                var alone = StructuredFormat.Layer(Layers(chain)[l].Mask, 3);
                if ((alone.KeptRows, alone.KeptColumns) != (rows[l], cols[l])) cascades++;
            }
        }
        // The random chains must exercise the coupling, not only the single-layer rule.
        Assert.True(cascades > 0, "no chain removed more than its layers alone would");
    }

    [Fact]
    public void A_single_layer_keeps_every_row_and_column_with_a_nonzero()
    {
        var g = new Random(4);
        for (int trial = 0; trial < 30; trial++)
        {
            var chain = RandomChain(g, [(4, 5)], 0.2);
            var (rows, cols) = Largest(chain);
            var got = StructuredFormat.Model(Layers(chain), 2)[0];
            Assert.Equal((rows[0], cols[0]), (got.KeptRows, got.KeptColumns));
        }
    }
}
