using Kit.Data;

namespace Kit.Tests.Data;

public class SplitTests
{
    [Fact]
    public void Permutation_is_deterministic_and_a_permutation()
    {
        var a = DatasetRegistry.Permutation(1000, 7);
        Assert.Equal(a, DatasetRegistry.Permutation(1000, 7));
        Assert.NotEqual(a, DatasetRegistry.Permutation(1000, 8));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), a.OrderBy(x => x));
    }

    [Fact]
    public void Validation_is_held_out_of_training_and_quick_limits_apply()
    {
        using var s = DatasetRegistry.Load(new DataOptions { Dataset = "mnist", ValidationSize = 5000, TrainLimit = 3000, ValidationLimit = 500, TestLimit = 700 });
        Assert.Equal(3000, s.Train.Count);
        Assert.Equal(500, s.Validation.Count);
        Assert.Equal(700, s.Test.Count);
        // Validation rows are exactly the first 5,000 of the split permutation; training rows come after them.
        var perm = DatasetRegistry.Permutation(60000, 0);
        var (full, test) = MnistLoader.Load(Path.Combine(DataPaths.Resolve(), "mnist"), "mnist");
        using (full) using (test)
        {
            using var expectVal = full.Images.index_select(0, TorchSharp.torch.tensor(perm[..500]));
            using var expectTrain = full.Images.index_select(0, TorchSharp.torch.tensor(perm[5000..8000]));
            Assert.True(T.Same(expectVal, s.Validation.Images));
            Assert.True(T.Same(expectTrain, s.Train.Images));
        }
    }

    [Fact]
    public void Class_subset_is_relabelled_in_order()
    {
        using var s = DatasetRegistry.Load(new DataOptions { Dataset = "fashion-mnist", ValidationSize = 1000, Classes = [5, 6, 7, 8, 9] });
        Assert.Equal(5, s.Info.Classes);
        Assert.Equal(29000, s.Train.Count);
        Assert.Equal(5000, s.Test.Count);
        Assert.Equal(4, s.Train.Labels.max().item<long>());
    }

    [Fact]
    public void Bad_options_give_clear_errors()
    {
        Assert.Contains("unknown dataset 'imagenet'", Assert.Throws<KitException>(() => DatasetRegistry.Load(new DataOptions { Dataset = "imagenet" })).Message);
        Assert.Contains("validation size 60000", Assert.Throws<KitException>(() => DatasetRegistry.Load(new DataOptions { ValidationSize = 60000 })).Message);
        Assert.Contains("classes", Assert.Throws<KitException>(() => DatasetRegistry.Load(new DataOptions { Classes = [1, 1] })).Message);
        var e = Assert.Throws<DataFormatException>(() => DatasetRegistry.Load(new DataOptions { Dataset = "cifar10" }));
        Assert.Contains("cifar-10-batches-bin", e.Message);
    }
}
