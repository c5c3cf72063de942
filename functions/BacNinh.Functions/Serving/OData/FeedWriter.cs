using BacNinh.Core.Datasets;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
#pragma warning disable CS0618
using EdmDate = Microsoft.OData.Edm.Date;
#pragma warning restore CS0618

namespace BacNinh.Functions.Serving.OData;

/// <summary>Writes the feed's documents with Microsoft.OData.Core: a page of an entity set, the service document, <c>$metadata</c> and errors.</summary>
public static class FeedWriter
{
    /// <remarks>
    /// The library writes the page's envelope (context, count, next link) with no rows, and the rows go where its
    /// empty <c>value</c> array was (<see cref="FeedRowsJson"/>, the same bytes); a page holding a value of
    /// another type is written by the library whole. Synchronous: the message is in memory, and the library's
    /// asynchronous path costs a task per property for no I/O.
    /// </remarks>
    public static void WritePage(IODataResponseMessage message, IEdmModel model, Uri serviceRoot, FeedPlan plan, FeedPage page, Uri? nextLink)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(page);
        var selected = SelectedFields(plan.Dataset, plan.Select);
        var rows = new FeedRowsJson(selected);
        if (!rows.CanWrite(page.Rows))
        {
            WriteResourceSet(message, model, serviceRoot, plan, page, nextLink, selected);
            return;
        }

        using var envelope = new MemoryStream();
        var envelopeMessage = new BufferedResponseMessage(envelope);
        WriteResourceSet(envelopeMessage, model, serviceRoot, plan, page with { Rows = [] }, nextLink, selected);
        foreach (var (name, header) in envelopeMessage.Headers)
        {
            message.SetHeader(name, header);
        }

        var written = envelope.GetBuffer().AsSpan(0, (int)envelope.Length);
        var array = written.IndexOf("\"value\":[]"u8) + "\"value\":".Length;
        var stream = message.GetStream();
        stream.Write(written[..array]);
        rows.Write(stream, page.Rows);
        stream.Write(written[(array + 2)..]);
    }

    private static void WriteResourceSet(IODataResponseMessage message, IEdmModel model, Uri serviceRoot, FeedPlan plan, FeedPage page, Uri? nextLink, List<DatasetField> selected)
    {
        var entitySet = model.EntityContainer.FindEntitySet(plan.Dataset.Name);
        var settings = Settings(serviceRoot, new ODataUri { ServiceRoot = serviceRoot, Path = plan.Path, SelectAndExpand = plan.Select }, json: true);
        settings.Validations = ValidationKinds.None; // Rows come from the set's definition, which the model is built from.
        using var writer = new ODataMessageWriter(message, settings, model);
        var resources = writer.CreateODataResourceSetWriter(entitySet, entitySet.EntityType);
        resources.WriteStart(new ODataResourceSet { Count = page.Total, NextPageLink = nextLink });
        // One resource and its properties for every row: the writer has written a resource by the time WriteEnd returns.
        var properties = selected.ConvertAll(f => new ODataProperty { Name = f.Name });
        var resource = new ODataResource { Properties = properties };
        foreach (var row in page.Rows)
        {
            for (var i = 0; i < properties.Count; i++)
            {
                properties[i].Value = ToODataValue(row[selected[i].Name]);
            }

            resources.WriteStart(resource);
            resources.WriteEnd();
        }

        resources.WriteEnd();
        resources.Flush();
    }

    public static void WriteServiceDocument(IODataResponseMessage message, IEdmModel model, Uri serviceRoot)
    {
        using var writer = new ODataMessageWriter(message, Settings(serviceRoot, null, json: true), model);
        writer.WriteServiceDocument(model.GenerateServiceDocument());
    }

    public static void WriteMetadata(IODataResponseMessage message, IEdmModel model, Uri serviceRoot)
    {
        using var writer = new ODataMessageWriter(message, Settings(serviceRoot, null, json: false), model);
        writer.WriteMetadataDocument();
    }

    public static void WriteError(IODataResponseMessage message, IEdmModel model, Uri serviceRoot, int status, string code, string text)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.StatusCode = status;
        using var writer = new ODataMessageWriter(message, Settings(serviceRoot, null, json: true), model);
        writer.WriteError(new ODataError { Code = code, Message = text }, includeDebugInformation: false);
    }

    private static ODataMessageWriterSettings Settings(Uri serviceRoot, ODataUri? uri, bool json)
    {
        var settings = new ODataMessageWriterSettings
        {
            BaseUri = serviceRoot,
            Version = ODataVersion.V4,
            EnableMessageStreamDisposal = false,
            ODataUri = uri ?? new ODataUri { ServiceRoot = serviceRoot },
        };
        if (json)
        {
            settings.SetContentType(ODataFormat.Json);
        }

        return settings;
    }

    private static List<DatasetField> SelectedFields(DatasetDefinition dataset, SelectExpandClause? select)
    {
        if (select is null || select.AllSelected)
        {
            return [.. dataset.Fields];
        }

        var names = select.SelectedItems.OfType<PathSelectItem>()
            .Select(p => p.SelectedPath.LastSegment)
            .OfType<PropertySegment>()
            .Select(s => s.Property.Name)
            .ToHashSet(StringComparer.Ordinal);
        return [.. dataset.Fields.Where(f => f.IsKey || names.Contains(f.Name))];
    }

#pragma warning disable CS0618 // Edm.Date is what ODL 8 writes for Edm.Date properties.
    private static object? ToODataValue(object? value) => value switch
    {
        DateOnly d => new EdmDate(d.Year, d.Month, d.Day),
        _ => value,
    };
#pragma warning restore CS0618
}
