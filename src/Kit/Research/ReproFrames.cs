using Kit.Experiments;
using Microsoft.Data.Analysis;
using ResultTable = Kit.Results.ResultTable;

namespace Kit.Research;

/// <summary>DataFrames from in-memory rows, typed the way ResultTable types result files, so CSVs and notebook tables agree.</summary>
internal static class ReproFrames
{
    /// <summary>One row per record, columns from its JSON (snake_case, nested objects as dotted names).</summary>
    public static DataFrame From<T>(IEnumerable<T> rows)
    {
        var df = ResultTable.FromResults(rows.Select(r => ("", r)));
        df.Columns.Remove(ResultTable.SourceColumn);
        return df;
    }

    public static DataFrame From(IEnumerable<Dictionary<string, object?>> rows) =>
        ResultTable.FromRows(rows.Cast<IReadOnlyDictionary<string, object?>>().ToList());
}
