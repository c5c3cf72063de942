using System.Text;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Uploaders;
using BacNinh.Testing;

namespace BacNinh.Core.Tests.Uploaders;

/// <summary>Who may report what (contract §3a), through the parser as an upload meets it.</summary>
public sealed class UploaderScopeTests
{
    private static readonly ReferenceData Reference = ReferenceData.LoadDefaults();

    private const string Header = "Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\n";

    private static ParsedUpload Parse(string path, string rows) =>
        new UploadParser(Reference, TimeProvider.System).Parse(new MemoryStream(Encoding.UTF8.GetBytes(Header + rows)), UploadPath.Parse(path));

    [Fact]
    public void ADistrictUploadsItsOwnFiguresAndItsCommunesButNotAnotherDistrictsCommune()
    {
        // 256 is TP Bắc Ninh: Vũ Ninh and Đáp Cầu are its wards; Thị trấn Chờ is in Yên Phong (258).
        var parsed = Parse("256/2023-08/bao-cao.csv", "Thành phố Bắc Ninh,100,90\nPhường Vũ Ninh,100,80\nPhường Đáp Cầu,100,70\nThị trấn Chờ,100,60\n");

        Assert.Equal(["256", "09163", "09166"], parsed.Observations.Select(o => o.UnitCode));
        var problem = Assert.Single(parsed.Problems);
        Assert.Equal((5, "A", ProblemCodes.UnitNotAllowed), (problem.Row, problem.Column, problem.Code));
        Assert.Contains("Thị trấn Chờ", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'256'", problem.Message, StringComparison.Ordinal);
        Assert.Equal(UploadStatus.AcceptedWithErrors, parsed.Status);
    }

    [Fact]
    public void ACommuneUploadsItselfButNotItsNeighbourNorItsDistrict()
    {
        var parsed = Parse("09163/2023-08/bao-cao.csv", "Phường Vũ Ninh,100,80\nPhường Đáp Cầu,100,70\nThành phố Bắc Ninh,100,90\n");

        Assert.Equal(["09163"], parsed.Observations.Select(o => o.UnitCode));
        Assert.Equal([(3, ProblemCodes.UnitNotAllowed), (4, ProblemCodes.UnitNotAllowed)], parsed.Problems.Select(p => (p.Row!.Value, p.Code)));
        Assert.Equal((3, 1, 2), (parsed.RowsRead, parsed.RowsAccepted, parsed.RowsRejected));
    }

    [Fact]
    public void AProvincialAgencyUploadsOnlyItself()
    {
        var parsed = Parse("p-stc/2023-08/bao-cao.csv", "Sở Tài chính,100,90\nSở Y tế,100,80\n");

        Assert.Equal(["P-STC"], parsed.Observations.Select(o => o.UnitCode));
        Assert.Equal(ProblemCodes.UnitNotAllowed, Assert.Single(parsed.Problems).Code);
    }

    [Fact]
    public void TheCoordinatingDepartmentUploadsEveryUnit()
    {
        var parsed = Parse("so-tttt/2023-08/bao-cao.csv", "Sở Tài chính,100,90\nThành phố Bắc Ninh,100,90\nThị trấn Chờ,100,60\n");

        Assert.Empty(parsed.Problems);
        Assert.Equal(3, parsed.RowsAccepted);
    }

    [Theory]
    [InlineData("so-khong-co/2023-08/bao-cao.csv")]
    [InlineData("bao-cao.csv")]
    [InlineData("2023-08/so-tttt/bao-cao.csv")]
    public void AFolderInNoUploadersEntryRejectsTheFile(string path)
    {
        var parsed = Parse(path, "Sở Tài chính,100,90\n");

        Assert.Equal(UploadStatus.Rejected, parsed.Status);
        Assert.Empty(parsed.Observations);
        Assert.Equal(ProblemCodes.UnknownUploader, Assert.Single(parsed.Problems).Code);
    }

    [Fact]
    public void AFolderOutsideItsValidityRejectsTheFile()
    {
        // TP Bắc Ninh (256) is a district until June 2025; in July 2025 the district tier is gone.
        var parsed = Parse("256/2025-07/bao-cao.csv", "Phường Vũ Ninh,100,80\n");

        Assert.Equal(ProblemCodes.UnknownUploader, Assert.Single(parsed.Problems).Code);
        Assert.Contains("7/2025", parsed.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameUnitOnTwoSheetsIsADuplicateOnTheLaterRow()
    {
        object[] header = ["Tên đơn vị", "Tổng số văn bản đi", "Số văn bản đi có ký số"];
        var workbook = SheetsWorkbook.Create(
            ("Sở ngành", [header, ["Sở Tài chính", 100, 90], ["Sở Y tế", 100, 80]]),
            ("Bổ sung", [header, ["Sở Xây dựng", 100, 70], ["Sở Tài chính", 100, 50]]));

        var parsed = new UploadParser(Reference, TimeProvider.System).Parse(new MemoryStream(workbook), UploadPath.Parse("so-tttt/2023-08/hai-sheet.xlsx"));

        Assert.Equal(["P-STC", "P-SYT", "P-SXD"], parsed.Observations.Select(o => o.UnitCode));
        Assert.Equal(90m, parsed.Observations[0].Rate);
        var problem = Assert.Single(parsed.Problems);
        Assert.Equal(("Bổ sung", 3, "A", ProblemCodes.DuplicateUnit), (problem.Sheet, problem.Row, problem.Column, problem.Code));
        Assert.Contains("'Sở ngành' dòng 2", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultRegistryGivesEveryUnitItsFolderAndDistrictsTheirChildren()
    {
        var uploaders = Reference.Uploaders;
        var august = new Period(2023, 8);

        Assert.All(Reference.Units.All, unit => Assert.Equal(unit.Code, uploaders.Find(unit.Code.ToLowerInvariant(), Period.FromDate(unit.ValidFrom))?.UnitCode));
        Assert.Equal(UploaderScope.Children, uploaders.Find("256", august)!.Scope);
        Assert.Equal(UploaderScope.Self, uploaders.Find("09163", august)!.Scope);
        Assert.Equal(UploaderScope.All, uploaders.Find("so-tttt", august)!.Scope);
        Assert.Equal(UploaderScope.All, uploaders.Find("so-khcn", new Period(2026, 1))!.Scope);
    }

    [Fact]
    public void AReplacedRegistryIsReadFromCsvAndFindsUploadersByGroup()
    {
        var csv = "folder,unit_code,group_id,scope,valid_from,valid_to\nso-tttt,P-STTTT,3f2a,all,2020-01-01,\nphong-gd,P-SGDDT,9b1c,self,2024-01-01,2024-12-31\n";

        var registry = ReferenceData.LoadUploaders(new MemoryStream(Encoding.UTF8.GetBytes(csv)));

        Assert.Null(registry.Find("phong-gd", new Period(2023, 8)));
        Assert.Equal("P-SGDDT", registry.Find("phong-gd", new Period(2024, 3))!.UnitCode);
        Assert.Equal(["so-tttt"], registry.ForGroups(["3F2A"], new DateOnly(2024, 3, 1)).Select(u => u.Folder));
        Assert.Throws<InvalidDataException>(() => ReferenceData.LoadUploaders(new MemoryStream(Encoding.UTF8.GetBytes(csv.Replace("self", "everyone", StringComparison.Ordinal)))));
    }
}
