using Kit.Costs;
using Kit.IO;
using Kit.Results;

namespace Kit.Tests.Results;

/// <summary>`kit bench summary`'s sparse block: the CSR kernel's figures come from the committed `kit bench sparse` JSON, with its load.</summary>
public class SparseBenchSummaryTests
{
    static SparseBenchRow Row(string shape, string mask, int batch, double density, double full, double shrunk, double sparse) => new()
    {
        Shape = shape, Mask = mask, Batch = batch, Threads = 1, Density = density, DenseFullUs = full, DenseShrunkUs = shrunk, SparseUs = sparse,
        SpeedupVsDense = full / sparse, SparseOverShrunk = sparse / shrunk,
    };

    static SparseBenchReport Report(string? loadBefore = "3.50 2.00 1.00 1/100 1", string? loadAfter = "1.25 2.00 1.00 1/100 1") => new()
    {
        Machine = new MachineInfo("h", "os", "X64", 2, "Some CPU", "rt", 1), Runs = 31, OmpWaitPolicy = "PASSIVE", Nice = 10,
        LoadBefore = loadBefore, LoadAfter = loadAfter, WallSeconds = 10, CpuSeconds = 2.5, Model = "results/study/run/model.kitm",
        Rows =
        [
            Row("lenet5-conv2", "random", 64, 0.5, 3000, 1500, 4000),
            Row("lenet5-conv2", "random", 64, 0.05, 3000, 150, 300),
            Row("lenet5-conv2", "model:conv2", 64, 0.0308, 3644, 318, 309),
            Row("lenet5-fc1", "model:fc1", 1, 0.0077, 35, 1.2, 2.5),
        ],
        BreakEven =
        [
            new BreakEvenRow { Shape = "lenet5-conv2", Batch = 64, Threads = 1, Density = 0.34, Rate = 1 / 0.34, ModelDensity = 0.3 },
            new BreakEvenRow { Shape = "lenet5-fc1", Batch = 1, Threads = 1, Density = 0.9, Bound = "above", ModelDensity = null },
        ],
    };

    [Fact]
    public void Real_masks_break_even_and_load_come_from_the_file()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("sparse-x.json"), Json.Serialize(Report()));
        File.WriteAllText(dir.File("a-raw.json"), """{ "compare_raw": [] }""");   // another benchmark's file: not this block's
        var md = SparseBenchSummary.ToMarkdown(dir.Path);
        Assert.StartsWith("`results/bench/sparse-x.json` (kit ", md);
        Assert.Contains("Some CPU, 2 cores; median of 31 timed calls after 3 warm-ups, in microseconds; OMP_WAIT_POLICY=PASSIVE, nice 10).", md);
        // Load 3.50 > 2 cores at the start; 2.5 CPU seconds of 10 wall seconds = 25%.
        Assert.Contains("The 1-minute load average was 3.50 at the start and 1.25 at the end on this 2-core machine: busier than its cores, so every time is an upper bound", md);
        Assert.Contains("The process was on a CPU for 2.5 s of its 10.0 s (25% of one core; threads timed: 1).", md);
        Assert.Contains("Real masks of `results/study/run/model.kitm`", md);
        // 3644 / 309 = 11.79; 309 / 318 = 0.97; 35 / 2.5 = 14.0; 2.5 / 1.2 = 2.08.
        Assert.Contains("| conv2 | lenet5-conv2 (50x500) | 3.08% | 64 | 1 | 3,644 | 318 | 309 | 11.8x | 0.97 |", md);
        Assert.Contains("| fc1 | lenet5-fc1 (500x800) | 0.77% | 1 | 1 | 35.0 | 1.2 | 2.5 | 14.0x | 2.08 |", md);
        Assert.DoesNotContain("| random |", md);
        Assert.Contains("between the random masks' densities 50.0%, 5.0%;", md);
        Assert.Contains("| lenet5-conv2 (50x500) | 64 | 1 | 34.0% | 30.0% |", md);
        Assert.Contains("| lenet5-fc1 (500x800) | 1 | 1 | >= 90.0% | never |", md);
    }

    [Fact]
    public void A_quiet_machine_and_an_unrecorded_load_say_so()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("s.json"), Json.Serialize(Report("0.50 0.4 0.3 1/1 1", "2.00 0.4 0.3 1/1 1")));
        Assert.Contains("0.50 at the start and 2.00 at the end on this 2-core machine: at most its cores.", SparseBenchSummary.ToMarkdown(dir.Path));
        File.WriteAllText(dir.File("s.json"), Json.Serialize(Report(loadBefore: null)));
        Assert.Contains("The load average was not recorded", SparseBenchSummary.ToMarkdown(dir.Path));
    }

    [Fact]
    public void No_file_says_so_and_a_broken_file_is_named()
    {
        using var dir = new TempDir();
        Assert.Equal("No `kit bench sparse` result is in `results/bench/` yet.\n", SparseBenchSummary.ToMarkdown(dir.File("missing")));
        var bad = dir.File("bad.json");
        File.WriteAllText(bad, "{ \"break_even\": [");
        Assert.Contains($"{bad}: not valid JSON", Assert.Throws<KitException>(() => SparseBenchSummary.ToMarkdown(dir.Path)).Message);
        File.WriteAllText(bad, """{ "break_even": [], "rows": "many" }""");
        Assert.Contains($"{bad}: invalid JSON at field 'rows'", Assert.Throws<KitException>(() => SparseBenchSummary.ToMarkdown(dir.Path)).Message);
        File.WriteAllText(bad, """{ "break_even": [] }""");
        Assert.Equal($"{bad}: no rows", Assert.Throws<KitException>(() => SparseBenchSummary.ToMarkdown(dir.Path)).Message);
    }

    [Fact]
    public void The_committed_sparse_benchmark_times_committed_masks()
    {
        var root = Kit.Tests.Experiments.SpecTests.RepoRoot();
        var expected = SparseBenchSummary.ToMarkdown(Path.Combine(root, "results", "bench"));
        Assert.Contains("results/study/", expected);   // a committed model's masks, not an uncommitted checkpoint
    }
}
