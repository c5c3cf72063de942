using BacNinh.Core.Ingestion;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;
using BacNinh.Core.Uploaders;

namespace BacNinh.Core.Tests.Ingestion;

/// <summary>Real workbooks (made by LibreOffice from Data/generate.py) read end to end. Run once per format.</summary>
public class XlsxUploadTests
{
    private static readonly ReferenceData Reference = ReferenceData.LoadDefaults();

    protected virtual string Extension => ".xlsx";

    private ParsedUpload Parse(string path, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        using var content = TestFiles.Open(Extension, test);
        return new UploadParser(Reference, TimeProvider.System).Parse(content, UploadPath.Parse(path + Extension));
    }

    [Fact]
    public void MessyWorkbookIsIngestedWithEveryTier()
    {
        var parsed = Parse("so-tttt/tong-hop");

        Assert.Equal("2023-08", parsed.Period.ToString());
        Assert.Equal(["Hướng dẫn"], parsed.SkippedSheets);
        var problem = Assert.Single(parsed.Problems);
        Assert.Equal(("Ký số", 21, "B", ProblemCodes.DuplicateUnit), (problem.Sheet, problem.Row, problem.Column, problem.Code));
        Assert.Equal(UploadStatus.AcceptedWithErrors, parsed.Status);
        Assert.Equal((14, 13, 1), (parsed.RowsRead, parsed.RowsAccepted, parsed.RowsRejected));

        var signed = parsed.Observations.Where(o => o.IndicatorCode == "DOC_SIGNED").ToDictionary(o => o.UnitCode);
        Assert.Equal(
            ["P-STNMT", "P-VPUBND", "P-SKHDT", "P-BQLKCN", "256", "263", "262", "09445", "09451", "09184"],
            parsed.Observations.Where(o => o.IndicatorCode == "DOC_SIGNED").Select(o => o.UnitCode));
        Assert.Equal((1211L, 1076L), (signed["P-VPUBND"].Denominator, signed["P-VPUBND"].Numerator));
        Assert.Equal(99m, signed["P-SKHDT"].Rate);
        Assert.Equal(Tier.District, signed["262"].Tier);
        Assert.Equal(Tier.Commune, signed["09445"].Tier);
        Assert.Equal("262", signed["09445"].ParentCode);
        Assert.Equal("256", signed["09184"].ParentCode);
        Assert.Equal(20, signed["09184"].Row);

        var dossiers = parsed.Observations.Where(o => o.IndicatorCode == "ONLINE_DOSSIERS").ToDictionary(o => o.UnitCode);
        Assert.Equal(["P-STP", "P-SGDDT", "09454"], dossiers.Keys);
        var justice = dossiers["P-STP"];
        Assert.Equal((1000L, 296L, 29.6m), (justice.Denominator!.Value, justice.Numerator!.Value, justice.Rate!.Value));
        Assert.Equal(100, justice.Breakdowns["FullOnline"]);
        Assert.Equal(196, justice.Breakdowns["PartialOnline"]);
        Assert.Equal(700, justice.Breakdowns["InPerson"]);
        Assert.Equal(4, justice.Breakdowns["Postal"]);
        Assert.Equal(50m, dossiers["09454"].Rate);
    }

    [Fact]
    public void CanonicalTemplateIsAccepted()
    {
        var parsed = Parse("so-tttt/2023-08/ky-so");

        Assert.Empty(parsed.Problems);
        Assert.Equal(UploadStatus.Accepted, parsed.Status);
        Assert.Equal(["P-STC", "P-VPUBND", "263", "09184"], parsed.Observations.Select(o => o.UnitCode));
        Assert.Equal(100m * 1076 / 1211, parsed.Observations[1].Rate);

        // A unit with no documents reports, without a rate.
        var noDocuments = parsed.Observations[3];
        Assert.Equal((0L, 0L, (decimal?)null), (noDocuments.Denominator!.Value, noDocuments.Numerator!.Value, noDocuments.Rate));
    }
}

public sealed class XlsUploadTests : XlsxUploadTests
{
    protected override string Extension => ".xls";
}
