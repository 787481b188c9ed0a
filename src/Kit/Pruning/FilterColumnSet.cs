namespace Kit.Pruning;

/// <summary>
/// Filter + column pruning: at most <c>KeepRows</c> rows and <c>KeepColumns</c> columns, so the kept
/// weights form a KeepRows x KeepColumns block of the GEMM view (a smaller dense GEMM).
///
/// The projection picks the row set R and column set C maximizing the kept energy sum_{R x C} w^2.
/// Given R, the best C is exactly the top-KeepColumns columns by norm restricted to R (and vice versa).
/// Order and exactness:
/// - when one side has at most <see cref="ExactLimit"/> subsets of the kept size, that side is
///   enumerated (in lexicographic order, first best wins) and the projection is exact;
/// - otherwise (e.g. LeNet-5's conv1: C(20,10) row sets) two greedy starts are refined by alternating
///   the two exact half-steps until the energy stops rising: start A takes columns first, then rows
///   (the order of the ADMM structured-pruning papers); start B takes rows first. The better one wins,
///   A on ties. The general problem (max-energy submatrix) is NP-hard, so this path is a local optimum
///   that is never worse than either sequential order. Each start runs at most <see cref="MaxRounds"/> rounds
///   (every round strictly raises the energy, so the bound only caps time on adversarial inputs).
/// </summary>
internal sealed class FilterColumnSet : IPruningSet
{
    public const long DefaultExactLimit = 20_000;
    public const int MaxRounds = 50;

    public FilterColumnSet(LayerGeometry geometry, int keepRows, int keepColumns, long exactLimit = DefaultExactLimit)
    {
        if (keepRows < 0 || keepRows > geometry.Rows) throw new KitException($"filter_column: keep_rows must be in 0..{geometry.Rows}, got {keepRows}");
        if (keepColumns < 0 || keepColumns > geometry.Columns) throw new KitException($"filter_column: keep_columns must be in 0..{geometry.Columns}, got {keepColumns}");
        Geometry = geometry;
        KeepRows = keepRows;
        KeepColumns = keepColumns;
        ExactLimit = exactLimit;
    }

    public LayerGeometry Geometry { get; }
    public int KeepRows { get; }
    public int KeepColumns { get; }
    public long ExactLimit { get; }
    public PruningSetSpec Spec => new() { Scheme = PruningSchemes.Get("filter_column"), Rows = KeepRows, Columns = KeepColumns };

    public bool[] Support(ReadOnlySpan<float> w)
    {
        var g = Geometry;
        if (KeepRows == g.Rows || KeepColumns == 0 || KeepRows == 0)
            return Rows(w, TopK.Select(GroupNorms.Columns(w, g), KeepColumns)).block;
        if (KeepColumns == g.Columns)
            return Columns(w, TopK.Select(GroupNorms.Rows(w, g), KeepRows)).block;
        if (Binomial(g.Rows, KeepRows) <= ExactLimit) return ExactOverRows(w);
        if (Binomial(g.Columns, KeepColumns) <= ExactLimit) return ExactOverColumns(w);
        var a = Alternate(w, TopK.Select(GroupNorms.Columns(w, g), KeepColumns), columnsFirst: true);
        var b = Alternate(w, TopK.Select(GroupNorms.Rows(w, g), KeepRows), columnsFirst: false);
        return b.energy > a.energy ? b.block : a.block;
    }

    /// <summary>Best rows for fixed columns.</summary>
    (bool[] block, double energy, bool[] rows) Rows(ReadOnlySpan<float> w, bool[] columns)
    {
        var norms = GroupNorms.Rows(w, Geometry, columns);
        var rows = TopK.Select(norms, KeepRows);
        double e = 0;
        for (int r = 0; r < rows.Length; r++) if (rows[r]) e += norms[r];
        return (GroupNorms.Block(Geometry, rows, columns), e, rows);
    }

    /// <summary>Best columns for fixed rows.</summary>
    (bool[] block, double energy, bool[] columns) Columns(ReadOnlySpan<float> w, bool[] rows)
    {
        var norms = GroupNorms.Columns(w, Geometry, rows);
        var cols = TopK.Select(norms, KeepColumns);
        double e = 0;
        for (int c = 0; c < cols.Length; c++) if (cols[c]) e += norms[c];
        return (GroupNorms.Block(Geometry, rows, cols), e, cols);
    }

    (bool[] block, double energy) Alternate(ReadOnlySpan<float> w, bool[] start, bool columnsFirst)
    {
        bool[] rows, cols;
        bool[] block;
        double energy;
        if (columnsFirst)
        {
            cols = start;
            (block, energy, rows) = Rows(w, cols);
        }
        else
        {
            rows = start;
            (block, energy, cols) = Columns(w, rows);
        }
        for (int it = 0; it < MaxRounds; it++)
        {
            var (_, _, c1) = Columns(w, rows);
            var (b2, e2, r2) = Rows(w, c1);
            if (!(e2 > energy * (1 + 1e-12))) break;
            (block, energy, rows, cols) = (b2, e2, r2, c1);
        }
        return (block, energy);
    }

    bool[] ExactOverRows(ReadOnlySpan<float> w)
    {
        bool[]? best = null;
        double bestEnergy = double.NegativeInfinity;
        var rows = new bool[Geometry.Rows];
        foreach (var subset in Subsets(Geometry.Rows, KeepRows))
        {
            Array.Clear(rows);
            foreach (var r in subset) rows[r] = true;
            var (block, e, _) = Columns(w, rows);
            if (e > bestEnergy) { bestEnergy = e; best = block; }
        }
        return best!;
    }

    bool[] ExactOverColumns(ReadOnlySpan<float> w)
    {
        bool[]? best = null;
        double bestEnergy = double.NegativeInfinity;
        var cols = new bool[Geometry.Columns];
        foreach (var subset in Subsets(Geometry.Columns, KeepColumns))
        {
            Array.Clear(cols);
            foreach (var c in subset) cols[c] = true;
            var (block, e, _) = Rows(w, cols);
            if (e > bestEnergy) { bestEnergy = e; best = block; }
        }
        return best!;
    }

    /// <summary>All k-subsets of 0..n-1 in lexicographic order.</summary>
    public static IEnumerable<int[]> Subsets(int n, int k)
    {
        var idx = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])idx.Clone();
            int i = k - 1;
            while (i >= 0 && idx[i] == n - k + i) i--;
            if (i < 0) yield break;
            idx[i]++;
            for (int j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
        }
    }

    /// <summary>C(n,k), saturating at long.MaxValue.</summary>
    public static long Binomial(int n, int k)
    {
        if (k < 0 || k > n) return 0;
        k = Math.Min(k, n - k);
        double r = 1;
        for (int i = 1; i <= k; i++)
        {
            r = r * (n - k + i) / i;
            if (r > 1e18) return long.MaxValue;
        }
        return (long)Math.Round(r);
    }
}

/// <summary>
/// Rows and columns at once. A budget becomes a block with both sides at sqrt(density): rows =
/// round(sqrt(f) * Rows), columns = round(budget / rows); the last layer keeps all rows (its classes).
/// </summary>
internal sealed class FilterColumnScheme : PruningScheme
{
    public override string Name => "filter_column";
    public override string Description => "filter+column (structured)";
    public override IReadOnlyList<string> FractionFields => ["rows", "columns"];
    public override PruningSetSpec Dense(LayerGeometry g) => new() { Scheme = this, Rows = g.Rows, Columns = g.Columns };
    public override PruningSetSpec FromFractions(LayerKeep k, LayerGeometry g) =>
        new() { Scheme = this, Rows = LayerKeep.Count(k.Rows!.Value, g.Rows), Columns = LayerKeep.Count(k.Columns!.Value, g.Columns) };

    public override PruningSetSpec FromBudget(double budget, LayerGeometry g, bool isLast)
    {
        int rows = isLast ? g.Rows : Math.Clamp((int)Math.Round(Math.Sqrt(budget / g.Count) * g.Rows), 1, g.Rows);
        return new() { Scheme = this, Rows = rows, Columns = UnitsFor(budget, rows, g.Columns) };
    }

    public override long KeptWeights(PruningSetSpec s, LayerGeometry g) => (long)(s.Rows ?? g.Rows) * (s.Columns ?? g.Columns);
    public override IPruningSet Build(PruningSetSpec s, LayerGeometry g, string where) =>
        new FilterColumnSet(g, Need(s.Rows, "rows", where), Need(s.Columns, "columns", where));
    public override string Describe(PruningSetSpec s, LayerGeometry g) => $"rows {s.Rows}/{g.Rows} x columns {s.Columns}/{g.Columns}";
}
