using BacNinh.Functions.Aggregation;
using BacNinh.Functions.Auth;
using BacNinh.Functions.Ingestion;
using BacNinh.Functions.Page;
using BacNinh.Functions.Serving.Bodies;
using BacNinh.Functions.Serving.Datasets;
using BacNinh.Functions.Serving.OData;
using BacNinh.Functions.Uploads;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Datasets;
using BacNinh.Storage.Dossiers;
using BacNinh.Storage.Reference;
using BacNinh.Storage.Uploads;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BacNinh.Functions.Hosting;

/// <summary>
/// The app's wiring, shared by the Functions app and the local host so both run the same services.
/// </summary>
public static class ServiceRegistration
{
    /// <summary>Everything the app runs on: what both the Functions app and the local host call.</summary>
    public static IHostApplicationBuilder AddBacNinhApplication(this IHostApplicationBuilder builder) =>
        builder.AddBacNinhStorage().AddIngestion().AddAggregation().AddDatasets().AddBacNinhAuth();

    public static IHostApplicationBuilder AddBacNinhStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => StorageAccount.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<ReferenceDataStore>();
        builder.Services.AddSingleton<UnitValueStore>();
        builder.Services.AddSingleton<AggregationStore>();
        builder.Services.AddSingleton<UploadReportStore>();
        builder.Services.AddSingleton<AggregationRequests>();
        builder.Services.AddSingleton<AggregationLocks>();
        builder.Services.AddSingleton<MonthVersions>();
        builder.Services.AddSingleton<DossierRecordStore>();
        builder.Services.AddSingleton<DossierFigureStore>();
        builder.Services.AddSingleton<DossierRecount>();
        return builder;
    }

    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IngestionOptions>()
            .BindConfiguration(nameof(IngestionOptions))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<UploadAttempts>();
        builder.Services.AddSingleton<UploadIndex>();
        builder.Services.AddSingleton<DossierExportIngestor>();
        builder.Services.AddSingleton<UploadIngestor>();
        builder.Services.AddOptions<ReconciliationOptions>()
            .BindConfiguration("Reconciliation")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<UploadReconciler>();
        builder.Services.AddSingleton<UploadInbox>();
        builder.Services.AddSingleton<AgencyUploads>();
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>, UploadBodyLimit>();
        builder.Services.AddSingleton<PageAssets>();
        builder.Services.AddSingleton<UploadPageSettings>();
        return builder;
    }

    public static IHostApplicationBuilder AddAggregation(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<PeriodRecalculator>();
        builder.Services.AddSingleton<BulletinStore>();
        builder.Services.AddSingleton<TimelinessInputs>();
        builder.Services.AddSingleton<ReportingTimelinessStore>();
        builder.Services.AddSingleton<ReportingTimelinessRecorder>();
        builder.Services.AddSingleton<MonthFigureReader>();
        builder.Services.AddSingleton<ReportDiscrepancyStore>();
        return builder;
    }

    public static IHostApplicationBuilder AddDatasets(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ReferenceRows>();
        builder.Services.AddOptions<ODataFeedOptions>()
            .BindConfiguration(nameof(ODataFeedOptions))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<DatasetBodyOptions>()
            .BindConfiguration(DatasetBodyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<DatasetTable>();
        builder.Services.AddSingleton<ServedSnapshots>();
        builder.Services.AddSingleton<DatasetBodyBlobs>();
        builder.Services.AddSingleton<BodyStore>();
        builder.Services.AddSingleton<DatasetReader>();
        builder.Services.AddSingleton<PageSources>();
        builder.Services.AddSingleton<ODataFeed>();
        builder.Services.AddHostedService<ServingWarmUp>();
        return builder;
    }
}
