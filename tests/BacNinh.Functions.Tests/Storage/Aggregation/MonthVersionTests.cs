using Azure;
using Azure.Data.Tables;
using BacNinh.Core.Periods;
using BacNinh.Storage.Aggregation;

namespace BacNinh.Functions.Tests.Storage.Aggregation;

/// <summary>Which computation of a month a read is given, from the month's pointer.</summary>
public sealed class MonthVersionTests
{
    private static readonly DateTimeOffset Noon = new(2023, 9, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly MonthVersion August = new(new Period(2023, 8),
        [new("v3", Noon), new("v2", Noon.AddMinutes(-5)), new("v1", Noon.AddMinutes(-30))], ETag.All);

    [Fact]
    public void AReadIsGivenTheVersionServedWhenItStarted()
    {
        Assert.Equal("v3", August.ServedAt(null));
        Assert.Equal("v3", August.ServedAt(Noon.AddSeconds(1)));
        Assert.Equal("v2", August.ServedAt(Noon.AddMinutes(-1)));
        Assert.Equal("v1", August.ServedAt(Noon.AddMinutes(-10)));
        Assert.Equal("v1", August.ServedAt(Noon.AddHours(-5)));
        Assert.Equal(["v3", "v2", "v1"], August.Readable);
    }

    [Fact]
    public void OnlyRowsOfTheServedVersionAreServedAndRowsFromBeforeVersioningOnlyWithoutAPointer()
    {
        var served = new ServedVersions(new Dictionary<string, MonthVersion> { ["2023-08"] = August });

        Assert.True(served.IsServed(Row("2023-08", "v3")));
        Assert.False(served.IsServed(Row("2023-08", "v2")));
        Assert.True(served.IsServed(Row("2023-08", "v2"), Noon.AddMinutes(-1)));
        Assert.False(served.IsServed(Row("2023-08", null)));
        Assert.True(served.IsServed(Row("2023-07", null)));
        Assert.False(served.IsServed(Row("2023-07", "v9")));
    }

    private static TableEntity Row(string period, string? version)
    {
        var entity = new TableEntity("p", "r") { ["Period"] = period };
        if (version is not null)
        {
            entity[MonthVersions.VersionProperty] = version;
        }

        return entity;
    }
}
