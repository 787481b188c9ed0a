using Kit.Models;
using static TorchSharp.torch;

namespace Kit.Costs;

/// <summary>The cost models' view of a loaded model: each prunable layer's nonzero weights as a mask,
/// its values, its coupling and its output positions.</summary>
public static class ModelMasks
{
    public static List<CostLayer> From(KitModel model)
    {
        var result = new List<CostLayer>();
        using var _ = no_grad();
        foreach (var l in model.PrunableLayers)
        {
            // The scope holds every temporary of the chain below: README, "Tensor lifetime".
            using var scope = NewDisposeScope();
            using var w = l.Weight.detach().reshape(l.Rows, l.Columns).contiguous().to(float32).cpu();
            var data = w.data<float>().ToArray();
            var mask = LayerMask.FromDense(l.Name, l.Rows, l.Columns, data);
            var values = mask.Nonzero.Select(i => data[i]).ToArray();
            result.Add(new CostLayer(mask, l.Consumer, l.ConsumerColumnsPerOutput, OutputGeometry.OutputPositions(model.Architecture, l.Name), values));
        }
        return result;
    }
}
