using Kit.IO;

namespace Kit.Costs;

/// <summary>
/// Named parameters of the compute model (times in nanoseconds; JSON snake_case, schema in the README section "Cost models"):
/// <list type="bullet">
/// <item>t_mac(b) = t_mac_ns + t_mac_ns_per_bit * b: one multiply-accumulate on b-bit weights, dense code.</item>
/// <item>t_idx(k) = t_idx_ns + t_idx_ns_per_bit * k: decoding one k-bit relative index (per nonzero MAC).</item>
/// <item>t_gather_ns: fetching the activation a sparse weight needs (per nonzero MAC).</item>
/// <item>lambda (&gt;= 1): load imbalance across lanes/threads/PEs, multiplying the sparse work.</item>
/// <item>t_fixed_ns: fixed overhead of one sparse layer call (row loop, pointers, dispatch).</item>
/// </list>
/// Built-in profiles are illustrative, not measured; `kit bench sparse` writes fitted profiles of this CPU.
/// The paper's FPGA/ASIC break-even figures are not reproduced by the kit.
/// </summary>
public sealed record HardwareProfile
{
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public double TMacNs { get; init; }
    public double TMacNsPerBit { get; init; }
    public double TIdxNs { get; init; }
    public double TIdxNsPerBit { get; init; }
    public double TGatherNs { get; init; }
    public double Lambda { get; init; } = 1;
    public double TFixedNs { get; init; }

    public double TMac(int bits) => TMacNs + TMacNsPerBit * bits;
    public double TIdx(int k) => TIdxNs + TIdxNsPerBit * k;

    public void Validate(string source)
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new KitException($"{source}: profile needs a \"name\"");
        foreach (var (field, v) in new[] { ("t_mac_ns", TMacNs), ("t_mac_ns_per_bit", TMacNsPerBit), ("t_idx_ns", TIdxNs), ("t_idx_ns_per_bit", TIdxNsPerBit), ("t_gather_ns", TGatherNs), ("t_fixed_ns", TFixedNs) })
            if (!double.IsFinite(v) || v < 0) throw new KitException($"{source}: \"{field}\" must be a finite number >= 0, got {v}");
        if (!double.IsFinite(Lambda) || Lambda < 1) throw new KitException($"{source}: \"lambda\" must be >= 1, got {Lambda}");
        if (TMac(1) <= 0 && TMac(32) <= 0) throw new KitException($"{source}: t_mac(b) must be positive");
    }

    public static readonly IReadOnlyList<HardwareProfile> BuiltIn =
    [
        new()
        {
            Name = "cpu-illustrative",
            Description = "illustrative SIMD CPU: a dense MAC is cheap, a sparse MAC pays an index decode and a gather; not measured",
            TMacNs = 0.05, TIdxNs = 0.1, TGatherNs = 0.15, Lambda = 1.1, TFixedNs = 500,
        },
        new()
        {
            Name = "accelerator-illustrative",
            Description = "illustrative bit-serial accelerator: MAC time grows with b, index decode with k; not the paper's FPGA/ASIC",
            TMacNsPerBit = 0.01, TIdxNsPerBit = 0.004, TGatherNs = 0.01, Lambda = 1.3, TFixedNs = 100,
        },
    ];

    /// <summary>A built-in profile by name, or a profile JSON file.</summary>
    public static HardwareProfile Resolve(string nameOrFile)
    {
        var builtIn = BuiltIn.FirstOrDefault(p => string.Equals(p.Name, nameOrFile, StringComparison.OrdinalIgnoreCase));
        if (builtIn is not null) return builtIn;
        if (!File.Exists(nameOrFile))
            throw new KitException($"profile '{nameOrFile}' is neither a built-in profile ({string.Join(", ", BuiltIn.Select(p => p.Name))}) nor a file");
        var p = Json.ReadFile<HardwareProfile>(nameOrFile);
        p.Validate(nameOrFile);
        return p;
    }
}
