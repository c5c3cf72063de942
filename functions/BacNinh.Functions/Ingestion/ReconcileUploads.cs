using BacNinh.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Ingestion;

/// <summary>
/// Runs the reconciliation sweep on <c>RECONCILE_SCHEDULE</c>. In Azure it is the safety net
/// behind Event Grid (every few minutes); the local host runs it every few seconds.
/// </summary>
public sealed class ReconcileUploads(UploadReconciler reconciler)
{
    [Function(nameof(ReconcileUploads))]
    public Task Run([TimerTrigger(TriggerSources.ReconcileSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        reconciler.RunAsync(cancellationToken);
}
