using System.Text;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Reference;
using BacNinh.Core.Uploaders;

namespace BacNinh.Core.Tests.Uploaders;

/// <summary>Successors report and correct their predecessors' months; nobody else gains rights (contract §2a).</summary>
public sealed class SuccessorUploadTests
{
    private static readonly ReferenceData Reference = UnitRows.Reference;

    private static ParsedUpload Parse(string path, params string[] codes)
    {
        var csv = "Mã đơn vị,Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\n" + string.Concat(codes.Select(c => $"{c},{c},100,90\n"));
        return new UploadParser(Reference, TimeProvider.System).Parse(new MemoryStream(Encoding.UTF8.GetBytes(csv)), UploadPath.Parse(path));
    }

    [Fact]
    public void KinhBacsFolderReportsForEveryWardThatBecameKinhBacInJune2025()
    {
        var parsed = Parse("09187/2025-06/bo-sung.csv", "09187", "09184", "09172", "09214", "09226", "09235");

        Assert.Empty(parsed.Problems);
        Assert.Equal(6, parsed.RowsAccepted);
        Assert.Equal("Phường Suối Hoa", parsed.Observations.Single(o => o.UnitCode == "09187").UnitName);
    }

    [Fact]
    public void KinhBacsFolderReportsThroughBothRounds()
    {
        // Vệ An became Tiền Ninh Vệ in December 2024, which became Kinh Bắc in July 2025.
        var parsed = Parse("09187/2024-11/bo-sung.csv", "09175");

        Assert.Empty(parsed.Problems);
        Assert.Equal("Phường Vệ An", Assert.Single(parsed.Observations).UnitName);
    }

    [Theory]
    [InlineData("09169")]
    [InlineData("09193")]
    public void ANeighboursFolderCannotReportForSuoiHoa(string folder)
    {
        var parsed = Parse($"{folder}/2025-06/bo-sung.csv", "09187");

        Assert.Equal(ProblemCodes.UnitNotAllowed, Assert.Single(parsed.Problems).Code);
        Assert.Empty(parsed.Observations);
    }

    [Fact]
    public void TheCoordinatorOfTodayMayCompileAnEarlierMonthAndItsPredecessorNoLater()
    {
        var today = Parse("so-khcn/2023-08/bao-cao.csv", "P-STC", "09163");
        var gone = Parse("so-tttt/2026-10/bao-cao.csv", "P-STC");

        Assert.Equal(2, today.RowsAccepted);
        Assert.Equal(ProblemCodes.UnknownUploader, Assert.Single(gone.Problems).Code);
    }
}
