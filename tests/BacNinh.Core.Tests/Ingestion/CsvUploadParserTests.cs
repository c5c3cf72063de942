using System.Text;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Reference;
using BacNinh.Core.Uploaders;

namespace BacNinh.Core.Tests.Ingestion;

public sealed class CsvUploadParserTests
{
    private static readonly ReferenceData Reference = ReferenceData.LoadDefaults();
    private readonly UploadParser _parser = new(Reference, TimeProvider.System);

    private ParsedUpload Parse(string csv, string path = "so-tttt/2023-08/report.csv") =>
        _parser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(csv)), UploadPath.Parse(path));

    [Fact]
    public void CanonicalCsvBecomesOneObservationPerUnit()
    {
        var parsed = Parse("""
            Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số,Tỷ lệ (%)
            Sở Tài chính,420,420,100
            VP UBND tỉnh,1211,1076,"88,85"
            """);

        Assert.Equal(UploadStatus.Accepted, parsed.Status);
        Assert.Equal(2, parsed.RowsAccepted);
        var office = Assert.Single(parsed.Observations, o => o.UnitCode == "P-VPUBND");
        Assert.Equal("DOC_SIGNED", office.IndicatorCode);
        Assert.Equal(100m * 1076 / 1211, office.Rate);
        Assert.Equal("2023-08", office.Period.ToString());
    }

    [Fact]
    public void SemicolonSeparatedCsvWithTitleRowsIsRead()
    {
        var parsed = Parse("""
            BÁO CÁO TỶ LỆ HỒ SƠ TRỰC TUYẾN THÁNG 8/2023;;;
            ;;;
            Đơn vị;Tổng số hồ sơ tiếp nhận;Số hồ sơ trực tuyến;Toàn trình;Một phần
            Sở Tư pháp;1000;296;100;196
            """, "so-tttt/report.csv");

        var row = Assert.Single(parsed.Observations);
        Assert.Equal("ONLINE_DOSSIERS", row.IndicatorCode);
        Assert.Equal(29.6m, row.Rate);
        Assert.Equal(100, row.Breakdowns["FullOnline"]);
        Assert.Equal("2023-08", row.Period.ToString());
    }

    [Fact]
    public void RateThatDisagreesWithCountsIsRejectedWithItsPosition()
    {
        var parsed = Parse("""
            Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số,Tỷ lệ (%)
            Sở Tài chính,420,420,100
            Sở Xây dựng,100,90,95
            """);

        Assert.Equal(UploadStatus.AcceptedWithErrors, parsed.Status);
        var problem = Assert.Single(parsed.Problems);
        Assert.Equal((ProblemCodes.RateMismatch, 3, "D"), (problem.Code, problem.Row, problem.Column));
        Assert.Equal(1, parsed.RowsRejected);
    }

    [Fact]
    public void EachRowProblemIsReportedAndGoodRowsAreKept()
    {
        var parsed = Parse("""
            Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số
            Sở Tài chính,420,421
            Sở Không Tồn Tại,10,5
            Sở Xây dựng,abc,5
            Sở Y tế,-1,5
            Phường Ninh Xá,10,5
            Sở Tư pháp,10,10
            Sở Tư pháp,10,9
            Tổng cộng,900,850
            """);

        Assert.Equal(
            [ProblemCodes.NumeratorExceedsDenominator, ProblemCodes.UnknownUnit, ProblemCodes.NotANumber, ProblemCodes.NegativeValue, ProblemCodes.AmbiguousUnit, ProblemCodes.DuplicateUnit],
            parsed.Problems.Select(p => p.Code));
        Assert.Equal("P-STP", Assert.Single(parsed.Observations).UnitCode);
        Assert.Equal(7, parsed.RowsRead);
    }

    [Fact]
    public void DistrictGroupRowResolvesCommuneNamesUnderIt()
    {
        var parsed = Parse("""
            Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số
            III. CẤP XÃ,,
            Thị xã Thuận Thành,100,90
            Phường Ninh Xá,50,45
            Thành phố Bắc Ninh,,
            Phường Ninh Xá,40,40
            """);

        Assert.Empty(parsed.Problems);
        Assert.Equal(["09445", "09184"], parsed.Observations.Select(o => o.UnitCode));
    }

    [Theory]
    [InlineData("Thuộc")]
    [InlineData("Đơn vị cấp trên")]
    public void ParentColumnResolvesCommunesOfTheSameName(string parentHeader)
    {
        var parsed = Parse($"""
            Tên đơn vị,{parentHeader},Tổng số văn bản đi,Số văn bản đi có ký số
            Phường Ninh Xá,Thị xã Thuận Thành,50,45
            Phường Ninh Xá,TP Bắc Ninh,40,40
            """);

        Assert.Empty(parsed.Problems);
        Assert.Equal([("09445", "262"), ("09184", "256")], parsed.Observations.Select(o => (o.UnitCode, o.ParentCode)));
    }

    [Fact]
    public void PathAndContentThatDisagreeOnThePeriodRejectTheFile()
    {
        var parsed = Parse("""
            Báo cáo tháng 07 năm 2023
            Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số
            Sở Tài chính,420,420
            """);

        Assert.Equal(UploadStatus.Rejected, parsed.Status);
        Assert.Contains(parsed.Problems, p => p.Code == ProblemCodes.PeriodConflict);
    }

    [Fact]
    public void FileWithoutPeriodInPathOrContentIsRejected()
    {
        var parsed = Parse("""
            Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số
            Sở Tài chính,420,420
            """, "so-tttt/report.csv");

        Assert.Equal(UploadStatus.Rejected, parsed.Status);
        Assert.Contains(parsed.Problems, p => p.Code == ProblemCodes.PeriodMissing);
    }

    [Fact]
    public void UnsupportedExtensionIsRejected()
    {
        var parsed = Parse("hello", "so-tttt/2023-08/report.pdf");

        Assert.Equal(ProblemCodes.UnsupportedFormat, Assert.Single(parsed.Problems).Code);
    }
}
