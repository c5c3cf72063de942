using System.Text;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;
using BacNinh.Core.Uploaders;

namespace BacNinh.Core.Tests.Ingestion;

/// <summary>The upload rules of the contract (§3) that the workbook tests do not already pin.</summary>
public sealed class UploadRuleTests
{
    private static readonly ReferenceData Reference = ReferenceData.LoadDefaults();

    private static ParsedUpload Parse(string csv, string path = "so-tttt/2023-08/report.csv", bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        return new UploadParser(Reference, TimeProvider.System).Parse(new MemoryStream(bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes), UploadPath.Parse(path));
    }

    [Theory]
    [InlineData("Báo cáo Tháng 8/2023")]
    [InlineData("BÁO CÁO THÁNG 08 NĂM 2023")]
    [InlineData("Kỳ: T8/2023")]
    [InlineData("tháng 8 - 2023")]
    public void PeriodIsReadFromTheTitleWhenThePathHasNone(string title)
    {
        var parsed = Parse($"{title}\nTên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,420,420", "so-tttt/report.csv");

        Assert.Equal(new Period(2023, 8), Assert.Single(parsed.Observations).Period);
    }

    [Theory]
    [InlineData("Kỳ báo cáo")]
    [InlineData("Tháng")]
    public void PeriodIsReadFromAReportingPeriodColumn(string header)
    {
        var parsed = Parse($"{header},Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\n08/2023,Sở Tài chính,420,420", "so-tttt/report.csv");

        Assert.Equal(new Period(2023, 8), Assert.Single(parsed.Observations).Period);
    }

    [Fact]
    public void PeriodColumnThatDisagreesWithThePathRejectsTheWholeFile()
    {
        var parsed = Parse("Kỳ báo cáo,Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\n08/2023,Sở Tài chính,420,420\n07/2023,Sở Tư pháp,100,90");

        Assert.Equal(UploadStatus.Rejected, parsed.Status);
        Assert.Empty(parsed.Observations);
        var problem = Assert.Single(parsed.Problems);
        Assert.Equal((ProblemCodes.PeriodConflict, 3, "A"), (problem.Code, problem.Row, problem.Column));
    }

    [Fact]
    public void PeriodOfTheCurrentMonthIsNotInTheFuture()
    {
        var clock = new FixedClock(new DateTimeOffset(2023, 8, 15, 3, 0, 0, TimeSpan.Zero));
        const string csv = "Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,420,420";

        var current = new UploadParser(Reference, clock).Parse(new MemoryStream(Encoding.UTF8.GetBytes(csv)), UploadPath.Parse("so-tttt/2023-08/report.csv"));
        var next = new UploadParser(Reference, clock).Parse(new MemoryStream(Encoding.UTF8.GetBytes(csv)), UploadPath.Parse("so-tttt/2023-09/report.csv"));

        Assert.Equal((UploadStatus.Accepted, 1), (current.Status, current.RowsAccepted));
        Assert.Equal(ProblemCodes.FuturePeriod, Assert.Single(next.Problems).Code);
    }

    [Fact]
    public void IndicatorIsTakenFromAnIndicatorCodeColumn()
    {
        var parsed = Parse("Mã chỉ tiêu,Tên đơn vị,Tỷ lệ (%)\nWORK_DOSSIER_ONLINE,Sở Tài chính,\"97,5\"\nDOC_SIGNED,Sở Tài chính,90");

        Assert.Equal(["WORK_DOSSIER_ONLINE", "DOC_SIGNED"], parsed.Observations.Select(o => o.IndicatorCode));
        Assert.Equal(97.5m, parsed.Observations[0].Rate);
        Assert.Null(parsed.Observations[0].Numerator);
    }

    [Fact]
    public void HeadersAreMatchedWithoutCaseDiacriticsOrPunctuation()
    {
        var parsed = Parse("TEN DON VI;TONG SO VAN BAN DI;SO VAN BAN DI CO KY SO;TY LE (%)\nSo Tai chinh;420;420;100%", bom: true);

        Assert.Equal("P-STC", Assert.Single(parsed.Observations).UnitCode);
    }

    [Theory]
    [InlineData("Tên đơn vị")]
    [InlineData("Tên cơ quan, đơn vị")]
    [InlineData("Đơn vị")]
    [InlineData("Cơ quan")]
    public void UnitColumnIsFoundByEachOfItsCatalogHeaders(string header)
    {
        var parsed = Parse($"\"{header}\",Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,420,400");

        var row = Assert.Single(parsed.Observations);
        Assert.Equal(("P-STC", 420L, 400L), (row.UnitCode, row.Denominator!.Value, row.Numerator!.Value));
    }

    [Fact]
    public void HeaderPunctuationThatDiffersFromTheCatalogIsIgnored()
    {
        var parsed = Parse("Tên cơ quan/đơn vị,Tổng số văn bản đi:,Số văn bản đi - có ký số,Tỷ lệ(%)\nSở Tài chính,420,400,\"95,24\"");

        Assert.Empty(parsed.Problems);
        var row = Assert.Single(parsed.Observations);
        Assert.Equal(("P-STC", 420L, 400L), (row.UnitCode, row.Denominator!.Value, row.Numerator!.Value));
    }

    [Fact]
    public void HeaderIsFoundUpToTheFifteenthRowAndNoFurther()
    {
        const string table = "Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,420,420";

        Assert.Single(Parse(string.Concat(Enumerable.Repeat("Tiêu đề\n", 14)) + table).Observations);
        var tooLow = Parse(string.Concat(Enumerable.Repeat("Tiêu đề\n", 15)) + table);
        Assert.Equal(ProblemCodes.NoTable, Assert.Single(tooLow.Problems).Code);
        Assert.Equal(UploadStatus.Rejected, tooLow.Status);
    }

    [Fact]
    public void RateOutsideZeroToHundredIsRejected()
    {
        var parsed = Parse("Mã chỉ tiêu,Tên đơn vị,Tỷ lệ (%)\nDOC_SIGNED,Sở Tài chính,120\nDOC_SIGNED,Sở Tư pháp,-5\nDOC_SIGNED,Sở Y tế,80", "so-tttt/2023-08/rates.csv");

        Assert.Equal([ProblemCodes.RateOutOfRange, ProblemCodes.RateOutOfRange], parsed.Problems.Select(p => p.Code));
        Assert.Equal("P-SYT", Assert.Single(parsed.Observations).UnitCode);
    }

    [Fact]
    public void UnknownIndicatorCodeIsARowProblemAtItsCellAndOtherRowsStay()
    {
        var parsed = Parse("Mã chỉ tiêu,Tên đơn vị,Tỷ lệ (%)\nDOC_SIGNED,Sở Tài chính,80\nNO_SUCH,Sở Tư pháp,90");

        var problem = Assert.Single(parsed.Problems);
        Assert.Equal((ProblemCodes.UnknownIndicator, 3, "A"), (problem.Code, problem.Row!.Value, problem.Column));
        Assert.Equal("P-STC", Assert.Single(parsed.Observations).UnitCode);
        Assert.Equal(UploadStatus.AcceptedWithErrors, parsed.Status);
    }

    [Fact]
    public void RateOnlyRowWithoutAnIndicatorIsNotATable()
    {
        var parsed = Parse("Tên đơn vị,Tỷ lệ (%)\nSở Tài chính,80");

        Assert.Equal(UploadStatus.Rejected, parsed.Status);
        Assert.Equal(ProblemCodes.NoTable, parsed.Problems[0].Code);
    }

    [Fact]
    public void PeriodInTheFutureIsRejected()
    {
        var parsed = Parse("Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,420,420", "so-khcn/2099-01/report.csv");

        Assert.Equal(ProblemCodes.FuturePeriod, Assert.Single(parsed.Problems).Code);
        Assert.Empty(parsed.Observations);
    }

    [Fact]
    public void UnknownUnitIsReportedWithTheClosestRegistryNames()
    {
        var parsed = Parse("Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chánh,420,420");

        var problem = Assert.Single(parsed.Problems);
        Assert.Equal((ProblemCodes.UnknownUnit, 2, "A"), (problem.Code, problem.Row, problem.Column));
        Assert.Contains("Sở Tài chính", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnitNamedTwiceInOneIndicatorIsADuplicateWhateverTheCase()
    {
        var parsed = Parse("Mã chỉ tiêu,Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nDOC_SIGNED,Sở Tài chính,420,420\nDOC_SIGNED,Sở TÀI CHÍNH,1,1");

        Assert.Equal(ProblemCodes.DuplicateUnit, Assert.Single(parsed.Problems).Code);
    }

    [Fact]
    public void UnitNamedTwiceInDifferentIndicatorsIsNotADuplicate()
    {
        var parsed = Parse("Mã chỉ tiêu,Tên đơn vị,Tỷ lệ (%)\nDOC_SIGNED,Sở Tài chính,95\nWORK_DOSSIER_ONLINE,Sở TÀI CHÍNH,90");

        Assert.Empty(parsed.Problems);
        Assert.Equal(["DOC_SIGNED", "WORK_DOSSIER_ONLINE"], parsed.Observations.Select(o => o.IndicatorCode).Order(StringComparer.Ordinal));
        Assert.All(parsed.Observations, o => Assert.Equal("P-STC", o.UnitCode));
    }

    [Fact]
    public void BlankRowsNotesAndTotalsAreSkippedWithoutProblems()
    {
        var parsed = Parse("""
            Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số
            Sở Tài chính,420,420
            ,,
            Tổng cộng,420,420
            Toàn tỉnh,420,420
            Trung bình,,
            Ghi chú: số liệu tạm tính,,
            Sở Nội vụ,,
            """);

        Assert.Empty(parsed.Problems);
        Assert.Equal(1, parsed.RowsRead);
    }

    [Theory]
    [InlineData("Tổng cộng")]
    [InlineData("Tổng")]
    [InlineData("Toàn tỉnh")]
    [InlineData("Trung bình")]
    public void TotalRowWithFiguresIsSkipped(string total)
    {
        var parsed = Parse($"Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,420,420\n{total},420,420");

        Assert.Empty(parsed.Problems);
        Assert.Equal((1, "P-STC"), (parsed.RowsRead, Assert.Single(parsed.Observations).UnitCode));
    }

    [Fact]
    public void SectionRowsSetTheTierThatTellsApartUnitsOfTheSameName()
    {
        Unit Named(string code, Tier tier, string? parent) => new(code, tier, parent, "Tổ công nghệ số", string.Empty, [], DateOnly.MinValue, null);
        var reference = Reference with { Units = new UnitRegistry([Named("P-TCNS", Tier.Province, null), Named("D-TCNS", Tier.District, null), Named("X-TCNS", Tier.Commune, "D-TCNS")]) };
        const string csv = """
            Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số
            I. CẤP TỈNH,,
            Tổ công nghệ số,100,90
            II. Cấp huyện,,
            Tổ công nghệ số,50,40
            Cấp xã,,
            Tổ công nghệ số,20,10
            """;

        var parsed = new UploadParser(reference, TimeProvider.System).Parse(new MemoryStream(Encoding.UTF8.GetBytes(csv)), UploadPath.Parse("so-tttt/2023-08/report.csv"));

        Assert.Empty(parsed.Problems);
        Assert.Equal(
            [("P-TCNS", Tier.Province, 90L), ("D-TCNS", Tier.District, 40L), ("X-TCNS", Tier.Commune, 10L)],
            parsed.Observations.Select(o => (o.UnitCode, o.Tier, o.Numerator!.Value)));
    }

    [Fact]
    public void TextWhereAFigureShouldBeIsNotANumberEvenWhenTheRestOfTheRowWouldDo()
    {
        var parsed = Parse("""
            Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số,Tỷ lệ (%)
            Sở Xây dựng,100,khoảng 90,90
            Sở Y tế,100,50,năm mươi
            Sở Tư pháp,100,50,50
            """);

        Assert.Equal(
            [(ProblemCodes.NotANumber, 2, "C"), (ProblemCodes.NotANumber, 3, "D")],
            parsed.Problems.Select(p => (p.Code, p.Row!.Value, p.Column!)));
        Assert.Contains("khoảng 90", parsed.Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal("P-STP", Assert.Single(parsed.Observations).UnitCode);
    }

    [Fact]
    public void RateWithinOneHundredthOfAPointOfTheCountsIsAcceptedAndFurtherOffIsAMismatch()
    {
        // 1076 / 1211 = 88.852…%: 88.86 is 0.008 off, 88.87 is 0.018 off.
        var parsed = Parse("""
            Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số,Tỷ lệ (%)
            VP UBND tỉnh,1211,1076,"88,86"
            Sở Tài chính,1211,1076,"88,87"
            """);

        Assert.Equal("P-VPUBND", Assert.Single(parsed.Observations).UnitCode);
        var problem = Assert.Single(parsed.Problems);
        Assert.Equal((ProblemCodes.RateMismatch, 3, "D"), (problem.Code, problem.Row, problem.Column));
    }

    [Fact]
    public void GroupHeaderMergedOverItsSubColumnsNamesEachOfThem()
    {
        // "Số văn bản đi" is merged over both sub-columns: the file holds its text in the first one only.
        var parsed = Parse("""
            Tên đơn vị,Số văn bản đi,
            ,Tổng số,Có ký số
            Sở Tài chính,420,400
            """);

        Assert.Empty(parsed.Problems);
        var row = Assert.Single(parsed.Observations);
        Assert.Equal(("DOC_SIGNED", 420L, 400L), (row.IndicatorCode, row.Denominator!.Value, row.Numerator!.Value));
    }

    [Fact]
    public void TwoRowHeaderWithAGroupTotalNamesTheNumerator()
    {
        var parsed = Parse("""
            Đơn vị,Số hồ sơ tiếp nhận,Hồ sơ trực tuyến,,
            ,,Tổng số,Toàn trình,Một phần
            Sở Tư pháp,1000,296,100,196
            """);

        var row = Assert.Single(parsed.Observations);
        Assert.Equal(("ONLINE_DOSSIERS", 1000L, 296L, 100L), (row.IndicatorCode, row.Denominator!.Value, row.Numerator!.Value, row.Breakdowns["FullOnline"]));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
