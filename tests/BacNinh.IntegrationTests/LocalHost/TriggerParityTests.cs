using System.Reflection;
using BacNinh.LocalHost.Functions;
using Worker = Microsoft.Azure.Functions.Worker;
using Sdk = Microsoft.Azure.WebJobs;

namespace BacNinh.IntegrationTests.LocalHost;

/// <summary>
/// The local host must fire every non-HTTP function of the Functions app from the same source
/// (blob path, queue, schedule setting and connection), or local runs stop telling the truth.
/// </summary>
public sealed class TriggerParityTests
{
    private static readonly string[] Known = ["IngestUpload", "ReconcileUploads", "AggregateRequestedPeriod", "AggregateNightly", "PublishMonthlyBulletin"];

    /// <summary>Each non-HTTP function of the Functions app: its name, trigger kind, source and connection.</summary>
    private static Dictionary<string, (string Kind, string Source, string? Connection)> DeployedTriggers() =>
        typeof(BacNinh.Functions.Ingestion.IngestUpload).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Function: m.GetCustomAttribute<Worker.FunctionAttribute>(), Trigger: m.GetParameters().Select(Source).FirstOrDefault(s => s is not null)))
            .Where(f => f.Function is not null && f.Trigger is not null)
            .ToDictionary(f => f.Function!.Name, f => f.Trigger!.Value);

    private static (string Kind, string Source, string? Connection)? Source(ParameterInfo parameter) =>
        parameter.GetCustomAttributes().Select(a => a switch
        {
            Worker.BlobTriggerAttribute blob => ("blob", blob.BlobPath, blob.Connection),
            Worker.QueueTriggerAttribute queue => ("queue", queue.QueueName, queue.Connection),
            Worker.TimerTriggerAttribute timer => ("timer", timer.Schedule, (string?)null),
            Sdk.BlobTriggerAttribute blob => ("blob", blob.BlobPath, blob.Connection),
            Sdk.QueueTriggerAttribute queue => ("queue", queue.QueueName, queue.Connection),
            Sdk.TimerTriggerAttribute timer => ("timer", timer.ScheduleExpression, (string?)null),
            _ => ((string, string, string?)?)null,
        }).FirstOrDefault(s => s is not null);

    [Fact]
    public void EveryNonHttpFunctionIsFiredLocallyFromTheSameSource()
    {
        var deployed = DeployedTriggers();
        var local = typeof(LocalTriggers).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(m => (m.Name, Trigger: m.GetParameters().Select(Source).FirstOrDefault(s => s is not null)))
            .Where(m => m.Trigger is not null)
            .ToDictionary(m => m.Name, m => m.Trigger!.Value);

        Assert.Superset(Known.ToHashSet(), deployed.Keys.ToHashSet());
        Assert.Equal(deployed.Keys.Order(StringComparer.Ordinal), local.Keys.Order(StringComparer.Ordinal));
        Assert.All(deployed, function => Assert.Equal(function.Value, local[function.Key]));
    }
}
