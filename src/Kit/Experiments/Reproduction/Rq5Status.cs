namespace Kit.Experiments.Reproduction;

/// <summary>
/// RQ5 (transfer, adversarial robustness) is built on another branch. This says whether its tools are present in
/// the loaded kit, found by namespace so this file needs no change when they land.
/// </summary>
public static class Rq5Status
{
    public static readonly string[] Namespaces = ["Kit.Robustness", "Kit.Attacks", "Kit.Transfer"];

    public static IReadOnlyList<string> Tools() => typeof(Rq5Status).Assembly.GetTypes()
        .Where(t => t.IsPublic && t.Namespace is { } ns && Namespaces.Any(n => ns == n || ns.StartsWith(n + ".", StringComparison.Ordinal)))
        .Select(t => t.FullName!).OrderBy(n => n, StringComparer.Ordinal).ToList();

    public static RqReport Run(ReproContext ctx)
    {
        var report = new RqReport(5, "RQ5: transfer and adversarial robustness", ctx.Mode);
        var tools = Tools();
        report.Findings.Add(tools.Count == 0
            ? "RQ5 tools are not built yet in this kit version (no types under " + string.Join(", ", Namespaces) + "); nothing is measured."
            : $"RQ5 tools present: {string.Join(", ", tools)}. Their notebook is maintained with them.");
        return report;
    }
}
