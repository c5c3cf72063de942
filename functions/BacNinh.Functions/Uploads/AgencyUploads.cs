using System.Security.Claims;
using BacNinh.Core.Periods;
using BacNinh.Functions.Http;
using BacNinh.Functions.Ingestion;
using BacNinh.Storage.Blobs;
using BacNinh.Storage.Reference;
using BacNinh.Storage.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BacNinh.Functions.Uploads;

/// <summary>
/// The upload API behind <c>/api/uploads</c> (contract §5): stores a caller's workbook under its
/// agency's folder exactly as a direct blob upload would, and finds uploads and reports again for
/// the agencies the caller belongs to (every agency with <c>Datasets.Read</c>).
/// A pending upload answers <c>202</c> with <c>Retry-After</c>; a processed one <c>200</c> with its report.
/// </summary>
public sealed class AgencyUploads(UploadInbox inbox, UploadReportStore reports, ReferenceDataStore referenceData, IOptions<IngestionOptions> options, TimeProvider time)
{
    /// <summary>Seconds a client waits before asking again for a report not yet written (ingestion takes a few seconds).</summary>
    public const int RetryAfterSeconds = 1;

    public const string RoutePrefix = "/api/uploads/";

    /// <summary>The caller's agencies: in force on <paramref name="inForceOn"/>, or every entry of its groups when null.</summary>
    public async Task<UploadCaller> CallerAsync(ClaimsPrincipal user, DateOnly? inForceOn, CancellationToken cancellationToken)
    {
        var reference = await referenceData.GetAsync(cancellationToken).ConfigureAwait(false);
        return UploadCaller.From(user, reference.Uploaders, inForceOn);
    }

    private DateOnly Today => time.VietnamToday();

    public async Task<UploadAnswer> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!QueryBinder.TryOptionalPeriod(request, out var period, out var periodProblem))
        {
            return UploadAnswer.From(periodProblem);
        }

        // The agency is the registry entry of the caller's group in force in the month reported (today without a month).
        var caller = await CallerAsync(request.HttpContext.User, period?.Start ?? Today, cancellationToken).ConfigureAwait(false);
        var chosen = (string?)request.Query["agency"];
        var agencies = caller.Agencies.Where(a => string.IsNullOrEmpty(chosen) || a.Folder == chosen).Select(a => a.Folder).Distinct(StringComparer.Ordinal).ToList();
        if (caller.Agencies.Count == 0)
        {
            return UploadAnswer.Problem(StatusCodes.Status403Forbidden, "None of the token's groups is an uploader's group in the uploader registry, so there is no folder to upload to.");
        }

        if (agencies.Count != 1)
        {
            return UploadAnswer.Problem(StatusCodes.Status400BadRequest, $"The caller uploads for several agencies; add ?agency= with one of: {string.Join(", ", caller.Folders)}.");
        }

        if (!UploadFileName.TrySanitize(request.Query["fileName"], out var fileName))
        {
            return UploadAnswer.Problem(StatusCodes.Status400BadRequest, "Give the workbook's name as ?fileName=.");
        }

        var limit = options.Value.MaxUploadBytes;
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        try
        {
            var stored = await inbox.StoreAsync(agencies[0], period, fileName, request.Body, limit, cancellationToken).ConfigureAwait(false);
            return new UploadAnswer(StatusCodes.Status202Accepted, Pending(stored), RoutePrefix + stored.UploadId, RetryAfterSeconds);
        }
        catch (UploadTooLargeException)
        {
            return TooLarge(limit);
        }
        catch (UploadNameTakenException ex)
        {
            return UploadAnswer.Problem(StatusCodes.Status409Conflict, $"{ex.Path} was taken by another upload while this one was sent; send the file again.");
        }
    }

    public async Task<UploadAnswer> GetAsync(ClaimsPrincipal user, string uploadId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uploadId);
        var caller = await CallerAsync(user, null, cancellationToken).ConfigureAwait(false);
        if (!IsUploadId(uploadId))
        {
            return NotFound();
        }

        foreach (var folder in caller.Folders)
        {
            if (await reports.GetAsync(folder, uploadId, cancellationToken).ConfigureAwait(false) is { } report)
            {
                return new UploadAnswer(StatusCodes.Status200OK, report);
            }
        }

        if (caller.ReadsAll && await inbox.FindReportedAsync(uploadId, cancellationToken).ConfigureAwait(false) is { } row
            && await reports.GetAsync(row.Folder, uploadId, cancellationToken).ConfigureAwait(false) is { } any)
        {
            return new UploadAnswer(StatusCodes.Status200OK, any);
        }

        // No report yet: a blob with this id is an upload still being processed.
        var prefixes = caller.ReadsAll ? [string.Empty] : caller.Folders.Select(f => f + "/");
        foreach (var prefix in prefixes)
        {
            if (await inbox.FindBlobAsync(prefix, uploadId, cancellationToken).ConfigureAwait(false) is { } pending)
            {
                return new UploadAnswer(StatusCodes.Status202Accepted, Pending(pending), RoutePrefix + uploadId, RetryAfterSeconds);
            }
        }

        return NotFound();
    }

    public async Task<UploadAnswer> ListAsync(ClaimsPrincipal user, string? periodText, CancellationToken cancellationToken)
    {
        if (!QueryBinder.TryPeriod(periodText, out var period, out var periodProblem))
        {
            return UploadAnswer.From(periodProblem);
        }

        var caller = await CallerAsync(user, null, cancellationToken).ConfigureAwait(false);
        var items = new Dictionary<string, UploadListItem>(StringComparer.Ordinal);
        string?[] folders = caller.ReadsAll ? [null] : [.. caller.Folders];
        foreach (var folder in folders)
        {
            await foreach (var row in inbox.ListReportedAsync(period, folder, cancellationToken).ConfigureAwait(false))
            {
                items[row.UploadId] = UploadListItem.From(row);
            }
        }

        // The caller's own uploads of the month still being processed have a blob and no row yet.
        foreach (var folder in caller.Folders)
        {
            await foreach (var blob in inbox.ListBlobsAsync($"{folder}/{period}/", cancellationToken).ConfigureAwait(false))
            {
                items.TryAdd(blob.UploadId, UploadListItem.Pending(blob));
            }
        }

        var uploads = items.Values.OrderByDescending(u => u.UploadedAt).ThenBy(u => u.UploadId, StringComparer.Ordinal).ToList();
        return new UploadAnswer(StatusCodes.Status200OK, new { period = period.ToString(), agencies = caller.Folders.ToList(), uploads });
    }

    private static bool IsUploadId(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigitLower);

    private static object Pending(UploadVersion version) => new
    {
        uploadId = version.UploadId,
        status = "Pending",
        blobPath = version.BlobPath,
        fileName = Path.GetFileName(version.PathInContainer),
        uploadedAt = version.UploadedAt,
    };

    private static UploadAnswer NotFound() =>
        UploadAnswer.Problem(StatusCodes.Status404NotFound, "No upload with this id is visible to the caller.");

    private static UploadAnswer TooLarge(long limit) =>
        UploadAnswer.Problem(StatusCodes.Status413PayloadTooLarge, $"The largest file accepted is {limit:N0} bytes.");
}

/// <summary>One upload in <c>GET /api/uploads?period=</c>: processed (from the Uploads table) or still pending (a blob only).</summary>
public sealed record UploadListItem(string UploadId, string FileName, string BlobPath, string Status, int RowsRead, int RowsAccepted, int RowsRejected, int ProblemCount, DateTimeOffset? UploadedAt)
{
    public static UploadListItem From(UploadSummary row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new UploadListItem(row.UploadId, Path.GetFileName(row.BlobPath), row.BlobPath, row.Status, row.RowsRead, row.RowsAccepted, row.RowsRejected, row.ProblemCount, row.UploadedAt);
    }

    public static UploadListItem Pending(UploadVersion blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return new UploadListItem(blob.UploadId, Path.GetFileName(blob.PathInContainer), blob.BlobPath, "Pending", 0, 0, 0, 0, blob.UploadedAt);
    }
}
