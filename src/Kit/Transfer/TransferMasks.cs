using Kit.Models;
using static TorchSharp.torch;

namespace Kit.Transfer;

/// <summary>
/// The sparsity pattern a frozen transfer keeps: the support (nonzero entries) of each source layer.
/// A replaced head of the same shape keeps the source head's pattern, so rate and structure are those of
/// the source model; a head of another shape keeps the source head's surviving input columns.
/// </summary>
internal static class TransferMasks
{
    public static Dictionary<string, Tensor> From(KitModel source, KitModel target)
    {
        var masks = new Dictionary<string, Tensor>();
        using var _ = no_grad();
        foreach (var t in target.PrunableLayers)
        {
            var s = source.Layer(t.Name);
            using var scope = NewDisposeScope();
            if (s.Weight.shape.SequenceEqual(t.Weight.shape))
                masks[t.Name] = s.Weight.ne(0).to(ScalarType.Float32).detach().MoveToOuterDisposeScope();
            else if (s.Columns == t.Columns && t.Kind == LayerKind.Linear)
            {
                var alive = s.Weight.ne(0).any(0).to(ScalarType.Float32);
                masks[t.Name] = alive.unsqueeze(0).expand(t.Rows, t.Columns).contiguous().detach().MoveToOuterDisposeScope();
            }
            else throw new KitException($"layer {t.Name}: source shape [{string.Join("x", s.TensorShape)}] cannot give a mask for [{string.Join("x", t.TensorShape)}]");
        }
        return masks;
    }
}
