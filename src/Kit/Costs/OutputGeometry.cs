namespace Kit.Costs;

/// <summary>
/// Output positions per image (H*W of a conv's output, 1 for an FC layer) of every prunable layer of the
/// kit's models, at the input size each model accepts. A conv layer's MACs per image are its GEMM
/// nonzeros times this number. Written as a table (not measured with forward hooks) so it is auditable and
/// needs no torch; the tests check it against the models' own layer lists.
/// </summary>
internal static class OutputGeometry
{
    public static long OutputPositions(string architecture, string layer)
    {
        switch (architecture.ToLowerInvariant())
        {
            case "lenet5":
                // 28x28 -> conv 5x5 -> 24x24 -> pool -> 12x12 -> conv 5x5 -> 8x8 -> pool -> 4x4 -> fc.
                return layer switch { "conv1" => 24 * 24, "conv2" => 8 * 8, "fc1" or "fc2" => 1, _ => Unknown(architecture, layer) };
            case "lenet-300-100":
                return layer is "fc1" or "fc2" or "fc3" ? 1 : Unknown(architecture, layer);
            case "vgg16":
            {
                // 32x32 input, 3x3 pad-1 convs keep the size; a pool after conv 2, 4, 7, 10, 13.
                if (layer == "fc") return 1;
                if (!layer.StartsWith("conv") || !int.TryParse(layer[4..], out var i) || i < 1 || i > 13) return Unknown(architecture, layer);
                int side = i <= 2 ? 32 : i <= 4 ? 16 : i <= 7 ? 8 : i <= 10 ? 4 : 2;
                return side * side;
            }
            case "resnet18":
            {
                // 32x32 stem, stages of two blocks at 32, 16, 8, 4 (the first block of stages 2-4 has stride 2).
                if (layer == "fc") return 1;
                if (layer == "stem") return 32 * 32;
                var dot = layer.IndexOf('.');
                if (!layer.StartsWith("block") || dot < 0 || !int.TryParse(layer[5..dot], out var b) || b < 1 || b > 8) return Unknown(architecture, layer);
                int s = 32 >> ((b - 1) / 2);
                return s * s;
            }
            default:
                throw new KitException($"no output-size table for architecture '{architecture}' (known: lenet5, lenet-300-100, vgg16, resnet18)");
        }
    }

    static long Unknown(string architecture, string layer) =>
        throw new KitException($"architecture '{architecture}' has no prunable layer '{layer}' in the output-size table");
}
