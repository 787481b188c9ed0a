using Kit.Research.Claims;
using Kit.Robustness;

namespace Kit.Tests.Reproduction;

/// <summary>The rq5-robustness claim row: reproduced only when every claimed winner is irregular and irregular leads most columns over every dataset.</summary>
public class Rq5ClaimsTests
{
    [Fact]
    public void Irregular_claimed_and_leading_most_columns_is_reproduced()
    {
        using var d = new TempDir();
        var root = Rq5SummaryTests.WriteRunLayout(d);
        var row = Rq5Claims.Evaluate(d.Path, root)[0];
        Assert.Equal("rq5-robustness", row.Id);
        Assert.Equal(ClaimsAudit.Reproduced, row.Verdict);
        Assert.Contains("mnist PGD 0.1 irregular", row.Kit);
    }

    [Fact]
    public void A_second_dataset_where_irregular_trails_makes_it_mixed()
    {
        using var d = new TempDir();
        var root = Rq5SummaryTests.WriteRunLayout(d);
        // Fashion-MNIST: the same runs with irregular's robust accuracies 20 points lower (clean unchanged): it trails every attack column.
        foreach (var seed in new[] { "seed1", "seed2" })
        {
            var to = Path.Combine(root, "fashion-mnist", seed);
            Directory.CreateDirectory(to);
            foreach (var f in Directory.GetFiles(Path.Combine(root, seed), "attack-*.json"))
            {
                var r = AttackReport.Read(f);
                if (Path.GetFileName(f).Contains("irregular-model"))
                    r = r with { Points = r.Points.Select(p => p.Eps == 0 ? p : p with { RobustAccuracy = p.RobustAccuracy - 20 }).ToList() };
                File.WriteAllText(Path.Combine(to, Path.GetFileName(f)), Kit.IO.Json.Serialize(r));
            }
            foreach (var s in Directory.GetDirectories(Path.Combine(root, seed)))
            {
                Directory.CreateDirectory(Path.Combine(to, Path.GetFileName(s)));
                File.Copy(Path.Combine(s, "result.json"), Path.Combine(to, Path.GetFileName(s), "result.json"));
            }
        }
        var row = Rq5Claims.Evaluate(d.Path, root)[0];
        Assert.Equal(ClaimsAudit.Mixed, row.Verdict);
        Assert.DoesNotContain("fashion-mnist PGD 0.1 irregular", row.Kit);
    }
}
