namespace Kit.Data;

/// <summary>
/// Which data and how much of it. Validation is always held out of the training files, never taken
/// from the test set. The split seed is separate from the training seed so every run of a study sees
/// the same validation images. Limits give quick modes (subsets) without changing the split.
/// </summary>
public sealed record DataOptions
{
    public string Dataset { get; init; } = "mnist";
    public int ValidationSize { get; init; } = 5000;
    public int? TrainLimit { get; init; }
    public int? ValidationLimit { get; init; }
    public int? TestLimit { get; init; }
    public int SplitSeed { get; init; } = 0;
    /// <summary>Keep only these classes (relabelled 0..k-1 in the given order), e.g. Fashion-MNIST 0-4.</summary>
    public int[]? Classes { get; init; }
    public string? DataDir { get; init; }
}
