using System.Globalization;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using Sylvan.Data.Csv;

namespace BacNinh.Core.Timeliness;

/// <summary>
/// The reporting deadlines, reference data with validity dates and a source like the targets
/// (<c>reporting-deadlines.csv</c>: <c>valid_from,valid_to,day_of_following_month,source</c>).
/// </summary>
public sealed class ReportingDeadlines(IReadOnlyList<ReportingDeadline> entries)
{
    public const string FileName = "reporting-deadlines.csv";

    public IReadOnlyList<ReportingDeadline> Entries { get; } = entries;

    /// <summary>The deadline in force for <paramref name="period"/>: the latest entry valid in that month.</summary>
    public ReportingDeadline For(Period period) =>
        Find(period) ?? throw new InvalidOperationException($"No reporting deadline is in force for {period}.");

    /// <summary>The deadline in force for <paramref name="period"/>, or null for a month before any (nothing was due then).</summary>
    public ReportingDeadline? Find(Period period) => Entries.Where(e => e.IsValidIn(period)).MaxBy(e => e.ValidFrom);

    public static ReportingDeadlines LoadDefaults()
    {
        using var csv = ReferenceData.OpenDefault(FileName);
        return Load(csv);
    }

    public static ReportingDeadlines Load(Stream csv)
    {
        using var reader = new StreamReader(csv);
        using var data = CsvDataReader.Create(reader);
        var entries = new List<ReportingDeadline>();
        while (data.Read())
        {
            var validTo = data.GetString(data.GetOrdinal("valid_to"));
            entries.Add(new ReportingDeadline(
                DateOnly.ParseExact(data.GetString(data.GetOrdinal("valid_from")), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                validTo.Length == 0 ? null : DateOnly.ParseExact(validTo, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                int.Parse(data.GetString(data.GetOrdinal("day_of_following_month")), CultureInfo.InvariantCulture),
                data.GetString(data.GetOrdinal("source"))));
        }

        return new ReportingDeadlines(entries);
    }
}
