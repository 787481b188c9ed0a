using Kit.Experiments;

namespace Kit.Tests.Experiments;

/// <summary>A shipped LeNet-5 spec shrunk to a few hundred images on one thread, for pipeline tests.</summary>
public static class TinySpecs
{
    public static CompressionSpec Named(string name) => SpecGrid.LeNet5().First(s => s.Name == name) with
    {
        Threads = 1,
        Data = new() { Dataset = "mnist", ValidationSize = 5000, TrainLimit = 300, ValidationLimit = 100, TestLimit = 200 },
    };
}
