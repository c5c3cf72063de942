using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using BacNinh.Core.Datasets;
using BacNinh.Functions.Serving.OData;
using BacNinh.Storage;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Validation;
using Microsoft.OData.UriParser;

namespace BacNinh.IntegrationTests.OData;

/// <summary>The OData feed read as Power BI reads it, and the CSV/JSON datasets beside it.</summary>
public sealed class ODataFeedTests(ODataHostFixture host) : IClassFixture<ODataHostFixture>
{
    private readonly ODataClient _client = new(host.Http);

    [Fact]
    public async Task MetadataIsCsdlThatValidatesWithTypedKeysAndNavigation()
    {
        var model = await _client.ReadModelAsync(TestContext.Current.CancellationToken);

        Assert.True(model.Validate(out var errors), string.Join("; ", errors.Select(e => e.ErrorMessage)));
        foreach (var set in new[] { "Units", "Indicators", "Targets", "Observations", "TierAggregates", "GroupAggregates", "MissingReports", "Uploads", "Bulletins", "UnitLineage", "ComparableObservations", "ReportDiscrepancies" })
        {
            Assert.NotNull(model.EntityContainer.FindEntitySet(set));
        }

        var observation = model.EntityContainer.FindEntitySet("Observations").EntityType;
        Assert.Equal(["Period", "IndicatorCode", "UnitCode"], observation.Key().Select(k => k.Name));
        Assert.Equal(EdmPrimitiveTypeKind.Date, observation.FindProperty("PeriodStart").Type.PrimitiveKind());
        Assert.Equal(EdmPrimitiveTypeKind.DateTimeOffset, observation.FindProperty("UpdatedAt").Type.PrimitiveKind());
        var rate = observation.FindProperty("Rate").Type.AsDecimal();
        Assert.Null(rate.Scale);
        Assert.Null(rate.Precision);
        Assert.Equal("Units", ((IEdmNavigationProperty)observation.FindProperty("Unit")).ToEntityType().Name + "s");
        Assert.NotNull(observation.FindProperty("Indicator"));
    }

    [Fact]
    public async Task ServiceDocumentAndMetadataCarryODataVersion()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var service = await host.Http.GetAsync("/api/odata", cancellationToken);
        var document = JsonDocument.Parse(await service.Content.ReadAsStringAsync(cancellationToken)).RootElement;

        Assert.Equal("4.0", Assert.Single(service.Headers.GetValues("OData-Version")));
        Assert.StartsWith("application/json", service.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        Assert.Contains(document.GetProperty("value").EnumerateArray(), e => e.GetProperty("name").GetString() == "Observations");
        Assert.EndsWith("$metadata", document.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagedFeedReturnsExactlyTheStoredRows()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = await _client.ReadModelAsync(cancellationToken);

        var (rows, pages, _) = await _client.ReadAllAsync(model, "Observations", "/api/odata/Observations", cancellationToken);

        var stored = await host.Storage.Tables.GetTableClient(StorageNames.ObservationsTable).QueryAsync<TableEntity>(cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        Assert.Equal(stored.Count, rows.Count);
        Assert.True(pages >= stored.Count / ODataHostFixture.PageSize, $"{pages} pages");
        var served = rows.ToDictionary(r => $"{r["Period"]}|{r["IndicatorCode"]}|{r["UnitCode"]}", r => (decimal?)r["Rate"]);
        foreach (var entity in stored)
        {
            Assert.Equal(decimal.Parse(entity.GetString("Rate"), System.Globalization.CultureInfo.InvariantCulture), served[$"{entity.GetString("Period")}|{entity.GetString("IndicatorCode")}|{entity.GetString("UnitCode")}"]);
        }
    }

    [Fact]
    public async Task OrderedPagesWithTopSkipAndCountFollowNextLinks()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = await _client.ReadModelAsync(cancellationToken);

        var (rows, _, count) = await _client.ReadAllAsync(model, "Observations",
            "/api/odata/Observations?$filter=Period eq '2023-08' and Tier eq 'province'&$orderby=Rate desc,UnitCode&$skip=1&$top=4&$count=true&$select=UnitCode,Rate", cancellationToken);

        Assert.Equal(6, count);
        Assert.Equal(4, rows.Count);
        var rates = rows.Select(r => (decimal)r["Rate"]!).ToList();
        Assert.Equal(rates.OrderByDescending(r => r), rates);
        Assert.DoesNotContain(rows, r => r.ContainsKey("UnitName"));
    }

    [Fact]
    public async Task IncrementalRefreshRangeReadsOnlyItsMonthsFromOnePartitionRange()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = await _client.ReadModelAsync(cancellationToken);
        const string filter = "PeriodStart ge 2023-07-01 and PeriodStart lt 2023-08-01";

        var (rows, _, _) = await _client.ReadAllAsync(model, "Observations", $"/api/odata/Observations?$filter={Uri.EscapeDataString(filter)}", cancellationToken);

        Assert.Equal(12, rows.Count);
        Assert.All(rows, r => Assert.Equal("2023-07", r["Period"]));
        var parsed = new ODataQueryOptionParser(model, model.FindDeclaredType("BacNinh.Datasets.Observation"), model.EntityContainer.FindEntitySet("Observations"),
            new Dictionary<string, string> { ["$filter"] = filter }).ParseFilter();
        Assert.Equal("PartitionKey ge '2023-07' and PartitionKey lt '2023-07~'", TablePushdown.Build(DatasetCatalog.Observations, parsed.Expression));
    }

    [Theory]
    [InlineData("Period eq '2023-08' and IndicatorCode eq 'DOC_SIGNED'", "PartitionKey eq '2023-08_DOC_SIGNED' and IndicatorCode eq 'DOC_SIGNED'")]
    [InlineData("IndicatorCode eq 'X'' or PartitionKey ne '''", "IndicatorCode eq 'X'' or PartitionKey ne '''")]
    [InlineData("Tier eq 'province' and PeriodStart le 2023-08-01", "PartitionKey lt '2023-08~' and Tier eq 'province'")]
    [InlineData("UnitName eq 'a' or Period eq '2023-08'", null)]
    public async Task FilterTermsArePushedDownAsParameterisedKeyRanges(string filter, string? expected)
    {
        var model = await _client.ReadModelAsync(TestContext.Current.CancellationToken);
        var parsed = new ODataQueryOptionParser(model, model.FindDeclaredType("BacNinh.Datasets.Observation"), model.EntityContainer.FindEntitySet("Observations"),
            new Dictionary<string, string> { ["$filter"] = filter }).ParseFilter();

        Assert.Equal(expected, TablePushdown.Build(DatasetCatalog.Observations, parsed.Expression));
    }

    [Theory]
    [InlineData("UnitCode eq 'U01'' or ''1'' eq ''1'")]
    [InlineData("IndicatorCode eq 'DOC_SIGNED'' or PartitionKey ne '''")]
    [InlineData("Period eq '2023-08'' or ''a'' eq ''a'")]
    public async Task InjectionInFilterMatchesNothing(string filter)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = await _client.ReadModelAsync(cancellationToken);

        var page = await _client.ReadPageAsync(model, "Observations", $"/api/odata/Observations?$filter={Uri.EscapeDataString(filter)}", cancellationToken);

        Assert.Empty(page.Rows);
    }

    [Theory]
    [InlineData("/api/odata/Observations?$expand=Unit")]
    [InlineData("/api/odata/Observations?$apply=groupby((Tier))")]
    [InlineData("/api/odata/Observations?$search=abc")]
    [InlineData("/api/odata/Observations?$whatever=1")]
    [InlineData("/api/odata/Observations?$filter=Unit/UnitName eq 'x'")]
    [InlineData("/api/odata/Observations?$filter=Rate eq")]
    [InlineData("/api/odata/Observations?$filter=NoSuchField eq 1")]
    [InlineData("/api/odata/Observations?$skiptoken=not-a-token")]
    [InlineData("/api/odata/Observations?$orderby=tolower(UnitName)")]
    [InlineData("/api/odata/Observations?$format=xml")]
    public async Task UnsupportedRequestsGetBadRequestWithODataError(string url)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var response = await host.Http.GetAsync(url, cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task UnknownSetIsNotFound()
    {
        using var response = await host.Http.GetAsync("/api/odata/Secrets", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ReferenceSetsAreServedFromReferenceData()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = await _client.ReadModelAsync(cancellationToken);

        var (units, _, _) = await _client.ReadAllAsync(model, "Units", "/api/odata/Units?$filter=Tier eq 'province'", cancellationToken);
        var (targets, _, _) = await _client.ReadAllAsync(model, "Targets", "/api/odata/Targets?$filter=IndicatorCode eq 'ONLINE_DOSSIERS' and Tier eq 'district'", cancellationToken);
        var (indicators, _, _) = await _client.ReadAllAsync(model, "Indicators", "/api/odata/Indicators", cancellationToken);

        // The 22 agencies of 2023 and the two of the 2025 mergers; the 13 of today have no end date.
        Assert.Equal(22 + 2, units.Count);
        Assert.Equal(13, units.Count(u => u["ValidTo"] is null));
        Assert.Equal(65m, Assert.Single(targets)["TargetRate"]);
        // The three typed indicators and the two computed from dossier records (§2b).
        Assert.Equal(5, indicators.Count);
    }

    [Fact]
    public async Task RatesKeepFullPrecision()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = await _client.ReadModelAsync(cancellationToken);

        var page = await _client.ReadPageAsync(model, "TierAggregates", "/api/odata/TierAggregates?$filter=Period eq '2023-08' and IndicatorCode eq 'DOC_SIGNED' and Tier eq 'province'", cancellationToken);

        Assert.Equal(12.3456789012345678m, Assert.Single(page.Rows)["MeanRate"]);
    }

    [Fact]
    public async Task CsvIsUtf8WithBomAndNeutralisesFormulas()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var response = await host.Http.GetAsync("/api/datasets/Observations.csv?period=2023-08&indicator=DOC_SIGNED", cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var text = Encoding.UTF8.GetString(bytes.AsSpan(3));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Contains("Đơn vị 1", text, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/datasets/Observations.csv?period=2023-08")]
    [InlineData("/api/datasets/TierAggregates.json?indicator=DOC_SIGNED")]
    [InlineData("/api/datasets/Units.json?tier=district&period=2023-08")]
    public async Task DatasetsHaveWeakETagsAndAnswerNotModified(string url)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var first = await host.Http.GetAsync(url, cancellationToken);
        var etag = first.Headers.ETag;

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag!);
        using var second = await host.Http.SendAsync(request, cancellationToken);

        Assert.NotNull(etag);
        Assert.True(etag.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    [Theory]
    [InlineData("/api/datasets/Observations.csv?indicator=DOC_SIGNED'%20or%20'a'%20eq%20'a", HttpStatusCode.OK)]
    [InlineData("/api/datasets/Observations.csv?tier=province'%20or%20''%20eq%20'", HttpStatusCode.BadRequest)]
    [InlineData("/api/datasets/Observations.csv?period=2023-08'%20or%20'", HttpStatusCode.BadRequest)]
    [InlineData("/api/datasets/..%2F..%2FObservations.csv", HttpStatusCode.NotFound)]
    [InlineData("/api/datasets/Observations%27%20or%20%27.csv", HttpStatusCode.NotFound)]
    [InlineData("/api/aggregations/2023-08'%20or%20'", HttpStatusCode.BadRequest)]
    public async Task InjectionInRouteValuesAndParametersReachesNoQuery(string url, HttpStatusCode expected)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var response = await host.Http.SendAsync(new HttpRequestMessage(url.Contains("aggregations", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, url), cancellationToken);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            var lines = (await response.Content.ReadAsStringAsync(cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
        }
        else
        {
            await AssertProblemAsync(response, expected, cancellationToken);
        }
    }

    [Theory]
    [InlineData("/api/datasets/Observations.json?period=2023-8", HttpStatusCode.BadRequest, "The period must be written yyyy-MM.")]
    [InlineData("/api/datasets/Observations.json?tier=ward", HttpStatusCode.BadRequest, "The tier must be one of province, district, commune, all.")]
    [InlineData("/api/datasets/Secrets.json", HttpStatusCode.NotFound, "Unknown dataset.")]
    [InlineData("/api/datasets/Observations.xml", HttpStatusCode.NotFound, "Use .csv or .json.")]
    [InlineData("/api/bulletins/2023-13", HttpStatusCode.BadRequest, "The period must be written yyyy-MM.")]
    [InlineData("/api/bulletins/2023-08?format=pdf", HttpStatusCode.BadRequest, "The format must be md or html.")]
    [InlineData("/api/templates/DOC_SIGNED.xlsx?period=August", HttpStatusCode.BadRequest, "The period must be written yyyy-MM.")]
    [InlineData("/api/templates/NOPE.xlsx", HttpStatusCode.NotFound, "Unknown indicator.")]
    public async Task RoutesOutsideTheFeedAnswerErrorsAsProblemDetails(string url, HttpStatusCode expected, string detail)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var response = await host.Http.GetAsync(url, cancellationToken);

        var problem = await AssertProblemAsync(response, expected, cancellationToken);
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        return problem;
    }
}
