using Azure.Storage.Blobs;
using BacNinh.Functions.Aggregation;
using BacNinh.Functions.Hosting;
using BacNinh.Functions.Ingestion;
using BacNinh.Storage;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.DependencyInjection;

namespace BacNinh.LocalHost.Functions;

/// <summary>
/// The WebJobs SDK (the Functions runtime's own trigger engine) fires these; each forwards to
/// the Functions app's class, so local runs execute exactly the deployed code.
/// </summary>
public sealed class LocalTriggers(IServiceProvider services)
{
    public Task IngestUpload([BlobTrigger(TriggerSources.Uploads, Connection = TriggerSources.Connection)] BlobClient blob, string name, CancellationToken cancellationToken) =>
        Create<IngestUpload>().Run(blob, name, cancellationToken);

    public Task ReconcileUploads([TimerTrigger(TriggerSources.ReconcileSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        Create<BacNinh.Functions.Ingestion.ReconcileUploads>().Run(new Microsoft.Azure.Functions.Worker.TimerInfo { IsPastDue = timer.IsPastDue }, cancellationToken);

    public Task AggregateRequestedPeriod([QueueTrigger(TriggerSources.AggregationQueue, Connection = TriggerSources.Connection)] string period, CancellationToken cancellationToken) =>
        Create<BacNinh.Functions.Aggregation.AggregateRequestedPeriod>().Run(period, cancellationToken);

    public Task AggregateNightly([TimerTrigger(TriggerSources.AggregationSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        Create<BacNinh.Functions.Aggregation.AggregateNightly>().Run(new Microsoft.Azure.Functions.Worker.TimerInfo { IsPastDue = timer.IsPastDue }, cancellationToken);

    public Task PublishMonthlyBulletin([TimerTrigger(TriggerSources.BulletinSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        Create<BacNinh.Functions.Bulletins.PublishMonthlyBulletin>().Run(new Microsoft.Azure.Functions.Worker.TimerInfo { IsPastDue = timer.IsPastDue }, cancellationToken);

    private T Create<T>() where T : class => ActivatorUtilities.CreateInstance<T>(services);
}
