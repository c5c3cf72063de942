using System.Text;
using Azure.Data.Tables;
using BacNinh.Core.Datasets;
using BacNinh.Functions.Serving.Datasets;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Datasets;

namespace BacNinh.IntegrationTests.Storage;

/// <summary>
/// A set's rows read straight from storage's JSON (<see cref="DatasetTable.ReadRowsAsync"/>) are the
/// values the SDK's entities give (<see cref="DatasetValues"/>), field by field, on Azurite.
/// </summary>
public sealed class TypedRowReadTests(StorageAccountFixture fixture) : IClassFixture<StorageAccountFixture>
{
    private static readonly DateTimeOffset Updated = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public async Task EveryKindOfFieldReadsAsTheSdksEntityGivesIt()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (dataset, table) = await TableAsync(cancellationToken);
        var entities = Enumerable.Range(0, 40).Select(Entity).ToList();
        foreach (var entity in entities)
        {
            await table.AddEntityAsync(entity, cancellationToken);
        }

        var reader = new DatasetTable(fixture.Storage, new BulletinStore(fixture.Storage, new MonthVersions(fixture.Storage)), TimeProvider.System);
        var rows = await reader.ReadRowsAsync(new DatasetQuery(dataset), cancellationToken).ToListAsync(cancellationToken);
        var expected = await table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ToListAsync(cancellationToken);

        Assert.Equal(expected.Count, rows.Count);
        foreach (var (row, entity) in rows.Zip(expected))
        {
            Assert.Equal((entity.PartitionKey, entity.RowKey), (row.PartitionKey, row.RowKey));
            for (var i = 0; i < dataset.Fields.Count; i++)
            {
                Assert.Equal(DatasetValues.Get(entity, dataset.Fields[i]), row.Values[i]);
            }
        }

        // Values repeated from row to row are read once and stay right when they change.
        Assert.Equal(["Xã \"Đông\", Tiến", "Phường Ninh Xá"], rows.Select(r => r.Values[1]).Distinct());
        Assert.Contains(rows, r => r.Values[3] is null);
    }

    [Fact]
    public async Task ACapturedPageComesWithoutAnnotationsAndOnlyInsideItsScope()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (_, table) = await TableAsync(cancellationToken);
        await table.AddEntityAsync(Entity(1), cancellationToken);

        var sink = new TablePageSink();
        List<Azure.Page<TableEntity>> pages;
        using (TablePageCapture.Scope(sink))
        {
            pages = await table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).AsPages().ToListAsync(cancellationToken);
        }

        var json = Encoding.UTF8.GetString(sink.Take().ToArray());
        Assert.Empty(Assert.Single(pages).Values);
        Assert.Contains("\"RowKey\":\"r001\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("odata.type", json, StringComparison.Ordinal);

        // Outside the scope the same client reads entities as always.
        Assert.Single(await table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ToListAsync(cancellationToken));
        Assert.Throws<InvalidOperationException>(sink.Take);
    }

    /// <summary>
    /// Pages of over a megabyte (a page read into a pooled buffer that grows) one after another (the second into
    /// a buffer the first gave back) read whole and each row as written.
    /// </summary>
    [Fact]
    public async Task LargePagesOneAfterAnotherReadWhole()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (dataset, table) = await TableAsync(cancellationToken);
        static string Name(int i) => string.Concat(Enumerable.Repeat($"Xã {i:D4} ", 150));
        foreach (var batch in Enumerable.Range(0, 1_100).Chunk(100))
        {
            await table.SubmitTransactionAsync(batch.Select(i => new TableTransactionAction(TableTransactionActionType.Add,
                new TableEntity("p", $"r{i:D4}") { ["Period"] = "2025-03", ["Name"] = Name(i), ["Count"] = i })), cancellationToken);
        }

        var reader = new DatasetTable(fixture.Storage, new BulletinStore(fixture.Storage, new MonthVersions(fixture.Storage)), TimeProvider.System);
        var rows = await reader.ReadRowsAsync(new DatasetQuery(dataset), cancellationToken).ToListAsync(cancellationToken);

        Assert.Equal(Enumerable.Range(0, 1_100).Select(i => (Name(i), (object)i)), rows.Select(r => ((string)r.Values[1]!, r.Values[2]!)));
    }

    private static TableEntity Entity(int i) => new("p", $"r{i:D3}")
    {
        ["Period"] = "2025-03",
        ["Name"] = i % 7 < 4 ? "Xã \"Đông\", Tiến" : "Phường Ninh Xá",
        ["Count"] = i * 3,
        ["Rate"] = i % 5 == 0 ? null : (i % 3 == 0 ? "-" : string.Empty) + (i / 7m).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture),
        ["Total"] = 5_000_000_000L + i,
        ["Met"] = i % 2 == 0,
        ["Start"] = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero),
        ["UpdatedAt"] = Updated.AddMinutes(i % 3),
        ["Ignored"] = "not a field",
    };

    private async Task<(DatasetDefinition Dataset, TableClient Table)> TableAsync(CancellationToken cancellationToken)
    {
        var name = $"typed{Guid.NewGuid():N}"[..20];
        var dataset = new DatasetDefinition(name, name, PeriodPartitioned: false,
        [
            new("Period", FieldKind.String, IsKey: true),
            new("Name", FieldKind.String),
            new("Count", FieldKind.Int32),
            new("Rate", FieldKind.Decimal),
            new("Total", FieldKind.Int64),
            new("Met", FieldKind.Boolean),
            new("Start", FieldKind.Date),
            new("UpdatedAt", FieldKind.DateTimeOffset),
            new("Missing", FieldKind.String),
        ]);
        var table = fixture.Storage.Tables.GetTableClient(name);
        await table.CreateIfNotExistsAsync(cancellationToken);
        return (dataset, table);
    }
}
