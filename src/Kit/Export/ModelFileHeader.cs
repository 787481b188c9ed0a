namespace Kit.Export;

/// <summary>
/// The file header (docs/model-files.md, "Header"), all byte-aligned, integers little-endian, strings as a u16
/// byte length then UTF-8: magic "KITM", version u16, format, architecture, dataset, kit version (strings),
/// class count u16 and that many u16 class labels (0 = the dataset's own classes), layer count u16, parameter count u16.
/// </summary>
public sealed record ModelFileHeader
{
    public static ReadOnlySpan<byte> Magic => "KITM"u8;
    public const int CurrentVersion = 1;

    /// <summary>Bytes of the SHA-256 trailer over everything before it.</summary>
    public const int TrailerBytes = 32;

    public int Version { get; init; } = CurrentVersion;
    public required string Format { get; init; }
    public required string Architecture { get; init; }
    public required string Dataset { get; init; }
    public string KitVersion { get; init; } = KitInfo.Version;
    public int[]? Classes { get; init; }
    public required int LayerCount { get; init; }
    public required int ParameterCount { get; init; }

    /// <summary>Bytes the header takes: 20 + the four strings' UTF-8 bytes + 2 per class label.</summary>
    public long Bytes => 4 + 2 + ByteSink.StringBytes(Format) + ByteSink.StringBytes(Architecture) + ByteSink.StringBytes(Dataset)
        + ByteSink.StringBytes(KitVersion) + 2 + 2L * (Classes?.Length ?? 0) + 2 + 2;

    internal void Write(ByteSink sink)
    {
        sink.Bytes(Magic.ToArray());
        sink.U16(Version);
        sink.String(Format);
        sink.String(Architecture);
        sink.String(Dataset);
        sink.String(KitVersion);
        sink.U16(Classes?.Length ?? 0);
        foreach (var c in Classes ?? []) sink.U16(c);
        sink.U16(LayerCount);
        sink.U16(ParameterCount);
    }

    /// <summary>Whether the bytes start with the magic.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> start) => start.StartsWith(Magic);

    /// <summary>Reads the header after the magic and version were checked (<see cref="ModelFileReader"/>).</summary>
    internal static ModelFileHeader Read(ByteCursor c)
    {
        c.Skip(4, "magic");
        int version = c.U16("version");
        string format = c.String("format"), arch = c.String("architecture"), dataset = c.String("dataset"), kit = c.String("kit version");
        int classCount = c.U16("class count");
        var classes = new int[classCount];
        for (int i = 0; i < classCount; i++) classes[i] = c.U16("class label");
        return new ModelFileHeader
        {
            Version = version, Format = format, Architecture = arch, Dataset = dataset, KitVersion = kit,
            Classes = classCount == 0 ? null : classes, LayerCount = c.U16("layer count"), ParameterCount = c.U16("parameter count"),
        };
    }
}
