using Kit.Data;
using static TorchSharp.torch;

namespace Kit.Models;

/// <summary>
/// Models by name (as in timm): specs and checkpoints name an architecture, and this creates it.
/// </summary>
public static class ModelRegistry
{
    static readonly Dictionary<string, Func<DatasetInfo, KitModel>> Factories = Builtin();

    static Dictionary<string, Func<DatasetInfo, KitModel>> Builtin()
    {
        var f = new Dictionary<string, Func<DatasetInfo, KitModel>>(StringComparer.OrdinalIgnoreCase)
        {
            ["lenet5"] = i => new LeNet5(i),
            ["lenet-300-100"] = i => new LeNet300100(i),
            ["vgg16"] = i => new Vgg16(i),
            ["resnet18"] = i => new ResNet18(i),
        };
        foreach (var w in LeNetAdv.Widths) f[LeNetAdv.NameOf(w)] = i => new LeNetAdv(i, w);
        return f;
    }

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    public static void Register(string name, Func<DatasetInfo, KitModel> factory) => Factories[name] = factory;

    public static bool Contains(string name) => Factories.ContainsKey(name);

    /// <summary>Creates the model with weights initialized from <paramref name="seed"/>.</summary>
    public static KitModel Create(string name, DatasetInfo input, long seed)
    {
        if (!Factories.TryGetValue(name, out var factory))
            throw new KitException($"unknown model '{name}' (known: {string.Join(", ", Factories.Keys)})");
        manual_seed(seed);
        return factory(input);
    }
}
