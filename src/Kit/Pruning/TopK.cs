namespace Kit.Pruning;

/// <summary>
/// Exact top-k selection with a deterministic tie-break (lower index wins), so a projection is a
/// function of the weights alone and reruns give bit-identical masks.
/// </summary>
internal static class TopK
{
    /// <summary>Marks the <paramref name="k"/> largest scores; among equal scores the lowest indices are kept.</summary>
    public static bool[] Select(ReadOnlySpan<double> scores, int k)
    {
        int n = scores.Length;
        if (k < 0 || k > n) throw new KitException($"cannot keep {k} of {n} units");
        // Checked even when k leaves nothing to rank: diverged weights must stop the run wherever they are projected.
        foreach (var s in scores)
            if (double.IsNaN(s)) throw new KitException("cannot rank NaN scores (the weights diverged)");
        var keep = new bool[n];
        if (k == 0) return keep;
        if (k == n) { Array.Fill(keep, true); return keep; }
        var sorted = scores.ToArray();
        Array.Sort(sorted);
        double threshold = sorted[n - k];
        int taken = 0;
        for (int i = 0; i < n; i++)
            if (scores[i] > threshold) { keep[i] = true; taken++; }
        for (int i = 0; i < n && taken < k; i++)
            if (scores[i] == threshold) { keep[i] = true; taken++; }
        return keep;
    }
}
