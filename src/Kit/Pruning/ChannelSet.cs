namespace Kit.Pruning;

/// <summary>
/// Channel pruning: keep the <c>KeepChannels</c> input channels W[:,c,:,:] of largest L2 norm (for an FC
/// layer a channel is one input feature, i.e. a GEMM column).
/// </summary>
public sealed class ChannelSet : IPruningSet
{
    public ChannelSet(LayerGeometry geometry, int keepChannels)
    {
        if (keepChannels < 0 || keepChannels > geometry.Channels) throw new KitException($"channel: keep_channels must be in 0..{geometry.Channels}, got {keepChannels}");
        Geometry = geometry;
        KeepChannels = keepChannels;
    }

    public LayerGeometry Geometry { get; }
    public int KeepChannels { get; }
    public PruningSetSpec Spec => new() { Scheme = PruningScheme.Channel, Channels = KeepChannels };

    public bool[] Support(ReadOnlySpan<float> w)
    {
        var channels = TopK.Select(GroupNorms.Channels(w, Geometry), KeepChannels);
        var columns = new bool[Geometry.Columns];
        for (int c = 0; c < columns.Length; c++) columns[c] = channels[c / Geometry.KernelElements];
        return GroupNorms.Block(Geometry, null, columns);
    }
}
