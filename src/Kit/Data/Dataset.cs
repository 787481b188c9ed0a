using TorchSharp;
using static TorchSharp.torch;

namespace Kit.Data;

/// <summary>
/// Images as floats in [0,1] (N x C x H x W) and int64 labels, held in memory. Normalization is the
/// model's job (see <see cref="Models.Normalize"/>), so attacks and costs work in pixel units.
/// </summary>
public sealed class Dataset : IDisposable
{
    public string Name { get; }
    public Tensor Images { get; }
    public Tensor Labels { get; }
    public int Classes { get; }

    public Dataset(string name, Tensor images, Tensor labels, int classes)
    {
        if (images.shape[0] != labels.shape[0])
            throw new KitException($"{name}: {images.shape[0]} images but {labels.shape[0]} labels");
        Name = name; Images = images; Labels = labels; Classes = classes;
    }

    public int Count => (int)Images.shape[0];
    public long[] ImageShape => Images.shape[1..];

    /// <summary>The rows at the given indices (in that order), as a new dataset.</summary>
    public Dataset Select(long[] indices, string? name = null)
    {
        using var idx = tensor(indices, ScalarType.Int64);
        return new Dataset(name ?? Name, Images.index_select(0, idx), Labels.index_select(0, idx), Classes);
    }

    public void Dispose() { Images.Dispose(); Labels.Dispose(); }
}

/// <summary>Train (minus validation), validation (held out of the training files) and test sets.</summary>
public sealed record DataSplits(Dataset Train, Dataset Validation, Dataset Test, DatasetInfo Info) : IDisposable
{
    public void Dispose() { Train.Dispose(); Validation.Dispose(); Test.Dispose(); }
}

/// <summary>What a model needs to know about its input.</summary>
public sealed record DatasetInfo(string Name, int Channels, int Height, int Width, int Classes, float[] Mean, float[] Std);
