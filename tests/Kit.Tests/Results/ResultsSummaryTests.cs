using Kit.Experiments;
using Kit.IO;
using Kit.Results;

namespace Kit.Tests.Results;

public class ResultsSummaryTests
{
    static void Write(string root, string name, long seed, double accuracy, bool quick = false)
    {
        var spec = SpecGrid.LeNet5().First(s => s.Name == "lenet5-mnist-irregular-100x-float") with { Name = name, Seed = seed };
        var dir = Path.Combine(root, $"{name}-seed{seed}");
        Directory.CreateDirectory(dir);
        AtomicFile.WriteWithChecksum(Path.Combine(dir, "result.json"), Json.Serialize(new CompressionResult
        {
            Name = name, Spec = spec, Quick = quick, Accuracy = accuracy, AccuracyAfterRetrain = accuracy + 0.1, DenseAccuracy = 99.2,
            OverallRate = 100, Bits = 32, SpecSha256 = SpecIdentity.Hash(spec),
        }));
    }

    [Fact]
    public void Seeds_of_one_experiment_form_one_row_with_mean_and_sample_sd()
    {
        var dir = Directory.CreateTempSubdirectory("kit-summary-");
        try
        {
            Write(dir.FullName, "a", 1, 98.0); Write(dir.FullName, "a", 2, 99.0); Write(dir.FullName, "a", 3, 98.5); Write(dir.FullName, "b", 1, 97.0);
            var rows = ResultsSummary.Summarize(dir.FullName);
            var a = rows.Single(r => r.Name == "a");
            Assert.Equal(3, a.Seeds);
            Assert.Equal(98.5, a.Final, 9);
            Assert.Equal(0.5, a.FinalSd, 9);          // sample sd of 98, 99, 98.5
            Assert.Equal(98.6, a.Pruned, 9);
            Assert.Equal(["a-seed1", "a-seed2", "a-seed3"], a.Runs);
            var b = rows.Single(r => r.Name == "b");
            Assert.True(double.IsNaN(b.FinalSd));
            var md = ResultsSummary.ToMarkdown(rows);
            Assert.Contains("| 98.50 ± 0.50 |", md);
            Assert.Contains("| 97.00 |", md);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void The_study_folder_and_study_trial_folders_are_left_to_their_own_summaries()
    {
        var dir = Directory.CreateTempSubdirectory("kit-summary-");
        try
        {
            Write(dir.FullName, "a", 1, 98.0);
            Write(Path.Combine(dir.FullName, ResultsSummary.StudyFolder), "study-x", 1, 97.0);
            Write(Path.Combine(dir.FullName, "studyish"), "c", 1, 96.0);
            Write(Path.Combine(dir.FullName, "study-lr03"), "lr03-x", 1, 97.5);   // a study trial's folder (`kit study compare`)
            Write(dir.FullName, "study-top", 1, 95.0);                            // a run folder at the top, not a study's
            Assert.Equal(["a", "c", "study-top"], ResultsSummary.Summarize(dir.FullName).Select(r => r.Name).Order());
            Assert.Equal(["study-x"], ResultsSummary.Summarize(Path.Combine(dir.FullName, ResultsSummary.StudyFolder)).Select(r => r.Name));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Quick_or_corrupt_results_are_refused_by_name()
    {
        var dir = Directory.CreateTempSubdirectory("kit-summary-");
        try
        {
            Write(dir.FullName, "q", 1, 90, quick: true);
            Assert.Contains("quick-mode", Assert.Throws<KitException>(() => ResultsSummary.Summarize(dir.FullName)).Message);
            Directory.Delete(Path.Combine(dir.FullName, "q-seed1"), true);
            Write(dir.FullName, "c", 1, 90);
            File.AppendAllText(Path.Combine(dir.FullName, "c-seed1", "result.json"), " ");
            Assert.Contains("corrupt", Assert.Throws<KitException>(() => ResultsSummary.Summarize(dir.FullName)).Message);
        }
        finally { dir.Delete(recursive: true); }
    }
}
