using Kit.Experiments;
namespace Kit.Research;

/// <summary>
/// One compression experiment as the reproduction layer sees it: a label for tables and charts, the spec that
/// was actually run (after the mode's reduction), the cache entry folder holding model.pt / result.json /
/// admm_log.json, the result, and whether it came from the cache.
/// </summary>
public sealed record CompressedRun(string Label, CompressionSpec Spec, string Dir, CompressionResult Result, bool FromCache)
{
    public string ModelPath => Path.Combine(Dir, "model.pt");
    public string AdmmLogPath => Path.Combine(Dir, "admm_log.json");
    public string Scheme => Spec.Prune?.Scheme.Name ?? "unpruned";
    public string BitsLabel => Result.Bits >= 32 ? "float" : $"{Result.Bits}-bit";
}
