using Kit.Experiments;
using Kit.IO;
using Kit.Pruning;

namespace Kit.Transfer;

/// <summary>
/// The shipped transfer specs (specs/transfer/*.json is the output of `kit transfer-specs`; a test checks
/// the committed files match). Task pairs: MNIST -> Fashion-MNIST, Fashion-MNIST -> MNIST, Fashion-MNIST
/// classes 0-4 -> 5-9; each with irregular, column and filter_column pruning at the same overall rate
/// (10x, float weights), so target accuracy can be compared across structures at equal rate and bits.
/// The source is the LeNet-5 grid's filter_column 10x spec with only the scheme and data changed.
/// </summary>
public static class TransferSpecGrid
{
    public const double Rate = 10;
    public static readonly PruningScheme[] Schemes = [.. new[] { "irregular", "column", "filter_column" }.Select(n => PruningSchemes.Get(n))];

    static readonly (string tag, string src, int[]? srcClasses, string dst, int[]? dstClasses)[] Pairs =
    [
        ("mnist-to-fashion-mnist", "mnist", null, "fashion-mnist", null),
        ("fashion-mnist-to-mnist", "fashion-mnist", null, "mnist", null),
        ("fashion-mnist-0-4-to-5-9", "fashion-mnist", [0, 1, 2, 3, 4], "fashion-mnist", [5, 6, 7, 8, 9]),
    ];

    public static IEnumerable<TransferSpec> All()
    {
        foreach (var (tag, src, srcClasses, dst, dstClasses) in Pairs)
            foreach (var scheme in Schemes)
            {
                var schemeTag = scheme.Name;
                var baseSpec = SpecGrid.LeNet5().First(s => s.Name == $"lenet5-{src}-filter_column-10x-float");
                var name = $"transfer-{tag}-{schemeTag}-10x";
                yield return new TransferSpec
                {
                    Name = name,
                    Description = $"LeNet-5: {schemeTag} pruning to {Rate}x on {Describe(src, srcClasses)}, then fine-tuning on {Describe(dst, dstClasses)} (masks frozen / re-pruned by ADMM / dense reference)",
                    Source = baseSpec with
                    {
                        Name = name + "-source",
                        Description = $"source of {name}",
                        Data = baseSpec.Data with { Dataset = src, Classes = srcClasses },
                        Prune = baseSpec.Prune! with { Scheme = scheme, Steps = [new() { Rate = Rate }] },
                    },
                    Target = baseSpec.Data with { Dataset = dst, Classes = dstClasses },
                };
            }
    }

    static string Describe(string ds, int[]? classes) => classes is null ? ds : $"{ds} classes {classes[0]}-{classes[^1]}";

    public static List<string> Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (var s in All())
        {
            var path = Path.Combine(folder, s.Name + ".json");
            AtomicFile.WriteAllText(path, Json.Serialize(s) + "\n");
            paths.Add(path);
        }
        return paths;
    }
}
