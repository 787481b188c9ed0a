namespace Kit.Training;

/// <summary>The machine's load when a benchmark starts and ends: on a shared machine other work skews timings, and a reader should see it.</summary>
public static class SystemLoad
{
    /// <summary>/proc/loadavg as written (1, 5, 15 minute averages ...), or null where there is none.</summary>
    public static string? LoadAverage()
    {
        try { return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null; }
        catch (IOException) { return null; }
    }
}
