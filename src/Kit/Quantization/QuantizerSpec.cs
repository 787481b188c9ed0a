using System.Text.Json.Serialization;

namespace Kit.Quantization;

[JsonConverter(typeof(JsonStringEnumConverter<QuantizerKind>))]
public enum QuantizerKind
{
    /// <summary>+-q{1..n}, q by 1-D search on the squared error (b = 1 is binary).</summary>
    [JsonStringEnumMemberName("uniform")] Uniform,
    /// <summary>{-a, +a}, a = mean |w| over the kept weights.</summary>
    [JsonStringEnumMemberName("binary")] Binary,
    /// <summary>{-a, 0, +a} (TWN thresholds): also prunes the smallest kept weights.</summary>
    [JsonStringEnumMemberName("ternary")] Ternary,
    /// <summary>alpha * Q with integer Q, alternating Q and alpha.</summary>
    [JsonStringEnumMemberName("alpha_q")] AlphaQ,
}

/// <summary>
/// The serializable form of a quantizer. Level convention (method notes, section 1): by default zero is
/// not a code: pruned zeros are encoded by the sparsity structure, so b bits hold 2^b nonzero levels,
/// n = 2^(b-1) per sign. With <c>zero_is_code</c> one code is zero and n = 2^(b-1) - 1.
/// </summary>
public sealed record QuantizerSpec
{
    public QuantizerKind Kind { get; init; } = QuantizerKind.Uniform;
    public int Bits { get; init; } = 8;
    public bool ZeroIsCode { get; init; }

    public const string SparsityConvention = "sparsity_encodes_zero: b bits hold 2^b nonzero levels (+-q*{1..2^(b-1)}); pruned zeros are encoded by the sparsity structure";
    public const string ZeroCodeConvention = "zero_is_code: b bits hold zero and 2^b - 2 nonzero levels (+-q*{1..2^(b-1)-1})";

    [JsonIgnore] public string Convention => Kind == QuantizerKind.Ternary ? "ternary: {-a, 0, +a} per kept weight (2 bits)"
        : ZeroIsCode ? ZeroCodeConvention : SparsityConvention;

    /// <summary>Nonzero levels per sign.</summary>
    [JsonIgnore] public int LevelsPerSign => Kind switch
    {
        QuantizerKind.Binary or QuantizerKind.Ternary => 1,
        _ => ZeroIsCode ? (1 << (Bits - 1)) - 1 : 1 << (Bits - 1),
    };

    public void Validate(string where)
    {
        if (Kind is QuantizerKind.Uniform or QuantizerKind.AlphaQ)
        {
            if (Bits is < 1 or > 8) throw new KitException($"{where}.bits must be in 1..8, got {Bits}");
            if (LevelsPerSign < 1) throw new KitException($"{where}.bits: {Bits} bit with zero_is_code leaves no nonzero level");
        }
    }

    public IQuantizer Build(string where = "quantizer")
    {
        Validate(where);
        return Kind switch
        {
            QuantizerKind.Binary => new BinaryQuantizer(),
            QuantizerKind.Ternary => new TernaryQuantizer(),
            QuantizerKind.Uniform when Bits == 1 && !ZeroIsCode => new BinaryQuantizer(),
            QuantizerKind.Uniform => new UniformQuantizer(Bits, ZeroIsCode),
            QuantizerKind.AlphaQ => new AlphaQQuantizer(Bits, ZeroIsCode),
            _ => throw new KitException($"{where}.kind: unknown quantizer {Kind}"),
        };
    }
}
