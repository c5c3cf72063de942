using System.Globalization;
using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Core.Periods;
using BacNinh.Storage.Datasets;
using BacNinh.Storage.Uploads;

namespace BacNinh.Storage.Dossiers;

/// <summary>
/// Keys of <see cref="StorageNames.DossierRecordsTable"/>: partition = month received and a bucket
/// of the id's hash (a month's dossiers are a key range, spread over a few partitions so writes go
/// in parallel); row = the id, then the upload's order inverted, so the newest upload's row of an id
/// sorts first and a retry of the same upload rewrites the same rows.
/// </summary>
public static class DossierRecordKeys
{
    /// <summary>Partitions per month received: about 31,000 rows each at 10⁶ dossiers a month.</summary>
    public const int Buckets = 32;

    /// <summary>
    /// Hex digits of the upload id kept in a row key: they only break ties between uploads of the
    /// same tick and recognise one upload's rows, and a million rows carry them.
    /// </summary>
    private const int UploadIdLength = 16;

    /// <summary>Inverted upload time (19 digits), '_', inverted upload id (its first 16 hex digits).</summary>
    private const int OrderLength = 19 + 1 + UploadIdLength;

    /// <summary>Ids longer than this are cut and completed with their hash (a row key holds at most 1 KiB).</summary>
    private const int MaxIdKeyLength = 400;

    public static string Partition(Period received, string id) => Partition(received, (int)(DossierIdSet.Hash(id) % Buckets));

    /// <summary>One bucket of a month: an id is in the same bucket whatever its month received.</summary>
    public static string Partition(Period received, int bucket) => string.Create(CultureInfo.InvariantCulture, $"{received}_{bucket:D2}");

    /// <summary>The bucket a partition key ends with.</summary>
    public static int BucketOf(string partitionKey) => int.Parse(partitionKey.AsSpan(partitionKey.Length - 2), CultureInfo.InvariantCulture);

    /// <summary>Every row key of one id: <c>[idKey_, idKey`)</c> (<c>`</c> follows <c>_</c>).</summary>
    public static (string From, string To) Rows(string idKey) => ($"{idKey}_", $"{idKey}`");

    /// <summary>The upload order a row key ends with, as <see cref="InverseOrder"/> wrote it: the smaller, the newer.</summary>
    public static string InverseOrderOf(string rowKey) => rowKey[^OrderLength..];

    /// <summary>Every partition of one month received: <c>[yyyy-MM_, yyyy-MM_~)</c>.</summary>
    public static (string From, string To) Month(Period received) => ($"{received}_", $"{received}_{TableKeys.PeriodRangeEnd}");

    public static string Row(string id, string inverseOrder) => RowOfKey(IdKey(id), inverseOrder);

    /// <summary>A row key from an id already keyed (<see cref="IdKey"/> is not applied twice: it escapes its own escapes).</summary>
    public static string RowOfKey(string idKey, string inverseOrder) => $"{idKey}_{inverseOrder}";

    /// <summary>The id of a row key, as <see cref="IdKey"/> wrote it.</summary>
    public static ReadOnlySpan<char> IdKeyOf(string rowKey) => rowKey.AsSpan(0, rowKey.Length - OrderLength - 1);

    /// <summary>The inverted upload id a row key ends with (compare with <see cref="InverseOrder"/>'s).</summary>
    public static ReadOnlySpan<char> InverseUploadIdOf(string rowKey) => rowKey.AsSpan(rowKey.Length - UploadIdLength);

    /// <summary>
    /// <see cref="UploadVersion.Order"/> turned around: later uploads (and, within one tick, larger
    /// ids, as <see cref="UploadVersion.Order"/> breaks ties) sort first.
    /// </summary>
    public static string InverseOrder(UploadVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var ticks = (DateTimeOffset.MaxValue.UtcTicks - version.UploadedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        return $"{ticks}_{InverseUploadId(version.UploadId)}";
    }

    public static string InverseUploadId(string uploadId)
    {
        ArgumentNullException.ThrowIfNull(uploadId);
        return string.Create(Math.Min(uploadId.Length, UploadIdLength), uploadId, static (span, id) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var value = 15 - Convert.ToInt32(id[i].ToString(), 16);
                span[i] = "0123456789abcdef"[value];
            }
        });
    }

    /// <summary>The id as it is compared (§2b: one dossier however an export cases or pads it), safe as a key.</summary>
    public static string IdKey(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var key = TableKeys.Safe(id.Trim().ToUpperInvariant());
        return key.Length <= MaxIdKeyLength
            ? key
            : string.Create(CultureInfo.InvariantCulture, $"{key[..(MaxIdKeyLength - 17)]}~{DossierIdSet.Hash(id):x16}");
    }
}
