using System.Net.Http.Headers;
using System.Xml;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;

namespace BacNinh.IntegrationTests.OData;

/// <summary>Reads the feed as a real OData client does: the model from $metadata (CsdlReader), pages with ODataMessageReader.</summary>
public sealed class ODataClient(HttpClient http)
{
    public async Task<IEdmModel> ReadModelAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("/api/odata/$metadata", cancellationToken);
        response.EnsureSuccessStatusCode();
        using var xml = XmlReader.Create(await response.Content.ReadAsStreamAsync(cancellationToken));
        return CsdlReader.Parse(xml);
    }

    public async Task<FeedPage> ReadPageAsync(IEdmModel model, string set, string url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(await response.Content.ReadAsStringAsync(cancellationToken), null, response.StatusCode);
        }

        var message = new ResponseMessage(response, await response.Content.ReadAsStreamAsync(cancellationToken));
        using var reader = new ODataMessageReader(message, new ODataMessageReaderSettings { EnableMessageStreamDisposal = true }, model);
        var entitySet = model.EntityContainer.FindEntitySet(set);
        var resources = reader.CreateODataResourceSetReader(entitySet, entitySet.EntityType);
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        ODataResourceSet? resourceSet = null;
        while (resources.Read())
        {
            if (resources.State == ODataReaderState.ResourceEnd && resources.Item is ODataResource resource)
            {
                rows.Add(resource.Properties.OfType<ODataProperty>().ToDictionary(p => p.Name, p => p.Value is ODataNullValue ? null : p.Value));
            }
            else if (resources.State == ODataReaderState.ResourceSetEnd)
            {
                resourceSet = (ODataResourceSet)resources.Item;
            }
        }

        return new FeedPage(rows, resourceSet?.NextPageLink, resourceSet?.Count, response.Headers.TryGetValues("OData-Version", out var v) ? string.Join(',', v) : null);
    }

    /// <summary>Follows every nextLink to the end.</summary>
    public async Task<(List<IReadOnlyDictionary<string, object?>> Rows, int Pages, long? Count)> ReadAllAsync(IEdmModel model, string set, string url, CancellationToken cancellationToken)
    {
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        var pages = 0;
        long? count = null;
        for (var next = url; next is not null; pages++)
        {
            var page = await ReadPageAsync(model, set, next, cancellationToken);
            rows.AddRange(page.Rows);
            count ??= page.Count;
            next = page.NextLink?.PathAndQuery;
            Assert.True(pages < 1000, "The feed does not end.");
        }

        return (rows, pages, count);
    }

    private sealed class ResponseMessage(HttpResponseMessage response, Stream body) : IODataResponseMessage
    {
        public IEnumerable<KeyValuePair<string, string>> Headers =>
            response.Headers.Concat(response.Content.Headers).Select(h => new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value)));

        public int StatusCode { get => (int)response.StatusCode; set => throw new NotSupportedException(); }

        public string GetHeader(string headerName) => Headers.FirstOrDefault(h => string.Equals(h.Key, headerName, StringComparison.OrdinalIgnoreCase)).Value!;

        public Stream GetStream() => body;

        public void SetHeader(string headerName, string headerValue) => throw new NotSupportedException();
    }
}

public sealed record FeedPage(List<IReadOnlyDictionary<string, object?>> Rows, Uri? NextLink, long? Count, string? ODataVersion);
