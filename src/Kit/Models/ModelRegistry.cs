using Kit.Data;
using static TorchSharp.torch;

namespace Kit.Models;

/// <summary>
/// Models by name (as in timm): specs and checkpoints name an architecture, and this creates it.
/// Other parts of the kit may register more (e.g. the width-scaled adversarial LeNet).
/// </summary>
public static class ModelRegistry
{
    static readonly Dictionary<string, Func<DatasetInfo, KitModel>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lenet5"] = i => new LeNet5(i),
        ["lenet-300-100"] = i => new LeNet300100(i),
        ["vgg16"] = i => new Vgg16(i),
        ["resnet18"] = i => new ResNet18(i),
    };

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
