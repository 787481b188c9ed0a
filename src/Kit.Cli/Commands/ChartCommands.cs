using System.CommandLine;
using Kit.Charts;
using Kit.Data;
using Kit.Results;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit charts ...`: figures as offline HTML pages plus their CSV tables, without a notebook kernel.</summary>
public static class ChartCommands
{
    public static IEnumerable<Command> Create()
    {
        var charts = new Command("charts", "figures as offline HTML pages with their CSV tables");
        charts.Subcommands.Add(DataBalance());
        yield return charts;
    }

    /// <summary>Training images per class of the shipped datasets: the tour's chart, and the page CI renders in a browser.</summary>
    static Command DataBalance()
    {
        var data = DataDir();
        var output = new Option<string>("--out") { Description = "output folder (data-balance.html, data-balance.csv, index.html)", DefaultValueFactory = _ => "artifacts/charts" };
        var cmd = new Command("data-balance", "training images per class of MNIST and Fashion-MNIST") { data, output };
        cmd.SetAction(r => Guard(() =>
        {
            var dir = DataPaths.Resolve(r.GetValue(data));
            var outDir = r.GetValue(output)!;
            string[] datasets = ["mnist", "fashion-mnist"];
            var counts = datasets.Select(ds =>
            {
                var labels = Idx.Read(Path.Combine(dir, ds, "train-labels-idx1-ubyte.gz"), expectedRank: 1);
                var c = new double[10];
                foreach (var b in labels.Data)
                {
                    if (b > 9) throw new KitException($"{ds}: label {b} outside 0..9");
                    c[b]++;
                }
                return (Name: ds, Counts: c);
            }).ToList();
            var classes = Enumerable.Range(0, 10).Select(i => i.ToString()).ToArray();
            var rows = Enumerable.Range(0, 10).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
            {
                ["class"] = (double)i, [datasets[0]] = counts[0].Counts[i], [datasets[1]] = counts[1].Counts[i],
            }).ToList();
            Csv.Save(ResultTable.FromRows(rows), Path.Combine(outDir, "data-balance.csv"));
            var chart = KitCharts.Bars(classes, counts.Select(c => (c.Name, c.Counts)).ToList(), "Training images per class", "images");
            var caption = string.Join("; ", counts.Select(c => $"{c.Name}: {c.Counts.Sum():F0} images, {c.Counts.Min():F0} to {c.Counts.Max():F0} per class"));
            ChartPage.Write(Path.Combine(outDir, "data-balance.html"), "Training images per class", [(chart, caption)]);
            IndexPage.WriteFor(outDir, "kit charts");
            Console.WriteLine(caption);
            Console.WriteLine($"wrote {Path.Combine(outDir, "data-balance.html")}, data-balance.csv and index.html");
            return 0;
        }));
        return cmd;
    }
}
