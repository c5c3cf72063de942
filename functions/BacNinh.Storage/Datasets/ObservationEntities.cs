using Azure.Data.Tables;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Storage.Datasets;

/// <summary>Maps ingested unit figures to and from Table entities; field names are the datasets' names.</summary>
public static class ObservationEntities
{
    /// <summary>When storage accepted the blob version a value came from.</summary>
    public const string UploadedAtProperty = "UploadedAt";

    /// <summary>Sortable (upload time, upload id) of the version a value came from: the newer one is current.</summary>
    public const string UploadOrderProperty = "UploadOrder";

    public static TableEntity ToEntity(UnitObservation o, string partitionKey, string rowKey, string uploadId, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(o);
        var entity = new TableEntity(partitionKey, rowKey)
        {
            ["Period"] = o.Period.ToString(),
            ["PeriodStart"] = PeriodStart(o.Period),
            ["IndicatorCode"] = o.IndicatorCode,
            ["Tier"] = o.Tier.ToName(),
            ["UnitCode"] = o.UnitCode,
            ["UnitName"] = o.UnitName,
            ["ParentCode"] = o.ParentCode,
            ["Numerator"] = o.Numerator,
            ["Denominator"] = o.Denominator,
            ["Rate"] = DecimalText.Format(o.Rate),
            ["Sheet"] = o.Sheet,
            ["SourceRow"] = o.Row,
            ["UploadId"] = uploadId,
            ["UpdatedAt"] = updatedAt,
        };
        foreach (var (key, value) in o.Breakdowns)
        {
            entity[key] = value;
        }

        return entity;
    }

    public static UnitObservation FromEntity(TableEntity e, IEnumerable<string> breakdownKeys)
    {
        ArgumentNullException.ThrowIfNull(e);
        var breakdowns = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var key in breakdownKeys)
        {
            if (e.GetInt64(key) is { } value)
            {
                breakdowns[key] = value;
            }
        }

        TierNames.TryParse(e.GetString("Tier"), out var tier);
        return new UnitObservation(
            Period.Parse(e.GetString("Period")),
            e.GetString("IndicatorCode"),
            e.GetString("UnitCode"),
            e.GetString("UnitName"),
            tier,
            e.GetString("ParentCode"),
            e.GetInt64("Numerator"),
            e.GetInt64("Denominator"),
            DecimalText.Parse(e.GetString("Rate")),
            breakdowns,
            e.GetString("Sheet") ?? string.Empty,
            e.GetInt32("SourceRow") ?? 0);
    }

    public static DateTimeOffset PeriodStart(Period period) => new(period.Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
