using Kit.Study;

namespace Kit.Tests.Study;

public class VerdictSummaryTests
{
    static StudyRun Run(string exp, string ds, string scheme, double rate, int bits, double acc, long storage) =>
        new($"results/study/{exp}-seed1", exp, ds, scheme, "admm", rate, bits, 1, acc, storage, scheme == "irregular" ? "csr" : "structured");

    [Fact]
    public void The_paragraph_counts_the_cells_each_kind_of_scheme_wins()
    {
        var dense = new Dictionary<string, double> { ["mnist"] = 99.2 };
        var runs = new List<StudyRun>
        {
            // float: irregular stores less; 3 bit: filter_column stores less; both within 0.3 and 1.0.
            Run("i", "mnist", "irregular", 100, 32, 99.1, 100_000), Run("f", "mnist", "filter_column", 20, 32, 99.1, 500_000),
            Run("i3", "mnist", "irregular", 100, 3, 99.1, 30_000), Run("f3", "mnist", "filter_column", 20, 3, 99.1, 20_000),
        };
        var rows = Verdict.Build(runs, dense, [0.3, 1.0]);
        var md = VerdictSummary.ToMarkdown(rows, "results/study");
        Assert.Contains("of 4 (bits, tolerance) cells where at least two schemes stay within tolerance, non-structured (irregular) pruning stores least in 2 (at float) and structured pruning (filter, column) in 2", md);
        Assert.Contains("| mnist | 3 bit | 0.3 | filter_column (admm) | 20.0x | 99.10 | 1 | 20,000 | structured | irregular 100.0x | 1.50x | 1 seed |", md);
        Assert.Contains("CPU compute is not part of this verdict yet", md);
        Assert.StartsWith("**Study in progress: 4 of its 10 planned runs are published**", VerdictSummary.ToMarkdown(rows, "results/study", (4, 10)));
        Assert.DoesNotContain("in progress", VerdictSummary.ToMarkdown(rows, "results/study", (10, 10)));
    }

    [Fact]
    public void N_to_M_is_counted_apart_from_the_structured_side()
    {
        var dense = new Dictionary<string, double> { ["mnist"] = 99.2 };
        var runs = new List<StudyRun>
        {
            // float: 2:4 stores least (N:M wins the cell); 4 bit: filter_column stores least, 2:4 runner-up.
            Run("i", "mnist", "irregular", 100, 32, 99.1, 900_000), Run("f", "mnist", "filter_column", 20, 32, 99.1, 800_000), Run("n", "mnist", "2:4", 2, 32, 99.1, 700_000),
            Run("i4", "mnist", "irregular", 100, 4, 99.1, 90_000), Run("f4", "mnist", "filter_column", 20, 4, 99.1, 20_000), Run("n4", "mnist", "2:4", 2, 4, 99.1, 60_000),
        };
        var md = VerdictSummary.ToMarkdown(Verdict.Build(runs, dense, [0.3]), "results/study");
        Assert.Contains("of 2 (bits, tolerance) cells where at least two schemes stay within tolerance, non-structured (irregular) pruning stores least in none, " +
            "structured pruning (filter, column) in 1 and N:M (semi-structured, neither side of the paper's comparison) in 1;", md);
    }

    [Fact]
    public void Without_runs_the_block_says_so()
    {
        Assert.StartsWith("No run of the study is in `results/study/` yet", VerdictSummary.ToMarkdown([], "results/study"));
    }
}
