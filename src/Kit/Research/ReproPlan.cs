using Kit.Experiments;

namespace Kit.Research;

/// <summary>One independent computation of `kit reproduce`: a compression or transfer run that fills the experiment cache.</summary>
/// <param name="Spec">The compression spec as it runs (null for a transfer run, which shares no stage).</param>
public sealed record ReproWork(string Label, string CacheKey, int Epochs, Action<ReproContext> Run, CompressionSpec? Spec = null);

/// <summary>
/// The runs the research questions will ask the cache for, listed without running them, in a fixed order, each once
/// (specs shared by several questions appear once). `kit reproduce --jobs N` hands item k to worker k mod N; the
/// questions then run in the parent as usual and find every run in the cache. Attacks (RQ5) stay in that pass: they
/// need the compressed models and are short.
/// </summary>
public static class ReproPlan
{
    public static List<ReproWork> For(ReproContext ctx, string repoRoot, IEnumerable<int> rqs)
    {
        var work = new List<ReproWork>();
        var seen = new HashSet<string>();
        void Compress(string label, CompressionSpec spec)
        {
            var run = ctx.Reduce(spec);
            var key = ctx.Cache.Key(new { kind = "compress", spec = run });
            if (seen.Add(key)) work.Add(new ReproWork(label, key, PlannedEpochs.Of(run), c => c.Compress(label, spec), run));
        }
        foreach (var rq in rqs.Distinct().Order())
        {
            switch (rq)
            {
                case 1:
                    foreach (var (irr, str) in Rq1StorageCompute.Pairs(ctx.Mode)) { Compress(irr, ReproContext.Shipped(irr)); Compress(str, ReproContext.Shipped(str)); }
                    break;
                case 2:
                    foreach (var name in Rq2Pareto.SpecNames(ctx.Mode)) Compress(name, ReproContext.Shipped(name));
                    break;
                case 3:
                    foreach (var v in Rq3Admm.Variants(ctx.Mode)) Compress(v.Spec.Name, v.Spec);
                    break;
                case 5:
                    var plan = Rq5TransferRobustness.PlanFor(ctx, repoRoot);
                    foreach (var (_, _, spec) in plan.Robustness) Compress(spec.Name, spec);
                    foreach (var t in plan.Transfer)
                    {
                        var key = ctx.Cache.Key(new { kind = "transfer", spec = t });
                        if (seen.Add(key))
                            work.Add(new ReproWork(t.Name, key, PlannedEpochs.Of(t.Source) + t.FineTune.Epochs * t.Modes.Count, c => Rq5TransferRobustness.Transfer(c, t)));
                    }
                    break;
            }
        }
        return work;
    }

    /// <summary>The plan's epochs with shared stages (each dense model and prune step trained once) and without.</summary>
    public static EpochPlan Epochs(IReadOnlyList<ReproWork> work)
    {
        var other = work.Where(w => w.Spec is null).ToList();
        return StagePlan.Of(work.Where(w => w.Spec is not null).Select(w => w.Spec!), other.Count, other.Sum(w => w.Epochs));
    }

    /// <summary>Epochs of each item in plan order, a shared stage counted for the first item that needs it.</summary>
    public static int[] EpochsEach(IReadOnlyList<ReproWork> work)
    {
        var compress = work.Select((w, k) => (w, k)).Where(x => x.w.Spec is not null).ToList();
        var shared = StagePlan.EpochsEach(compress.Select(x => x.w.Spec!).ToList());
        var each = work.Select(w => w.Epochs).ToArray();
        for (int i = 0; i < compress.Count; i++) each[compress[i].k] = shared[i];
        return each;
    }

    /// <summary>Whether the cache already holds the item (a rerun skips it).</summary>
    public static bool Done(ReproContext ctx, ReproWork w) => File.Exists(Path.Combine(ctx.Cache.EntryDir(w.CacheKey), ExperimentCache.EntryFile));
}
