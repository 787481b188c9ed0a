using System.Globalization;
using Kit.Data;
using Kit.IO;
using Kit.Experiments;
using Kit.Training;

namespace Kit.Study;

public enum StudyNodeKind { Dense, Prune, Quantize }

/// <summary>
/// One run of a study: a dense model, one prune step continuing its parent's model, or one quantization of a
/// pruned model. Its run folder (`results/NAME-seedS`) has the same layout as every committed run.
/// </summary>
public sealed record StudyNode
{
    public required string Name { get; init; }
    public required long Seed { get; init; }
    public required StudyNodeKind Kind { get; init; }
    public required string Dataset { get; init; }
    public string? Chain { get; init; }
    public double? Rate { get; init; }
    /// <summary>32 = float.</summary>
    public int Bits { get; init; } = 32;
    public StudyNode? Parent { get; init; }
    /// <summary>The dense node's training run.</summary>
    public TrainSpec? Train { get; init; }
    /// <summary>A prune or quantize node's run (started with `--dense` = the parent's model).</summary>
    public CompressionSpec? Compress { get; init; }
    /// <summary>Training epochs of this node alone (from its schedule).</summary>
    public required int Epochs { get; init; }

    public string Folder => $"{Name}-seed{Seed}";

    /// <summary>The dense run as it is trained: quick mode uses the data subsets and epoch caps of a quick compression run, so a quick study stays seconds long.</summary>
    public TrainSpec DenseRun(bool quick) => !quick ? Train! : Train! with
    {
        Data = Train!.Data with { TrainLimit = 2000, ValidationLimit = 500, TestLimit = 2000 },
        Train = Train!.Train with { Epochs = Math.Min(Train!.Train.Epochs, 2) },
    };
    /// <summary>Epochs from scratch to this node along its chain: what it would cost run on its own.</summary>
    public int PathEpochs => Epochs + (Parent?.PathEpochs ?? 0);
    /// <summary>Lanes share work by unit: everything of one (dataset, seed, chain); dense nodes have no unit.</summary>
    public string? Unit => Chain is null ? null : $"{Dataset}/{Seed}/{Chain}";
}

/// <summary>
/// The nodes of a <see cref="StudySpec"/> in dependency order, with what sharing saves: every reported model run on
/// its own would retrain its whole chain from scratch; the plan trains each prefix once.
/// </summary>
public sealed class StudyPlan
{
    public StudySpec Spec { get; }
    public IReadOnlyList<StudyNode> Nodes { get; }

    StudyPlan(StudySpec spec, List<StudyNode> nodes) { Spec = spec; Nodes = nodes; }

    public int SharedEpochs => Nodes.Sum(n => n.Epochs);
    public int UnsharedEpochs => Nodes.Where(n => n.Kind != StudyNodeKind.Dense).Sum(n => n.PathEpochs);

    public static StudyPlan Of(StudySpec spec)
    {
        spec.Validate();
        var nodes = new List<StudyNode>();
        // Every dataset's first seed before any dataset's second: one seed per dataset already gives the verdict all its
        // rows, further seeds give their spread, so a study stopped halfway still answers for every dataset.
        var units = spec.Datasets.SelectMany((ds, d) => ds.Seeds.Select((seed, rank) => (ds, seed, rank, d)))
            .OrderBy(u => u.rank).ThenBy(u => u.d);
        foreach (var (ds, seed, _, _) in units)
            {
                string dataset = ds.Dataset.ToLowerInvariant();
                var data = new DataOptions { Dataset = dataset, ValidationSize = ds.ValidationSize };
                var dense = new StudyNode
                {
                    Name = $"{spec.Name}-{dataset}-dense", Seed = seed, Kind = StudyNodeKind.Dense, Dataset = dataset,
                    Train = new TrainSpec { Model = spec.Model, Data = data, Train = spec.Dense, Seed = seed, Threads = 1 },
                    Epochs = spec.Dense.Epochs,
                };
                var chains = spec.Chains.Where(c => c.Datasets is null || c.Datasets.Contains(dataset, StringComparer.OrdinalIgnoreCase))
                    .Where(c => c.Seeds is null || c.Seeds.Contains(seed)).ToList();
                if (chains.Count == 0) continue;
                nodes.Add(dense);
                foreach (var chain in chains) nodes.AddRange(ChainNodes(spec, chain, dense, data, seed));
            }
        var duplicate = nodes.GroupBy(n => n.Folder).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new KitException($"two runs of the study would share the folder {duplicate.Key}: rename a chain");
        return new StudyPlan(spec, nodes);
    }

    static IEnumerable<StudyNode> ChainNodes(StudySpec spec, StudyChain chain, StudyNode dense, DataOptions data, long seed)
    {
        var template = chain.Prune ?? spec.Prune;
        var parent = dense;
        var pruned = new List<StudyNode>();
        foreach (var rate in chain.Rates)
        {
            var prune = template with { Scheme = chain.Scheme, Method = chain.Method, Steps = [new PruneStepSpec { Rate = rate }] };
            string name = $"{spec.Name}-{data.Dataset}-{chain.Name}-{Rate(rate)}x";
            var node = new StudyNode
            {
                Name = name, Seed = seed, Kind = StudyNodeKind.Prune, Dataset = data.Dataset, Chain = chain.Name, Rate = rate, Parent = parent,
                Compress = new CompressionSpec
                {
                    Name = name,
                    Description = $"study {spec.Name}: {chain.Scheme.Name} {Json.Serialize(chain.Method).Trim('"')} pruning to {Rate(rate)}x, one step continuing {parent.Name} (its support kept)",
                    Model = spec.Model, Data = data, Seed = seed, Threads = 1,
                    Dense = new DenseSpec { Train = spec.Dense },
                    Prune = prune,
                    Start = Start(parent, chain),
                },
                Epochs = PlannedEpochs.PruneStep(prune, 0),
            };
            pruned.Add(node);
            parent = node;
        }
        foreach (var node in pruned)
            yield return node;
        foreach (var node in pruned.Where(n => chain.QuantizeAt?.Contains(n.Rate!.Value) == true))
            foreach (var bits in spec.Bits)
            {
                string name = $"{node.Name}-{bits}bit";
                var quantize = spec.Quantize with { Bits = bits };
                yield return new StudyNode
                {
                    Name = name, Seed = seed, Kind = StudyNodeKind.Quantize, Dataset = data.Dataset, Chain = chain.Name, Rate = node.Rate, Bits = bits, Parent = node,
                    Compress = new CompressionSpec
                    {
                        Name = name,
                        Description = $"study {spec.Name}: {node.Name} quantized to {bits}-bit weights (its support kept)",
                        Model = spec.Model, Data = data, Seed = seed, Threads = 1,
                        Dense = new DenseSpec { Train = spec.Dense },
                        Quantize = quantize,
                        Start = Start(node, chain),
                    },
                    Epochs = QuantizeEpochs(quantize),
                };
            }
    }

    static StartSpec Start(StudyNode parent, StudyChain chain) => parent.Kind == StudyNodeKind.Dense
        ? new StartSpec { Run = parent.Name }
        : new StartSpec { Run = parent.Name, Scheme = chain.Scheme.Name, Method = chain.Method, Rate = parent.Rate };

    /// <summary>Stages (two when progressive) x (ADMM epochs + retraining epochs per snap round).</summary>
    static int QuantizeEpochs(QuantizeSpec q)
    {
        int rounds = q.FreezeFraction > 0 ? (int)Math.Ceiling(1 / q.FreezeFraction) : 1;
        return (q.Progressive ? 2 : 1) * (q.Admm.Epochs + rounds * q.Retrain.Epochs);
    }

    public static string Rate(double rate) => rate.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// Which lane prefers which unit: units in plan order, each to the lane with the fewest epochs so far (a dense
    /// node counts for the lane of its first unit). Lanes still take any ready node once theirs are done.
    /// </summary>
    public Dictionary<string, int> Lanes(int lanes)
    {
        if (lanes < 1) throw new KitException($"lanes must be >= 1, got {lanes}");
        var load = new int[lanes];
        var assigned = new Dictionary<string, int>();
        var denseCounted = new HashSet<string>();
        foreach (var unit in Nodes.Where(n => n.Unit is not null).GroupBy(n => n.Unit!))
        {
            int lane = Array.IndexOf(load, load.Min());
            assigned[unit.Key] = lane;
            load[lane] += unit.Sum(n => n.Epochs);
            var dense = Root(unit.First());
            if (denseCounted.Add(dense.Folder)) load[lane] += dense.Epochs;
        }
        return assigned;
    }

    public static StudyNode Root(StudyNode n) => n.Parent is null ? n : Root(n.Parent);
}
