using System.Security.Claims;
using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Core.Periods;
using BacNinh.Functions.Http;
using BacNinh.Functions.Ingestion;
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
public sealed class AgencyUploads(UploadInbox inbox, UploadIndex index, UploadReportStore reports, ReferenceDataStore referenceData, IOptions<IngestionOptions> options, TimeProvider time)
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
        // A dissolved unit's months are reported by the unit that absorbed it (§2a): a caller with no entry in force
        // then is taken as its entry of today, and ingestion accepts only rows for units that became that unit.
        var caller = await CallerAsync(request.HttpContext.User, period?.Start ?? Today, cancellationToken).ConfigureAwait(false);
        if (caller.Agencies.Count == 0 && period is not null)
        {
            caller = await CallerAsync(request.HttpContext.User, Today, cancellationToken).ConfigureAwait(false);
        }

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

        // A name that may be a dossier export (.xlsx, .csv, .csv.gz) may carry the larger export (§2b);
        // ingestion still rejects a workbook over the workbook limit once it sees it is not an export.
        var limit = DossierFiles.MayBeExport(fileName) ? DossierLimits.For(options.Value.ToLimits()).MaxFileBytes : options.Value.MaxUploadBytes;
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        try
        {
            var stored = await inbox.StoreAsync(agencies[0], period, fileName, request.Body, limit, cancellationToken).ConfigureAwait(false);
            await index.AddAsync(stored, cancellationToken).ConfigureAwait(false);
            return Pending(stored);
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

        // One point read: the index row names the upload's folder. Without one, the upload may be a
        // direct blob upload that ingestion has not reached yet, looked for in the caller's own folders only.
        var version = await index.FindAsync(uploadId, cancellationToken).ConfigureAwait(false);
        foreach (var folder in caller.Folders)
        {
            if (version is not null)
            {
                break;
            }

            version = await inbox.FindBlobAsync(folder, uploadId, cancellationToken).ConfigureAwait(false);
        }

        if (version is null || !caller.MaySee(version.Path.Folder))
        {
            return NotFound();
        }

        return await reports.GetAsync(version.Path.Folder, uploadId, cancellationToken).ConfigureAwait(false) is { } report
            ? new UploadAnswer(StatusCodes.Status200OK, report)
            : Pending(version);
    }

    public async Task<UploadAnswer> ListAsync(ClaimsPrincipal user, string? periodText, CancellationToken cancellationToken)
    {
        if (!QueryBinder.TryPeriod(periodText, out var period, out var periodProblem))
        {
            return UploadAnswer.From(periodProblem);
        }

        var caller = await CallerAsync(user, null, cancellationToken).ConfigureAwait(false);
        var items = new Dictionary<string, UploadSummary>(StringComparer.Ordinal);
        string?[] folders = caller.ReadsAll ? [null] : [.. caller.Folders];
        foreach (var folder in folders)
        {
            await foreach (var row in inbox.ListReportedAsync(period, folder, cancellationToken).ConfigureAwait(false))
            {
                items[row.UploadId] = row;
            }
        }

        // The caller's own uploads of the month still being processed have a blob and no row yet.
        foreach (var folder in caller.Folders)
        {
            await foreach (var blob in inbox.ListBlobsAsync(folder, period, cancellationToken).ConfigureAwait(false))
            {
                items.TryAdd(blob.UploadId, UploadSummary.Pending(blob));
            }
        }

        var uploads = items.Values.OrderByDescending(u => u.UploadedAt).ThenBy(u => u.UploadId, StringComparer.Ordinal).ToList();
        return new UploadAnswer(StatusCodes.Status200OK, new { period = period.ToString(), agencies = caller.Folders.ToList(), uploads });
    }

    private static bool IsUploadId(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigitLower);

    /// <summary>An upload not processed yet: <c>202</c>, where to ask again and when.</summary>
    private static UploadAnswer Pending(UploadVersion version) =>
        new(StatusCodes.Status202Accepted, UploadSummary.Pending(version), RoutePrefix + version.UploadId, RetryAfterSeconds);

    private static UploadAnswer NotFound() =>
        UploadAnswer.Problem(StatusCodes.Status404NotFound, "No upload with this id is visible to the caller.");

    private static UploadAnswer TooLarge(long limit) =>
        UploadAnswer.Problem(StatusCodes.Status413PayloadTooLarge, $"The largest file accepted is {limit:N0} bytes.");
}
