namespace Kit.Training;

/// <summary>
/// Test hook for the kill -9 tests: with KIT_FAULT=POINT:UNIT (points: mid-epoch, before-commit, after-commit)
/// the process writes the file named by KIT_FAULT_FILE when it reaches that point of that epoch unit, then
/// blocks, so a test can SIGKILL it at an exact place instead of after a guessed delay. Inert when unset.
/// </summary>
internal static class FaultInjection
{
    static readonly (string point, int unit)? Target = Parse(Environment.GetEnvironmentVariable("KIT_FAULT"));

    static (string, int)? Parse(string? v)
    {
        if (string.IsNullOrEmpty(v)) return null;
        var parts = v.Split(':');
        return parts.Length == 2 && int.TryParse(parts[1], out var u) ? (parts[0], u) : null;
    }

    public static void Hit(string point, int unit)
    {
        if (Target is not { } t || t.point != point || t.unit != unit) return;
        if (Environment.GetEnvironmentVariable("KIT_FAULT_FILE") is { Length: > 0 } f) File.WriteAllText(f, $"{point}:{unit}");
        Thread.Sleep(Timeout.Infinite);
    }
}
