using Kit.Costs;
using Kit.Study;

namespace Kit.Tests.Study;

/// <summary>
/// What `kit study bench` multiplies for each kind of model: the kernel a scheme maps to, and for a structured model
/// the coupled kept rows x kept columns, counted here by hand on a LeNet-5-shaped mask. No timing is asserted.
/// </summary>
[Collection("torch")]
public class ModelCpuBenchTests
{
    /// <summary>
    /// LeNet-5's GEMM views with a filter+column pattern whose shrunk shapes are known by hand:
    /// conv1 keeps filters 0-7 (all 25 columns) and filter 8, which no kept conv2 column reads (dead: removed);
    /// conv2 keeps rows 0-9 over the 200 columns of input channels 0-7, plus one weight in column 225 (channel 9,
    /// whose conv1 filter is empty: removed); fc1 keeps rows 0-29 over the 160 columns of conv2 channels 0-9;
    /// fc2 keeps columns 0-29. Expected: conv1 8 x 25, conv2 10 x 200, fc1 30 x 160, fc2 10 x 30.
    /// </summary>
    public static List<CostLayer> StructuredLeNet5()
    {
        static LayerMask Block(string name, int rows, int columns, int keepRows, int keepColumns, params int[] extra)
        {
            var idx = new List<int>();
            for (int r = 0; r < keepRows; r++)
                for (int c = 0; c < keepColumns; c++) idx.Add(r * columns + c);
            idx.AddRange(extra);
            return new LayerMask(name, rows, columns, idx.Distinct().Order().ToArray());
        }
        var conv1Dead = Enumerable.Range(8 * 25, 25).ToArray();
        return
        [
            new CostLayer(Block("conv1", 20, 25, 8, 25, conv1Dead), "conv2", 25, 576),
            new CostLayer(Block("conv2", 50, 500, 10, 200, 225), "fc1", 16, 64),
            new CostLayer(Block("fc1", 500, 800, 30, 160), "fc2", 1, 1),
            new CostLayer(Block("fc2", 10, 500, 10, 30), null, 1, 1),
        ];
    }

    public static readonly (int, int)[] StructuredShapes = [(8, 25), (10, 200), (30, 160), (10, 30)];

    [Theory]
    [InlineData("dense", CpuKernel.DenseFull)]
    [InlineData("irregular", CpuKernel.Csr)]
    [InlineData("2:4", CpuKernel.Csr)]
    [InlineData("filter", CpuKernel.DenseShrunk)]
    [InlineData("column", CpuKernel.DenseShrunk)]
    [InlineData("channel", CpuKernel.DenseShrunk)]
    [InlineData("filter_column", CpuKernel.DenseShrunk)]
    public void Each_scheme_runs_on_its_kernel(string scheme, CpuKernel kernel) =>
        Assert.Equal(kernel, ModelCpuBench.KernelFor(scheme));

    [Fact]
    public void An_unknown_scheme_is_an_error_naming_it() =>
        Assert.Contains("'blocky'", Assert.Throws<KitException>(() => ModelCpuBench.KernelFor("blocky")).Message);

    [Fact]
    public void A_structured_model_is_timed_on_its_coupled_shrunk_shapes()
    {
        var layers = StructuredLeNet5();
        Assert.Equal(StructuredShapes, ModelCpuBench.Shapes(layers, CpuKernel.DenseShrunk));
        var timed = ModelCpuBench.Measure(layers, CpuKernel.DenseShrunk, [1, 64], threads: 1, repeats: 2, warmup: 0);
        Assert.Equal([1, 64], timed.Select(b => b.Batch));
        foreach (var b in timed)
        {
            Assert.Equal(StructuredShapes, b.Layers.Select(l => (l.Rows, l.Columns)));
            Assert.Equal(StructuredShapes.Select(s => (long)s.Item1 * s.Item2), b.Layers.Select(l => l.Weights));
            Assert.Equal([576L, 64, 1, 1], b.Layers.Select(l => l.Positions));
            Assert.All(b.Layers, l => Assert.True(l.MedianUs > 0));
        }
    }

    [Fact]
    public void Csr_and_dense_models_keep_the_full_shapes_and_csr_reads_only_the_nonzeros()
    {
        var layers = StructuredLeNet5();
        var full = new[] { (20, 25), (50, 500), (500, 800), (10, 500) };
        Assert.Equal(full, ModelCpuBench.Shapes(layers, CpuKernel.Csr));
        Assert.Equal(full, ModelCpuBench.Shapes(layers, CpuKernel.DenseFull));
        var csr = ModelCpuBench.Measure(layers, CpuKernel.Csr, [1], threads: 1, repeats: 1, warmup: 0).Single();
        Assert.Equal([9L * 25, 10 * 200 + 1, 30 * 160, 10 * 30], csr.Layers.Select(l => l.Weights));
        var dense = ModelCpuBench.Measure(layers, CpuKernel.DenseFull, [1], threads: 1, repeats: 1, warmup: 0).Single();
        Assert.Equal([500L, 25_000, 400_000, 5_000], dense.Layers.Select(l => l.Weights));
    }

    [Fact]
    public void A_layer_a_structured_model_removes_entirely_costs_nothing()
    {
        // fc1 without a nonzero: fc2 reads nothing (its columns die), and conv2's outputs, read by no kept fc1 column,
        // die too, and so conv1's: the coupling empties the whole chain, and nothing is multiplied.
        var layers = StructuredLeNet5();
        layers[2] = layers[2] with { Mask = new LayerMask("fc1", 500, 800, []) };
        Assert.All(ModelCpuBench.Shapes(layers, CpuKernel.DenseShrunk), s => Assert.Equal((0, 0), s));
        var b = ModelCpuBench.Measure(layers, CpuKernel.DenseShrunk, [1], threads: 1, repeats: 1, warmup: 0).Single();
        Assert.All(b.Layers, l => Assert.Equal(0, l.MedianUs));
        Assert.Equal(0, b.MedianUs);
    }

    [Fact]
    public void Quantiles_interpolate_between_order_statistics()
    {
        Assert.Equal(3, Statistics.Quantile([5, 1, 3], 0.5));
        Assert.Equal(2.5, Statistics.Quantile([4, 1, 3, 2], 0.5));
        Assert.Equal(1.75, Statistics.Quantile([4, 1, 3, 2], 0.25));
    }
}
