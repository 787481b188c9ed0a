using static TorchSharp.torch;

namespace Kit.Data;

/// <summary>MNIST and Fashion-MNIST (identical IDX layout): 28x28 grey images, labels 0..9.</summary>
internal static class MnistLoader
{
    public static (Dataset train, Dataset test) Load(string folder, string name)
    {
        var train = LoadPair(folder, "train", name + "/train");
        try { return (train, LoadPair(folder, "t10k", name + "/test")); }
        catch { train.Dispose(); throw; }
    }

    public static Dataset LoadPair(string folder, string prefix, string name)
    {
        var imagesPath = Find(folder, $"{prefix}-images-idx3-ubyte");
        var labelsPath = Find(folder, $"{prefix}-labels-idx1-ubyte");
        var images = Idx.Read(imagesPath, 3, [28, 28]);
        var labels = Idx.Read(labelsPath, 1);
        return FromIdx(images, labels, imagesPath, labelsPath, name);
    }

    public static Dataset FromIdx(IdxArray images, IdxArray labels, string imagesPath, string labelsPath, string name, int classes = 10)
    {
        if (images.Count != labels.Count)
            throw new DataFormatException(labelsPath, $"has {labels.Count} labels but {imagesPath} has {images.Count} images");
        for (int i = 0; i < labels.Data.Length; i++)
            if (labels.Data[i] >= classes)
                throw new DataFormatException(labelsPath, $"label {labels.Data[i]} at index {i} is outside 0..{classes - 1}");
        int n = images.Count, h = images.Dims[1], w = images.Dims[2];
        var pixels = new float[images.Data.Length];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = images.Data[i] / 255f;
        var x = tensor(pixels, [n, 1, h, w]);
        var y = tensor(labels.Data.Select(b => (long)b).ToArray(), [n]);
        return new Dataset(name, x, y, classes);
    }

    // Accepts the gzipped files the repo ships and raw ones a user may drop in.
    static string Find(string folder, string stem)
    {
        foreach (var candidate in new[] { stem + ".gz", stem })
        {
            var p = Path.Combine(folder, candidate);
            if (File.Exists(p)) return p;
        }
        throw new DataFormatException(Path.Combine(folder, stem + ".gz"), "file not found");
    }
}
