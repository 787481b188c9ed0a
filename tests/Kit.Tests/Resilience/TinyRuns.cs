using System.Text.Json.Nodes;
using Kit.Experiments;
using Kit.IO;

namespace Kit.Tests.Resilience;

/// <summary>Compression specs small enough to run in a few seconds (256 training images), with every phase present.</summary>
public static class TinyRuns
{
    /// <summary>Epoch units: dense 0-1, prune ADMM 2-3, masked retrain 4-5, quantize ADMM 6, quantize retrain 7.</summary>
    public const string CompressJson = """
    {
      "name": "tiny",
      "model": "lenet5",
      "data": { "dataset": "mnist", "validation_size": 5000, "train_limit": 256, "validation_limit": 128, "test_limit": 256 },
      "seed": 3,
      "threads": 1,
      "dense": { "train": { "lr": 0.02, "epochs": 2, "batch_size": 32 } },
      "prune": {
        "scheme": "irregular",
        "steps": [ { "rate": 5 } ],
        "admm": { "rho0": 0.01, "rho_growth": 1.5, "period_epochs": 1, "periods": 2, "train": { "lr": 0.01, "epochs": 1, "batch_size": 32 } },
        "retrain": { "lr": 0.01, "epochs": 2, "batch_size": 32 }
      },
      "quantize": {
        "bits": 3,
        "admm": { "rho0": 0.01, "period_epochs": 1, "periods": 1, "train": { "lr": 0.01, "epochs": 1, "batch_size": 32 } },
        "retrain": { "lr": 0.005, "epochs": 1, "batch_size": 32 }
      }
    }
    """;

    public static CompressionSpec Compress => Json.Parse<CompressionSpec>(CompressJson, "tiny spec");

    public static string Write(string path, CompressionSpec spec)
    {
        File.WriteAllText(path, Json.Serialize(spec));
        return path;
    }

    /// <summary>A result without what legitimately differs between two runs of one spec (clock times, the machine).</summary>
    public static JsonNode WithoutTimes(JsonNode node)
    {
        var copy = node.DeepClone();
        Strip(copy);
        return copy;
        static void Strip(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                foreach (var k in o.Select(p => p.Key).Where(k => k is "seconds" or "seconds_per_epoch" or "cpu_seconds" or "machine" or "timing" or "epoch_seconds" or "created").ToList())
                    o.Remove(k);
                foreach (var p in o) Strip(p.Value);
            }
            else if (n is JsonArray a) foreach (var x in a) Strip(x);
        }
    }

    public static JsonNode ReadJson(string path) => JsonNode.Parse(File.ReadAllText(path))!;
}
