namespace Kit.Costs;

/// <summary>One cell of the random-mask table. JSON: rate, bits, nonzeros, and per relative-index format the
/// best k, bits per nonzero and p_eq (the k of the largest layer, fc1, is what `best_k` reports; the per-layer
/// choices are in `layer_k`), plus the bitmask p_eq and the geometric-model prediction.</summary>
public sealed record RandomMaskRow
{
    public double Rate { get; init; }
    public int Bits { get; init; }
    public long Nonzeros { get; init; }
    public int BestK { get; init; }
    public Dictionary<string, int> LayerK { get; init; } = [];
    public double RelativeBitsPerNonzero { get; init; }
    public double RelativePEq { get; init; }
    public double CsrBitsPerNonzero { get; init; }
    public double CsrPEq { get; init; }
    public double CscBitsPerNonzero { get; init; }
    public double CscPEq { get; init; }
    public double BitmaskPEq { get; init; }
    public double ModelPEq { get; init; }
}

/// <summary>What `kit cost table` writes (`--out`, `--json`): the model, its weight count, the seed and one row per rate and bit width.
/// Deterministic given the seed, so the committed results/costs/random-masks.json can be checked against a recomputation.</summary>
public sealed record RandomMaskReport
{
    public string Model { get; init; } = "lenet5";
    public long Weights { get; init; }
    public int Seed { get; init; }
    public List<RandomMaskRow> Rows { get; init; } = [];
}

/// <summary>
/// The random-mask storage table for LeNet-5 (430,500 weights, real per-layer GEMM shapes): at each rate
/// every layer keeps round(N_layer / rate) uniformly random weights (at least one), seeded per layer, so the
/// overall rate matches and a layer's mask does not depend on the other layers.
/// </summary>
public static class RandomMaskTable
{
    public static readonly (string name, int rows, int columns)[] LeNet5Shapes =
        [("conv1", 20, 25), ("conv2", 50, 500), ("fc1", 500, 800), ("fc2", 10, 500)];

    public static readonly double[] DefaultRates = [10, 100, 348];
    public static readonly int[] DefaultBits = [1, 2, 3, 4, 8];

    public static RandomMaskReport Report(IEnumerable<double> rates, IEnumerable<int> bitWidths, int seed) => new()
    {
        Weights = LeNet5Shapes.Sum(s => (long)s.rows * s.columns), Seed = seed, Rows = Build(rates, bitWidths, seed),
    };

    public static IReadOnlyList<CostLayer> Masks(double rate, int seed)
    {
        if (rate < 1) throw new KitException($"rate must be >= 1, got {rate}");
        return LeNet5Shapes.Select((s, i) =>
        {
            long n = (long)s.rows * s.columns;
            int nnz = (int)Math.Clamp(Math.Round(n / rate), 1, n);
            return new CostLayer(LayerMask.Random(s.name, s.rows, s.columns, nnz, SeedMix.Of(seed, s.name, rate)));
        }).ToList();
    }

    public static List<RandomMaskRow> Build(IEnumerable<double> rates, IEnumerable<int> bitWidths, int seed)
    {
        var rows = new List<RandomMaskRow>();
        foreach (var rate in rates)
        {
            var masks = Masks(rate, seed);
            foreach (var b in bitWidths)
            {
                var r = StorageAnalysis.Analyze(masks, b, ["relative", "csr", "csc"]);
                var t = r.Total;
                var largest = r.Layers.MaxBy(l => l.Weights)!;
                rows.Add(new RandomMaskRow
                {
                    Rate = rate, Bits = b, Nonzeros = t.Nonzeros, BestK = largest.IndexBits("relative")!.Value,
                    LayerK = r.Layers.ToDictionary(l => l.Name, l => l.IndexBits("relative")!.Value),
                    RelativeBitsPerNonzero = t.Format("relative")!.BitsPerNonzero, RelativePEq = t.Format("relative")!.PEq ?? 0,
                    CsrBitsPerNonzero = t.Format("csr")!.BitsPerNonzero, CsrPEq = t.Format("csr")!.PEq ?? 0,
                    CscBitsPerNonzero = t.Format("csc")!.BitsPerNonzero, CscPEq = t.Format("csc")!.PEq ?? 0,
                    BitmaskPEq = t.PEq["bitmask"],
                    ModelPEq = StorageBreakEven.ExpectedPEq(rate, b),
                });
            }
        }
        return rows;
    }
}
