using BacNinh.Core.Bulletins;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Timeliness;

namespace BacNinh.Core.Tests.Timeliness;

/// <summary>
/// August 2023, due by the end of 5 September 2023 (Vietnam time) under the default deadline: one province
/// agency on time, one late, one that corrected its figures, one entered by the coordinating department,
/// and the rest missing.
/// </summary>
public sealed class ReportingTimelinessTests
{
    private static readonly ReferenceData Reference = UnitRows.Reference;
    private static readonly Period August = UnitRows.August2023;
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    private static DateTimeOffset At(int month, int day, int hour) => new(2023, month, day, hour, 0, 0, Vietnam);

    private static ValueArrival Value(string unit, string upload, DateTimeOffset at, long numerator, Period? period = null, string indicator = "DOC_SIGNED") =>
        new(period ?? August, indicator, unit, upload, at, numerator, 100, numerator);

    private static readonly UploadRecord[] Uploads =
    [
        new("u-stc", "p-stc", At(9, 3, 10), 2),
        new("u-sxd", "p-sxd", At(9, 8, 9), 0),
        new("u-stp-1", "p-stp", At(9, 4, 8), 1),
        new("u-tttt", "so-tttt", At(9, 5, 16), 5),
    ];

    private static readonly ValueArrival[] Arrivals =
    [
        Value("P-STC", "u-stc", At(9, 3, 10), 95),                      // on time
        Value("P-SXD", "u-sxd", At(9, 8, 9), 90),                       // late: 3 days after the 5th
        Value("P-STP", "u-stp-1", At(9, 4, 8), 80),                     // on time, then corrected once
        Value("P-STP", "u-stp-1", At(9, 4, 8), 70, indicator: "WORK_DOSSIER_ONLINE"),
        Value("P-STP", "u-stp-2", At(9, 10, 8), 85),                    // a correction (changed value)
        Value("P-STP", "u-stp-3", At(9, 12, 8), 85),                    // the same figures again: no correction
        Value("P-STP", "u-stp-3", At(9, 12, 8), 70, indicator: "WORK_DOSSIER_ONLINE"),
        Value("P-VPUBND", "u-tttt", At(9, 5, 16), 88),                  // entered by the coordinator, before the deadline
        Value("P-STC", "u-stc-july", At(8, 20, 9), 90, new Period(2023, 7)), // July: late (due 5 August)
    ];

    private static IReadOnlyList<UnitTimeliness> Compute() =>
        new ReportingTimelinessCalculator(Reference, ReportingDeadlines.LoadDefaults()).Compute(August, Arrivals, Uploads);

    private static UnitTimeliness Row(string unit) => Compute().Single(r => r.UnitCode == unit);

    [Fact]
    public void DefaultDeadlineIsTheEndOfTheFifthOfTheNextMonthVietnamTimeWithItsSource()
    {
        var deadline = ReportingDeadlines.LoadDefaults().For(August);

        Assert.Equal(new DateTimeOffset(2023, 9, 6, 0, 0, 0, Vietnam), deadline.DueBy(August));
        Assert.Equal(new DateOnly(2023, 9, 5), deadline.DueDay(August));
        Assert.Contains("contract §4", deadline.Source, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2024, 1, 6, 0, 0, 0, Vietnam), deadline.DueBy(new Period(2023, 12)));
    }

    [Fact]
    public void AnUploadBeforeTheDeadlineIsOnTime()
    {
        var row = Row("P-STC");

        Assert.True(row.OnTime);
        Assert.False(row.Missing);
        Assert.Equal(0, row.DaysLate);
        Assert.Equal(At(9, 3, 10), row.FirstUploadAt);
        Assert.Equal(At(9, 3, 10), row.LastUploadAt);
        Assert.Equal(0, row.Corrections);
        Assert.Equal(2, row.RowsRejected);
        Assert.Equal(new DateTimeOffset(2023, 9, 6, 0, 0, 0, Vietnam), row.Deadline);
    }

    [Fact]
    public void AnUploadAfterTheDeadlineIsLateByTheDaysStartedSince()
    {
        var row = Row("P-SXD");

        Assert.False(row.OnTime);
        Assert.False(row.Missing);
        Assert.Equal(3, row.DaysLate);
        Assert.Equal(At(9, 8, 9), row.FirstUploadAt);
    }

    [Fact]
    public void ALaterUploadThatChangesACurrentValueIsACorrectionAndARepeatIsNot()
    {
        var row = Row("P-STP");

        Assert.True(row.OnTime);
        Assert.Equal(1, row.Corrections);
        Assert.Equal(At(9, 4, 8), row.FirstUploadAt);
        Assert.Equal(At(9, 12, 8), row.LastUploadAt);
        Assert.Equal(1, row.RowsRejected);
    }

    [Fact]
    public void AValueTheCoordinatorEnteredCountsForTheUnitItIsFor()
    {
        var row = Row("P-VPUBND");

        Assert.True(row.OnTime);
        Assert.Equal(At(9, 5, 16), row.FirstUploadAt);
        Assert.Equal(0, row.RowsRejected); // the coordinator's rejected rows are its own
        Assert.Equal(5, Row("P-STTTT").RowsRejected);
    }

    [Fact]
    public void AnExpectedUnitWithNoValueIsMissing()
    {
        var row = Row("P-SNV");

        Assert.True(row.Missing);
        Assert.False(row.OnTime);
        Assert.Null(row.DaysLate);
        Assert.Null(row.FirstUploadAt);
        Assert.Equal(Reference.Units.For(August).Units.Count, Compute().Count);
        Assert.Equal("Sở Nội vụ", row.UnitName);
    }

    [Fact]
    public void OnTimeShareCountsTheLastTwelveMonthsTheUnitWasExpectedIn()
    {
        // P-STC: on time in August, late in July, missing in the ten months before.
        Assert.Equal(100m / 12, Row("P-STC").OnTimeShare);
        Assert.Equal(100m / 12, Row("P-STP").OnTimeShare);
        Assert.Equal(0m, Row("P-SXD").OnTimeShare);
    }

    [Fact]
    public void BulletinNamesTheUnitsMissingAfterTheDeadlineAndTheLatestOnes()
    {
        var rows = Compute().Where(r => r.Tier == Core.Units.Tier.Province).ToList();
        var afterDeadline = TimelinessSection.Paragraph(August, rows, At(9, 20, 0));
        var before = TimelinessSection.Paragraph(August, rows, At(9, 2, 0));

        Assert.StartsWith("Hạn gửi báo cáo tháng 8/2023: hết ngày 05/09/2023. 03 đơn vị gửi đúng hạn, 01 đơn vị gửi muộn.", afterDeadline, StringComparison.Ordinal);
        Assert.Contains("Đã quá hạn, còn 18 đơn vị chưa gửi số liệu: ", afterDeadline, StringComparison.Ordinal);
        Assert.Contains("Sở Nội vụ", afterDeadline, StringComparison.Ordinal);
        Assert.Contains("và 06 đơn vị khác", afterDeadline, StringComparison.Ordinal);
        Assert.Contains("Gửi muộn nhất: Sở Xây dựng (ngày 08/09/2023, muộn 3 ngày).", afterDeadline, StringComparison.Ordinal);
        Assert.Contains("Sửa số liệu sau khi gửi: Sở Tư pháp (1 lần).", afterDeadline, StringComparison.Ordinal);
        Assert.Contains("Chưa đến hạn; hiện còn 18 đơn vị chưa gửi số liệu", before, StringComparison.Ordinal);
    }

    [Fact]
    public void BulletinSaysSoWhenNoUnitOrEveryUnitReportedOnTime()
    {
        var reported = Compute().Where(r => !r.Missing).ToList();
        var late = reported.Where(r => !r.OnTime).ToList();
        var onTime = reported.Where(r => r.OnTime).ToList();

        Assert.Contains($"Không đơn vị nào gửi đúng hạn; {late.Count:00} đơn vị gửi muộn.", TimelinessSection.Paragraph(August, late, At(9, 20, 0)), StringComparison.Ordinal);
        Assert.Contains($"Cả {onTime.Count:00} đơn vị báo cáo đều gửi đúng hạn.", TimelinessSection.Paragraph(August, onTime, At(9, 20, 0)), StringComparison.Ordinal);
    }

    [Fact]
    public void AMonthBeforeAnyDeadlineHasNoRowsAndItsMonthsCountForNoShare()
    {
        var calculator = new ReportingTimelinessCalculator(Reference, ReportingDeadlines.LoadDefaults());

        Assert.Null(ReportingDeadlines.LoadDefaults().Find(new Period(2019, 12)));
        Assert.Empty(calculator.Compute(new Period(2019, 2), [], []));

        // February 2020: the default deadline starts in January 2020, so the share looks back over two months.
        var february = new Period(2020, 2);
        var rows = calculator.Compute(february, [Value("P-STC", "u-feb", new DateTimeOffset(2020, 3, 2, 9, 0, 0, Vietnam), 90, february)], []);
        Assert.Equal(50m, rows.Single(r => r.UnitCode == "P-STC").OnTimeShare);
    }

    [Fact]
    public void TheBulletinCarriesTheReportingParagraph()
    {
        var aggregation = new Core.Aggregation.PeriodAggregator(Reference).Aggregate(August, Reference.Indicators.Find("DOC_SIGNED")!, [UnitRows.Row("DOC_SIGNED", "P-STC", 95, 100)], []);
        var markdown = new BulletinComposer(Reference).Compose(August, [aggregation], Compute(), At(9, 20, 0)).ToMarkdown();

        Assert.Contains("## TÌNH HÌNH GỬI BÁO CÁO", markdown, StringComparison.Ordinal);
        Assert.Contains("Gửi muộn nhất: Sở Xây dựng (ngày 08/09/2023, muộn 3 ngày)", markdown, StringComparison.Ordinal);
    }
}
