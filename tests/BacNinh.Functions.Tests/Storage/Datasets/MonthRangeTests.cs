using Azure;
using BacNinh.Core.Periods;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Datasets;

namespace BacNinh.Functions.Tests.Storage.Datasets;

/// <summary>Which months an open-ended read of a versioned set visits: each costs a storage query on a new instance.</summary>
public sealed class MonthRangeTests
{
    private static readonly Period Now = new(2026, 12);

    [Fact]
    public void AnOpenEndedReadEndsAtTheNewestPointerNotAtToday()
    {
        var served = Pointers(new Period(2020, 1), 24);

        var months = MonthQueries.Months(null, null, served, firstStored: new Period(2020, 1), Now).ToList();

        Assert.Equal(24, months.Count);
        Assert.Equal(new Period(2020, 1), months[0]);
        Assert.Equal(new Period(2021, 12), months[^1]);
    }

    [Fact]
    public void AMonthBeforeTheFirstPointerWithRowsFromBeforeVersioningIsStillVisited()
    {
        var served = Pointers(new Period(2023, 3), 2);

        var months = MonthQueries.Months(null, null, served, firstStored: new Period(2023, 1), Now, descending: true).ToList();

        Assert.Equal([new Period(2023, 4), new Period(2023, 3), new Period(2023, 2), new Period(2023, 1)], months);
    }

    [Fact]
    public void WithoutAnyPointerAnOpenEndedReadEndsAtTheMonthItIsInVietnam()
    {
        var months = MonthQueries.Months(null, null, Pointers(Now, 0), firstStored: new Period(2026, 10), Now).ToList();

        Assert.Equal([new Period(2026, 10), new Period(2026, 11), Now], months);
    }

    [Fact]
    public void AClosedRangeIsVisitedWholeWhateverThePointers()
    {
        var months = MonthQueries.Months(new Period(2021, 11), new Period(2022, 2), Pointers(new Period(2020, 1), 24), firstStored: null, Now).ToList();

        Assert.Equal([new Period(2021, 11), new Period(2021, 12), new Period(2022, 1), new Period(2022, 2)], months);
    }

    private static ServedVersions Pointers(Period first, int count)
    {
        var months = new Dictionary<string, MonthVersion>();
        for (var (month, i) = (first, 0); i < count; month = month.Next, i++)
        {
            months[month.ToString()] = new MonthVersion(month, [new ServedVersion($"v{i}", DateTimeOffset.UnixEpoch)], ETag.All);
        }

        return new ServedVersions(months);
    }
}
