namespace Kit.Pruning;

/// <summary>
/// Channel pruning: keep the <c>KeepChannels</c> input channels W[:,c,:,:] of largest L2 norm (for an FC
/// layer a channel is one input feature, i.e. a GEMM column).
/// </summary>
internal sealed class ChannelSet : IPruningSet
{
    public ChannelSet(LayerGeometry geometry, int keepChannels)
    {
        if (keepChannels < 0 || keepChannels > geometry.Channels) throw new KitException($"channel: keep_channels must be in 0..{geometry.Channels}, got {keepChannels}");
        Geometry = geometry;
        KeepChannels = keepChannels;
    }

    public LayerGeometry Geometry { get; }
    public int KeepChannels { get; }
    public PruningSetSpec Spec => new() { Scheme = PruningSchemes.Get("channel"), Channels = KeepChannels };

    public bool[] Support(ReadOnlySpan<float> w)
    {
        var channels = TopK.Select(GroupNorms.Channels(w, Geometry), KeepChannels);
        var columns = new bool[Geometry.Columns];
        for (int c = 0; c < columns.Length; c++) columns[c] = channels[c / Geometry.KernelElements];
        return GroupNorms.Block(Geometry, null, columns);
    }
}

/// <summary>Input channels W[:,c,:,:] (FC: input features).</summary>
internal sealed class ChannelScheme : PruningScheme
{
    public override string Name => "channel";
    public override string Description => "channel (structured)";
    public override IReadOnlyList<string> FractionFields => ["channels"];
    public override PruningSetSpec Dense(LayerGeometry g) => new() { Scheme = this, Channels = g.Channels };
    public override PruningSetSpec FromFractions(LayerKeep k, LayerGeometry g) => new() { Scheme = this, Channels = LayerKeep.Count(k.Channels!.Value, g.Channels) };
    public override PruningSetSpec FromBudget(double budget, LayerGeometry g, bool isLast) =>
        new() { Scheme = this, Channels = UnitsFor(budget, (double)g.Rows * g.KernelElements, g.Channels) };
    public override long KeptWeights(PruningSetSpec s, LayerGeometry g) => (long)(s.Channels ?? g.Channels) * g.KernelElements * g.Rows;
    public override IPruningSet Build(PruningSetSpec s, LayerGeometry g, string where) => new ChannelSet(g, Need(s.Channels, "channels", where));
    public override string Describe(PruningSetSpec s, LayerGeometry g) => $"channels {s.Channels}/{g.Channels}";
}
