namespace Kit;

/// <summary>An error caused by the user's input or files: the CLI prints its message alone (no stack trace).</summary>
public class KitException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A data file is missing, truncated or malformed; the message names the file and the problem.</summary>
internal sealed class DataFormatException(string file, string problem)
    : KitException($"{file}: {problem}")
{
    public string File { get; } = file;
    public string Problem { get; } = problem;
}
