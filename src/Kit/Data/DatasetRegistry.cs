using static TorchSharp.torch;

namespace Kit.Data;

/// <summary>Datasets by name, each with its folder under data/ and its normalization statistics.</summary>
public static class DatasetRegistry
{
    sealed record Entry(string Folder, int Channels, int Size, float[] Mean, float[] Std, Func<string, (Dataset, Dataset)> Load);

    static readonly Dictionary<string, Entry> Entries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mnist"] = new("mnist", 1, 28, [0.1307f], [0.3081f], f => MnistLoader.Load(f, "mnist")),
        ["fashion-mnist"] = new("fashion-mnist", 1, 28, [0.2860f], [0.3530f], f => MnistLoader.Load(f, "fashion-mnist")),
        ["cifar10"] = new("cifar-10-batches-bin", 3, 32, [0.4914f, 0.4822f, 0.4465f], [0.2470f, 0.2435f, 0.2616f], Cifar10Reader.Load),
    };

    public static IReadOnlyCollection<string> Names => Entries.Keys;

    public static DatasetInfo Info(string name, int[]? classes = null)
    {
        var e = Get(name);
        return new DatasetInfo(name.ToLowerInvariant(), e.Channels, e.Size, e.Size, classes?.Length ?? 10, e.Mean, e.Std);
    }

    static Entry Get(string name) => Entries.TryGetValue(name, out var e) ? e
        : throw new KitException($"unknown dataset '{name}' (known: {string.Join(", ", Entries.Keys)})");

    public static DataSplits Load(DataOptions o)
    {
        var e = Get(o.Dataset);
        if (o.ValidationSize < 0) throw new KitException($"validation size must be >= 0, got {o.ValidationSize}");
        var folder = Path.Combine(DataPaths.Resolve(o.DataDir), e.Folder);
        if (!Directory.Exists(folder)) throw new DataFormatException(folder, $"dataset folder for '{o.Dataset}' not found");
        var (train, test) = e.Load(folder);
        using (train)
        using (test)
        {
            var fullTrain = o.Classes is null ? train : FilterClasses(train, o.Classes);
            var fullTest = o.Classes is null ? test : FilterClasses(test, o.Classes);
            try
            {
                if (o.ValidationSize >= fullTrain.Count)
                    throw new KitException($"validation size {o.ValidationSize} leaves no training images (the training set has {fullTrain.Count})");
                var perm = Permutation(fullTrain.Count, o.SplitSeed);
                var valIdx = perm.Take(o.ValidationSize).Take(o.ValidationLimit ?? int.MaxValue).ToArray();
                var trainIdx = perm.Skip(o.ValidationSize).Take(o.TrainLimit ?? int.MaxValue).ToArray();
                var testIdx = Enumerable.Range(0, Math.Min(fullTest.Count, o.TestLimit ?? int.MaxValue)).Select(i => (long)i).ToArray();
                var name = e.Folder;
                return new DataSplits(
                    fullTrain.Select(trainIdx, name + "/train"),
                    fullTrain.Select(valIdx, name + "/validation"),
                    fullTest.Select(testIdx, name + "/test"),
                    Info(o.Dataset, o.Classes));
            }
            finally
            {
                if (!ReferenceEquals(fullTrain, train)) fullTrain.Dispose();
                if (!ReferenceEquals(fullTest, test)) fullTest.Dispose();
            }
        }
    }

    /// <summary>A seeded Fisher-Yates permutation; System.Random with a seed is stable across .NET versions.</summary>
    public static long[] Permutation(int n, int seed)
    {
        var p = new long[n];
        for (int i = 0; i < n; i++) p[i] = i;
        var rng = new Random(seed);
        for (int i = n - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    static Dataset FilterClasses(Dataset d, int[] classes)
    {
        if (classes.Length < 2 || classes.Distinct().Count() != classes.Length || classes.Any(c => c < 0 || c >= d.Classes))
            throw new KitException($"classes must be 2+ distinct labels in 0..{d.Classes - 1}, got [{string.Join(",", classes)}]");
        var labels = d.Labels.data<long>().ToArray();
        var map = new Dictionary<long, long>();
        for (int i = 0; i < classes.Length; i++) map[classes[i]] = i;
        var keep = Enumerable.Range(0, labels.Length).Where(i => map.ContainsKey(labels[i])).Select(i => (long)i).ToArray();
        using var idx = tensor(keep, ScalarType.Int64);
        var relabelled = tensor(keep.Select(i => map[labels[i]]).ToArray(), [keep.Length]);
        return new Dataset(d.Name, d.Images.index_select(0, idx), relabelled, classes.Length);
    }
}
