using System.Globalization;

namespace Kit.Research.ChangeOneThing;

/// <summary>
/// Notebook 00: test a committed model on another dataset's test images than the one it was trained on. The expected
/// effect, stated before the run: accuracy falls (the classes and images mean something else), and stays when the
/// "other" dataset is the model's own.
/// </summary>
public static class ChangeDataset
{
    public const string DefaultRun = "study-mnist-dense-seed1";

    public static OneChange Run(string repoRoot, string dataset = "fashion-mnist", string run = DefaultRun, int images = 500)
    {
        var committed = CommittedModel.Open(repoRoot, run);
        var (model, info) = committed.Load();
        using (model)
        {
            double own = CommittedModel.Accuracy(model, info.Dataset, info.Classes, images);
            double other = CommittedModel.Accuracy(model, dataset, info.Classes, images);
            var expected = dataset == info.Dataset ? Expectation.Stays : Expectation.Falls;
            return new OneChange("test dataset", info.Dataset, dataset,
                [new Effect($"test accuracy on the first {images.ToString("N0", CultureInfo.InvariantCulture)} test images (%)", own, other, expected, "F2")],
                $"Model: {committed.Shown}/model.kitm (trained on {info.Dataset}); both accuracies computed now.");
        }
    }
}
