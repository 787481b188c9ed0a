using Kit.Data;
using Kit.Experiments;
using Kit.Export;
using Kit.Models;
using Kit.Training;

namespace Kit.Tests.Experiments;

/// <summary>
/// `kit compress --dense` takes a compressed model file (a published study run's model.kitm) as well as a checkpoint:
/// a fresh clone has only the committed model files, and a run continued from one must equal the run continued from
/// the checkpoint it was exported from.
/// </summary>
[Collection("torch")]
public class DenseFromModelFileTests
{
    [Fact]
    public void A_run_started_from_the_exported_file_equals_the_run_started_from_the_checkpoint()
    {
        var dir = Directory.CreateTempSubdirectory("kit-dense-kitm-");
        try
        {
            TorchRuntime.Start(1);
            var ckpt = Path.Combine(dir.FullName, "dense.pt");
            var kitm = Path.Combine(dir.FullName, "dense.kitm");
            using (var model = ModelRegistry.Create("lenet5", DatasetRegistry.Info("mnist"), seed: 7))
            {
                var info = Checkpoint.Save(model, ckpt, new CheckpointInfo { Dataset = "mnist", Seed = 7 });
                ModelFileWriter.Write(model, info, "dense", bits: null, kitm);
            }
            // dense.json (the checkpoint's sidecar) sits beside dense.kitm, as model.json beside a study run's model.kitm:
            // it describes dense.pt, not the model file.

            var spec = TinySpecs.Named("lenet5-mnist-irregular-50x-float");
            var fromPt = CompressionPipeline.Run(spec, Path.Combine(dir.FullName, "pt"), new CompressionOptions { Quick = true, DenseCheckpoint = ckpt });
            var fromKitm = CompressionPipeline.Run(spec, Path.Combine(dir.FullName, "kitm"), new CompressionOptions { Quick = true, DenseCheckpoint = kitm });

            Assert.Equal(fromPt.DenseAccuracy, fromKitm.DenseAccuracy);
            Assert.Equal(fromPt.Accuracy, fromKitm.Accuracy);
            Assert.Equal(Kit.IO.AtomicFile.Sha256(Path.Combine(dir.FullName, "pt", "model.pt")),
                         Kit.IO.AtomicFile.Sha256(Path.Combine(dir.FullName, "kitm", "model.pt")));
            Assert.EndsWith("dense.kitm", fromKitm.DenseSource);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void A_model_file_of_another_dataset_is_refused_by_name()
    {
        var dir = Directory.CreateTempSubdirectory("kit-dense-kitm-");
        try
        {
            TorchRuntime.Start(1);
            var kitm = Path.Combine(dir.FullName, "fashion.kitm");
            using (var model = ModelRegistry.Create("lenet5", DatasetRegistry.Info("fashion-mnist"), seed: 7))
                ModelFileWriter.Write(model, new CheckpointInfo { Dataset = "fashion-mnist", Seed = 7 }, "dense", bits: null, kitm);
            var outDir = Path.Combine(dir.FullName, "out");
            var e = Assert.Throws<KitException>(() => CompressionPipeline.Run(TinySpecs.Named("lenet5-mnist-irregular-50x-float"), outDir,
                new CompressionOptions { Quick = true, DenseCheckpoint = kitm }));
            Assert.Contains("fashion.kitm", e.Message);
            Assert.Contains("fashion-mnist", e.Message);
            Assert.False(Directory.Exists(outDir));
        }
        finally { dir.Delete(recursive: true); }
    }
}
