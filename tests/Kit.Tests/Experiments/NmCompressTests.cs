using Kit.Experiments;
using Kit.Pruning;
using Kit.Tests.Resilience;
using Kit.Training;

namespace Kit.Tests.Experiments;

/// <summary>The 2:4 scheme through the whole pipeline: ADMM, hard mapping, masked retraining and quantization keep the pattern.</summary>
[Collection("torch")]
public class NmCompressTests
{
    [Fact]
    public void A_2_4_run_keeps_at_most_two_of_every_four_weights_along_each_row()
    {
        var dir = Directory.CreateTempSubdirectory("kit-nm-");
        try
        {
            var tiny = TinyRuns.Compress;
            var spec = tiny with { Prune = tiny.Prune! with { Scheme = PruningSchemes.Get("2:4"), Steps = [new() { Rate = 2 }] } };
            var outDir = Path.Combine(dir.FullName, "out");
            var r = CompressionPipeline.Run(spec, outDir);
            var (net, _) = Checkpoint.Load(Path.Combine(outDir, "model.pt"));
            using (net)
                foreach (var l in net.PrunableLayers)
                {
                    var w = TensorValues.ToArray(l.Weight);
                    for (int row = 0; row < l.Rows; row++)
                        for (int start = 0; start < l.Columns; start += 4)
                        {
                            int kept = Enumerable.Range(start, Math.Min(4, l.Columns - start)).Count(c => w[row * l.Columns + c] != 0);
                            Assert.True(kept <= 2, $"{l.Name} row {row} group at {start}: {kept} nonzero");
                        }
                }
            // conv1 keeps 13 of its 25 columns per row, the other layers exactly half: 430,500 / 215,260.
            Assert.InRange(r.OverallRate, 1.999, 2.01);
            Assert.All(r.Layers, l => Assert.Equal("2:4", l.PruningSet!.Scheme.Name));
        }
        finally { dir.Delete(recursive: true); }
    }
}
