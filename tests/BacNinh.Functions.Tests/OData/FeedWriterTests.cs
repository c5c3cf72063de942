using System.Text;
using BacNinh.Core.Datasets;
using BacNinh.Functions.Serving.Datasets;
using BacNinh.Functions.Serving.OData;
using BacNinh.Storage.Datasets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.OData;
#pragma warning disable CS0618
using EdmDate = Microsoft.OData.Edm.Date;
#pragma warning restore CS0618

namespace BacNinh.Functions.Tests.OData;

/// <summary>
/// A page written by <see cref="FeedWriter"/> (the library's envelope, the rows written directly) is byte for
/// byte what Microsoft.OData.Core writes when it writes every row itself, for values that escape, round or
/// carry offsets, for every field and a selection, with a count and a next link.
/// </summary>
public sealed class FeedWriterTests
{
    private static readonly Uri Root = new("http://localhost:7071/api/odata/");

    private static readonly DatasetDefinition Set = DatasetCatalog.Observations;

    [Theory]
    [InlineData("")]
    [InlineData("$select=UnitName,Rate,UpdatedAt,PeriodStart")]
    [InlineData("$count=true&$filter=PeriodStart ge 2023-08-01 and PeriodStart lt 2023-09-01&$orderby=Rate desc")]
    [InlineData("$filter=Numerator gt 5")]
    public void APageIsWhatTheLibraryWritesRowByRow(string query)
    {
        var plan = Plan(query);
        var page = new FeedPage([.. Rows()], null, plan.Count ? 12_345 : null, 1000);
        var next = new Uri(Root, "Observations?$skiptoken=abc%27%22");

        var (written, type) = Write(m => FeedWriter.WritePage(m, Filters.Model, Root, plan, page, next));
        var (expected, expectedType) = Write(m => LibraryRowByRow(m, plan, page, next));

        Assert.Equal(expectedType, type);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void AFullPageWrittenOnInPiecesIsWhatTheLibraryWrites()
    {
        var plan = Plan(string.Empty);
        var page = new FeedPage([.. Rows(1000)], null, null, 1000);

        var (written, _) = Write(m => FeedWriter.WritePage(m, Filters.Model, Root, plan, page, null));
        var (expected, _) = Write(m => LibraryRowByRow(m, plan, page, null));

        Assert.True(written.Length > 100 * 1024, "A page of a thousand rows is flushed to the stream many times.");
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void AnEmptyLastPageIsWhatTheLibraryWrites()
    {
        var plan = Plan("");
        var page = new FeedPage([], null, null, 1000);

        var (written, _) = Write(m => FeedWriter.WritePage(m, Filters.Model, Root, plan, page, null));
        var (expected, _) = Write(m => LibraryRowByRow(m, plan, page, null));

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void AValueOfAnotherTypeIsLeftToTheLibrary()
    {
        var plan = Plan("");
        var odd = new DatasetRow("2023-08_DOC_SIGNED", "U09", new Dictionary<string, object?> { ["UnitCode"] = "U09", ["Rate"] = 0.25d, ["RankInTier"] = (short)3 });
        var page = new FeedPage([.. Rows(), odd], null, null, 1000);

        var (written, _) = Write(m => FeedWriter.WritePage(m, Filters.Model, Root, plan, page, null));
        var (expected, _) = Write(m => LibraryRowByRow(m, plan, page, null));

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(written));
    }

    /// <summary>Rows as read from storage (values over the set's layout) and as built in memory (by name), with values that test the writer.</summary>
    private static IEnumerable<DatasetRow> Rows(int count = 12)
    {
        string[] names = ["Xã \"Tam\" Sơn", "Phường Đình Bảng\\<b>&'", "tab\there\u2028line\u0001", "emoji 😀 ở Bắc Ninh", "", "日本 del\u007f nbsp\u00a0 bom\ufeff"];
        decimal?[] rates = [0.50m, 0.9625m, 1m, -0.0000000001m, 79228162514264337593543950335m, null];
        DateTimeOffset[] instants =
        [
            new(2023, 9, 1, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2023, 9, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567),
            new(2023, 9, 1, 10, 0, 0, TimeSpan.FromHours(7)), new DateTimeOffset(2023, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(5_000_000),
        ];
        var layout = StoredRowLayout.For(Set);
        for (var i = 0; i < count; i++)
        {
            var values = new object?[Set.Fields.Count];
            for (var f = 0; f < values.Length; f++)
            {
                values[f] = Set.Fields[f].Kind switch
                {
                    FieldKind.String => i == 5 && f > 2 ? null : names[(i + f) % names.Length],
                    FieldKind.Decimal => rates[(i + f) % rates.Length],
                    FieldKind.Int32 => i == 4 ? int.MinValue : i * 7 - f,
                    FieldKind.Int64 => i == 3 ? long.MaxValue : (long)i * 1_000_003 + f,
                    FieldKind.Boolean => i % 2 == 0 ? true : i == 7 ? null : false,
                    FieldKind.Date => new DateOnly(2023, 1 + (i % 12), 1),
                    FieldKind.DateTimeOffset => instants[i % instants.Length],
                    _ => null,
                };
            }

            yield return i % 3 == 0
                ? new DatasetRow($"2023-{(i % 12) + 1:00}_DOC_SIGNED", $"U{i:00}", Set.Fields.Select((f, n) => (f.Name, values[n])).ToDictionary(p => p.Name, p => p.Item2, StringComparer.Ordinal))
                : DatasetReader.ToRow(layout, new StoredRow($"2023-{(i % 12) + 1:00}_DOC_SIGNED", $"U{i:00}", values, null, null));
        }
    }

    private static FeedPlan Plan(string query)
    {
        var options = FeedQueryOptions.Parse(new QueryCollection(QueryHelpersParse(query)));
        return FeedPlan.Parse(Filters.Model, Root, Set.Name, options);
    }

    private static Dictionary<string, StringValues> QueryHelpersParse(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => new StringValues(p[1]));

    private static (byte[] Bytes, string ContentType) Write(Action<IODataResponseMessage> write)
    {
        using var body = new MemoryStream();
        var message = new Message(body);
        write(message);
        return (body.ToArray(), message.GetHeader("Content-Type"));
    }

    /// <summary>The library writing every row itself: what the feed served before it wrote rows directly.</summary>
    private static void LibraryRowByRow(IODataResponseMessage message, FeedPlan plan, FeedPage page, Uri? nextLink)
    {
        var entitySet = Filters.Model.EntityContainer.FindEntitySet(plan.Dataset.Name);
        var settings = new ODataMessageWriterSettings
        {
            BaseUri = Root,
            Version = ODataVersion.V4,
            EnableMessageStreamDisposal = false,
            ODataUri = new ODataUri { ServiceRoot = Root, Path = plan.Path, SelectAndExpand = plan.Select },
            Validations = ValidationKinds.None,
        };
        settings.SetContentType(ODataFormat.Json);
        using var writer = new ODataMessageWriter(message, settings, Filters.Model);
        var resources = writer.CreateODataResourceSetWriter(entitySet, entitySet.EntityType);
        resources.WriteStart(new ODataResourceSet { Count = page.Total, NextPageLink = nextLink });
        var selected = plan.Select is null || plan.Select.AllSelected ? [.. plan.Dataset.Fields]
            : plan.Dataset.Fields.Where(f => f.IsKey || plan.Select.SelectedItems.OfType<Microsoft.OData.UriParser.PathSelectItem>()
                .Any(p => p.SelectedPath.LastSegment.Identifier == f.Name)).ToList();
        foreach (var row in page.Rows)
        {
#pragma warning disable CS0618
            resources.WriteStart(new ODataResource
            {
                Properties = selected.Select(f => new ODataProperty { Name = f.Name, Value = row[f.Name] is DateOnly d ? new EdmDate(d.Year, d.Month, d.Day) : row[f.Name] }),
            });
#pragma warning restore CS0618
            resources.WriteEnd();
        }

        resources.WriteEnd();
        resources.Flush();
    }

    private sealed class Message(Stream body) : IODataResponseMessage
    {
        private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

        public IEnumerable<KeyValuePair<string, string>> Headers => _headers;

        public int StatusCode { get; set; } = 200;

        public string GetHeader(string headerName) => _headers.GetValueOrDefault(headerName)!;

        public void SetHeader(string headerName, string headerValue) => _headers[headerName] = headerValue;

        public Stream GetStream() => body;
    }
}
