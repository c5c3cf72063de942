using System.Text;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;

namespace BacNinh.Core.Tests.Units;

public sealed class UnitDirectoryTests
{
    private static readonly ReferenceData Reference = ReferenceData.LoadDefaults();
    private static readonly UnitDirectory August2023 = Reference.Units.For(new Period(2023, 8));

    [Theory]
    [InlineData("UBND huyện GIA BINH", "263")]
    [InlineData("Ủy ban nhân dân Huyện Gia Bình", "263")]
    [InlineData("H. Gia Bình", "263")]
    [InlineData("TP. Từ Sơn", "261")]
    [InlineData("TX Quế Võ", "259")]
    [InlineData("Sở TN&MT", "P-STNMT")]
    [InlineData("Sở Tài nguyên và Môi trường", "P-STNMT")]
    [InlineData("Sở LĐ-TB&XH", "P-SLDTBXH")]
    [InlineData("Sở VHTT&DL", "P-SVHTTDL")]
    [InlineData("Sở Văn hóa - Thể thao và Du lịch", "P-SVHTTDL")]
    [InlineData("VP UBND tỉnh", "P-VPUBND")]
    [InlineData("TT HCC tỉnh", "P-TTHCC")]
    [InlineData("BQL các KCN", "P-BQLKCN")]
    [InlineData("Sở GTVT", "P-SGTVT")]
    [InlineData("Thanh Tra tỉnh", "P-TTR")]
    [InlineData("Phường Vũ Ninh", "09163")]
    public void MatchFindsUnitsWrittenTheWayClerksWriteThem(string written, string expectedCode)
    {
        var match = August2023.Match(written);

        var found = Assert.IsType<UnitMatch.Found>(match);
        Assert.Equal(expectedCode, found.Unit.Code);
    }

    [Theory]
    [InlineData("Sở TN&MT", "P-STNMT")]
    [InlineData("Sở TT&TT", "P-STTTT")]
    [InlineData("Sở KH&ĐT", "P-SKHDT")]
    [InlineData("Sở KH&CN", "P-SKHCN")]
    [InlineData("Sở GD&ĐT", "P-SGDDT")]
    [InlineData("Sở LĐ-TB&XH", "P-SLDTBXH")]
    [InlineData("Sở VHTT&DL", "P-SVHTTDL")]
    [InlineData("Sở NN&PTNT", "P-SNNPTNT")]
    [InlineData("Sở GTVT", "P-SGTVT")]
    [InlineData("BQL các KCN", "P-BQLKCN")]
    [InlineData("VP UBND tỉnh", "P-VPUBND")]
    [InlineData("TT HCC tỉnh", "P-TTHCC")]
    public void AbbreviationsMatchTheFullNameWithoutRegistryAliases(string written, string expectedCode)
    {
        var withoutAliases = new UnitDirectory(August2023.Period, August2023.Units.Select(u => u with { Aliases = [] }));

        var match = withoutAliases.Match(written);

        Assert.Equal(expectedCode, Assert.IsType<UnitMatch.Found>(match).Unit.Code);
    }

    [Fact]
    public void MatchTreatsDecomposedAndComposedUnicodeAlike()
    {
        var decomposed = "Sở Tư pháp".Normalize(NormalizationForm.FormD);

        var match = August2023.Match(decomposed);

        Assert.Equal("P-STP", Assert.IsType<UnitMatch.Found>(match).Unit.Code);
    }

    [Fact]
    public void MatchRefusesToGuessBetweenTheTwoPhuongNinhXa()
    {
        var match = August2023.Match("Phường Ninh Xá");

        var ambiguous = Assert.IsType<UnitMatch.Ambiguous>(match);
        Assert.Equal(["09184", "09445"], ambiguous.Candidates.Select(u => u.Code).Order());
    }

    [Theory]
    [InlineData("256", "09184")]
    [InlineData("262", "09445")]
    public void MatchResolvesPhuongNinhXaByItsDistrict(string districtCode, string expectedCode)
    {
        var district = August2023.FindByCode(districtCode);

        var match = August2023.Match("P. Ninh Xá", Tier.Commune, district);

        Assert.Equal(expectedCode, Assert.IsType<UnitMatch.Found>(match).Unit.Code);
    }

    [Fact]
    public void MatchSuggestsTheClosestRegistryNamesForAnUnknownUnit()
    {
        var match = August2023.Match("Sở Tài chánh");

        var notFound = Assert.IsType<UnitMatch.NotFound>(match);
        Assert.Contains("Sở Tài chính", notFound.Suggestions);
    }

    [Fact]
    public void RegistryOf2023HasThreeTiersAnd126Communes()
    {
        Assert.Equal(22, August2023.InTier(Tier.Province).Count());
        Assert.Equal(8, August2023.InTier(Tier.District).Count());
        Assert.Equal(126, August2023.InTier(Tier.Commune).Count());
    }

    [Fact]
    public void RegistryFromJuly2025HasNoDistrictTierAnd99Communes()
    {
        var july2025 = Reference.Units.For(new Period(2025, 7));

        Assert.False(july2025.HasTier(Tier.District));
        Assert.Equal(99, july2025.InTier(Tier.Commune).Count());
    }
}
