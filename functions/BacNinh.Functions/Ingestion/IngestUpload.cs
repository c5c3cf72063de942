using BacNinh.Functions.Hosting;
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Ingestion;

/// <summary>Runs when an agency's file lands in <c>uploads/</c>. Event Grid source: what Flex Consumption supports.</summary>
public sealed class IngestUpload(UploadIngestor ingestor)
{
    [Function(nameof(IngestUpload))]
    public Task Run(
        [BlobTrigger(TriggerSources.Uploads, Source = BlobTriggerSource.EventGrid, Connection = TriggerSources.Connection)] BlobClient blob,
        string name,
        CancellationToken cancellationToken) =>
        ingestor.IngestAsync(blob, name, cancellationToken);
}
