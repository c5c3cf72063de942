using System.Globalization;
using Azure.Data.Tables;
using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Storage.Dossiers;

/// <summary>
/// One stored dossier: what its figures need and nothing else, since a month holds up to a million
/// (the id in the row key, the unit by code, dates as Vietnam local time text
/// <c>yyyy-MM-ddTHH:mm:ss</c>, the channel's name, digitized when the export said, the file's row).
/// A tombstone is a row that only says a newer upload received the dossier in another month: with
/// the newer upload's order, it sorts before the id's older rows of this month and outweighs them.
/// </summary>
public static class DossierRecordEntities
{
    /// <summary>The columns a recount reads.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["PartitionKey", "RowKey", Unit, Received, Due, Resolved, ChannelName, DigitizedName, MovedToName];

    private const string Unit = "UnitCode";
    private const string Received = "Received";
    private const string Due = "Due";
    private const string Resolved = "Resolved";
    private const string ChannelName = "Channel";
    private const string DigitizedName = "Digitized";
    private const string SourceRow = "SourceRow";
    private const string MovedToName = "MovedTo";
    private const string DateFormat = "yyyy-MM-ddTHH:mm:ss";

    public static TableEntity ToEntity(DossierRecord record, string inverseOrder)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entity = new TableEntity(DossierRecordKeys.Partition(record.ReceivedPeriod, record.Id), DossierRecordKeys.Row(record.Id, inverseOrder))
        {
            [Unit] = record.Unit.Code,
            [Received] = Format(record.Received),
            [ChannelName] = record.Channel.ToString(),
            [SourceRow] = record.Row,
        };
        if (record.Due is { } due)
        {
            entity[Due] = Format(due);
        }

        if (record.Resolved is { } resolved)
        {
            entity[Resolved] = Format(resolved);
        }

        if (record.Digitized is { } digitized)
        {
            entity[DigitizedName] = digitized;
        }

        return entity;
    }

    /// <summary>Says that the dossier <paramref name="idKey"/>, as of the upload <paramref name="inverseOrder"/>, is not received in the month of <paramref name="partitionKey"/> but in <paramref name="movedTo"/>.</summary>
    public static TableEntity Tombstone(string partitionKey, string idKey, string inverseOrder, Period movedTo) =>
        new(partitionKey, DossierRecordKeys.RowOfKey(idKey, inverseOrder)) { [MovedToName] = movedTo.ToString() };

    /// <summary>The month a tombstone names; null for a dossier's row.</summary>
    public static Period? MovedTo(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return entity.GetString(MovedToName) is { } month ? Period.Parse(month) : null;
    }

    /// <summary>The record a stored row holds; null when its unit is no longer in the month's registry.</summary>
    public static DossierRecord? FromEntity(TableEntity entity, UnitDirectory units)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(units);
        if (units.FindByCode(entity.GetString(Unit)) is not { } unit)
        {
            return null;
        }

        return new DossierRecord(
            DossierRecordKeys.IdKeyOf(entity.RowKey).ToString(),
            unit,
            Parse(entity.GetString(Received)) ?? throw new FormatException($"Dossier row {entity.PartitionKey}/{entity.RowKey} has no received date."),
            Parse(entity.GetString(Due)),
            Parse(entity.GetString(Resolved)),
            Enum.TryParse<DossierChannel>(entity.GetString(ChannelName), out var channel) ? channel : DossierChannel.NotGiven,
            entity.GetBoolean(DigitizedName),
            0);
    }

    /// <summary>The month a partition holds.</summary>
    public static Period MonthOf(string partitionKey) => Period.Parse(partitionKey[..7]);

    private static string Format(DateTime date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static DateTime? Parse(string? text) =>
        text is null ? null : DateTime.ParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None);
}
