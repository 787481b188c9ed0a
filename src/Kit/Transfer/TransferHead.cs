using Kit.Models;
using static TorchSharp.torch;

namespace Kit.Transfer;

/// <summary>Moves a source model's weights into a model built for the target task.</summary>
internal static class TransferHead
{
    /// <summary>
    /// Copies every parameter and buffer of <paramref name="source"/> into <paramref name="target"/> except,
    /// when <paramref name="replaceHead"/>, the classifier head (the last prunable layer's weight and bias),
    /// which keeps the target's fresh seeded initialization. Returns the state-dict names left uncopied.
    /// </summary>
    public static IReadOnlyList<string> Adapt(KitModel source, KitModel target, bool replaceHead)
    {
        if (!string.Equals(source.Architecture, target.Architecture, StringComparison.OrdinalIgnoreCase))
            throw new KitException($"cannot transfer a {source.Architecture} into a {target.Architecture}");
        var head = replaceHead ? HeadNames(target) : [];
        var src = source.state_dict();
        using var _ = no_grad();
        foreach (var (name, t) in target.state_dict())
        {
            if (head.Contains(name)) continue;
            if (!src.TryGetValue(name, out var s))
                throw new KitException($"source model has no tensor '{name}'");
            if (!s.shape.SequenceEqual(t.shape))
                throw new KitException($"tensor '{name}' is [{string.Join("x", s.shape)}] in the source and [{string.Join("x", t.shape)}] in the target: the label sets differ, so the head must be replaced");
            t.copy_(s);
        }
        return head.Order().ToList();
    }

    /// <summary>State-dict names of the head: the last prunable layer's weight and its bias (found by tensor identity).</summary>
    public static HashSet<string> HeadNames(KitModel model)
    {
        var weight = model.PrunableLayers[^1].Weight;
        var names = new HashSet<string>();
        foreach (var (name, p) in model.named_parameters())
            if (p.Handle == weight.Handle)
            {
                names.Add(name);
                var prefix = name[..^"weight".Length];
                if (model.named_parameters().Any(q => q.name == prefix + "bias")) names.Add(prefix + "bias");
            }
        if (names.Count == 0) throw new KitException($"{model.Architecture}: cannot find the head parameters");
        return names;
    }
}
