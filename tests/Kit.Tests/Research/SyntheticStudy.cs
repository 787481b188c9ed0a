using System.Text.Json.Nodes;
using Kit.Experiments;
using Kit.IO;
using Kit.Research;

namespace Kit.Tests.Research;

/// <summary>
/// A results folder written by hand: RESULTS/study/STUDY-... run folders laid out as `kit study run` publishes them
/// (result.json with its SHA-256 sidecar and a cost.json; dense runs a metrics.json), with numbers the tests choose, so
/// every mean, sd, front and margin the builders report can be computed by hand.
/// </summary>
public sealed class SyntheticStudy : IDisposable
{
    readonly TempDir dir = new();
    public string Results => dir.File("results");
    public string StudyDir => Path.Combine(Results, "study");

    /// <summary>One layer of a run's cost.json.</summary>
    public sealed record Layer(string Name, long Weights, long Nonzeros, int CsrK, long CsrFillers, int RelativeK, long RelativeFillers);

    public void Dense(string dataset, long seed, double accuracy)
    {
        var folder = Path.Combine(StudyDir, $"study-{dataset}-dense-seed{seed}");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "metrics.json"),
            new JsonObject { ["spec"] = new JsonObject { ["data"] = new JsonObject { ["dataset"] = dataset }, ["seed"] = seed }, ["test_accuracy"] = accuracy }.ToJsonString());
    }

    /// <summary>
    /// A compressed run: its storage totals are exactly the given bits (structured, CSR, relative; dense = weights * bits),
    /// so the cheapest exact format is the smallest of them.
    /// </summary>
    public string Run(string dataset, string chain, string scheme, string method, double rate, int bits, long seed, double accuracy,
        long structuredBits, long csrBits, long relativeBits, long nonzeros = 1000, long weights = 430500,
        double afterMapping = 90, double afterRetrain = 95, IReadOnlyList<Layer>? layers = null)
    {
        string name = $"study-{dataset}-{chain}-{rate:G}x{(bits < 32 ? $"-{bits}bit" : "")}";
        string folder = Path.Combine(StudyDir, $"{name}-seed{seed}");
        Directory.CreateDirectory(folder);
        var b = ReproContext.Shipped("lenet5-mnist-irregular-100x-float");
        var spec = b with
        {
            Name = name, Seed = seed, Data = b.Data with { Dataset = dataset },
            Prune = b.Prune! with { Scheme = Kit.Pruning.PruningSchemes.Get(scheme), Method = method == "admm" ? PruneMethod.Admm : PruneMethod.Magnitude },
        };
        var result = new CompressionResult
        {
            Name = name, Spec = spec, Accuracy = accuracy, OverallRate = rate, TargetRate = rate, Bits = bits,
            AccuracyAfterMapping = afterMapping, AccuracyAfterRetrain = afterRetrain, Weights = weights, Nonzero = nonzeros,
            SpecSha256 = $"{name}-seed{seed}", // unique per run: merge tells runs apart by it
        };
        AtomicFile.WriteWithChecksum(Path.Combine(folder, "result.json"), Json.Serialize(result));
        layers ??= [new Layer("fc1", weights, nonzeros, 8, 10, 8, 20)];
        JsonObject Format(long total, long fillers) => new() { ["total_bits"] = total, ["fillers"] = fillers };
        var cost = new JsonObject
        {
            ["model"] = name, ["bits"] = bits,
            ["storage"] = new JsonObject
            {
                ["total"] = new JsonObject
                {
                    ["weights"] = weights, ["nonzeros"] = nonzeros, ["dense_bits"] = weights * bits, ["structured_bits"] = structuredBits,
                    ["dense"] = new JsonObject { ["total_bits"] = weights * bits },
                    ["csr"] = Format(csrBits, layers.Sum(l => l.CsrFillers)), ["relative"] = Format(relativeBits, layers.Sum(l => l.RelativeFillers)),
                },
                ["layers"] = new JsonArray(layers.Select(l => (JsonNode)new JsonObject
                {
                    ["name"] = l.Name, ["weights"] = l.Weights, ["nonzeros"] = l.Nonzeros,
                    ["csr"] = new JsonObject { ["index_bits"] = l.CsrK, ["fillers"] = l.CsrFillers },
                    ["relative"] = new JsonObject { ["index_bits"] = l.RelativeK, ["fillers"] = l.RelativeFillers },
                }).ToArray()),
            },
        };
        File.WriteAllText(Path.Combine(folder, "cost.json"), cost.ToJsonString());
        return folder;
    }

    public void Dispose() => dir.Dispose();
}
