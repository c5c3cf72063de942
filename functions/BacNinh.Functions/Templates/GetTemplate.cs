using BacNinh.Core.Ingestion.Templates;
using BacNinh.Core.Periods;
using BacNinh.Functions.Auth;
using BacNinh.Functions.Http;
using BacNinh.Storage.Reference;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Templates;

/// <summary>
/// <c>GET /api/templates/{indicator}.xlsx?period=yyyy-MM</c>: the workbook an agency fills in,
/// prefilled with the units in force that month (default: last month, the one being reported).
/// </summary>
public sealed class GetTemplate(ReferenceDataStore referenceData, TimeProvider time)
{
    private const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Function(nameof(GetTemplate))]
    [RequiresRole(AppRoles.UploadsWriteOrDatasetsRead)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/templates/{indicator}.xlsx")] HttpRequest request,
        string indicator,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reference = await referenceData.GetAsync(cancellationToken).ConfigureAwait(false);
        var found = reference.Indicators.Find(indicator);
        if (found is null)
        {
            return ApiProblem.NotFound("Unknown indicator.", "indicators", reference.Indicators.Indicators.Select(i => i.Code));
        }

        if (!QueryBinder.TryOptionalPeriod(request, out var requested, out var problem))
        {
            return problem;
        }

        var period = requested ?? time.MonthJustEnded();

        var content = new MemoryStream();
        TemplateWorkbook.Write(content, found, reference.Indicators.Columns, reference.Units.For(period), period);
        content.Position = 0;
        return new FileStreamResult(content, XlsxContentType) { FileDownloadName = $"{found.Code}-{period}.xlsx" };
    }
}
