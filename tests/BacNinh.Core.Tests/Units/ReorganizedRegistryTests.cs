using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;

namespace BacNinh.Core.Tests.Units;

/// <summary>The registry of the province as it is today, by code and month (contract §2a).</summary>
public sealed class ReorganizedRegistryTests
{
    private static readonly ReferenceData Reference = UnitRows.Reference;

    [Fact]
    public void AReusedCodeNamesTheUnitInForceInTheMonth()
    {
        Assert.Equal("Phường Suối Hoa", Reference.Units.Find("09187", new DateOnly(2025, 6, 30))!.FullName);
        Assert.Equal("Phường Kinh Bắc", Reference.Units.Find("09187", new DateOnly(2025, 7, 1))!.FullName);
        Assert.Equal("Phường Kinh Bắc", Reference.Units.For(new Period(2026, 10)).FindByCode("09187")!.FullName);
        Assert.Equal("Phường Tiền Ninh Vệ", Reference.Units.For(new Period(2025, 1)).FindByCode("09184")!.FullName);
        Assert.Equal("Phường Ninh Xá", Reference.Units.For(new Period(2024, 11)).FindByCode("09184")!.FullName);
    }

    [Fact]
    public void TheProvinceTierFromJuly2025ExpectsExactlyTheThirteenAgencies()
    {
        string[] agencies =
        [
            "Văn phòng UBND tỉnh", "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Công Thương", "Sở Nông nghiệp và Môi trường",
            "Sở Xây dựng", "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch", "Sở Giáo dục và Đào tạo", "Sở Y tế",
            "Thanh tra tỉnh", "Sở Dân tộc và Tôn giáo",
        ];

        foreach (var period in new[] { new Period(2025, 7), new Period(2026, 10) })
        {
            var province = Reference.Units.For(period).InTier(Tier.Province).Select(u => u.FullName);
            Assert.Equal(agencies.Order(StringComparer.Ordinal), province.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void TheMergedDepartmentsEndWithTheMergerOfEarly2025()
    {
        var february = Reference.Units.For(new Period(2025, 2));
        var march = Reference.Units.For(new Period(2025, 3));

        Assert.NotNull(february.FindByCode("P-STTTT"));
        Assert.Null(march.FindByCode("P-STTTT"));
        Assert.Equal("Sở Nông nghiệp và Môi trường", march.Match("Sở NN&MT") is UnitMatch.Found found ? found.Unit.FullName : null);
    }

    [Fact]
    public void TheCoordinatingFolderFollowsTheAgencyHoldingTheFunction()
    {
        var uploaders = Reference.Uploaders;

        Assert.Equal(("so-tttt", "P-STTTT"), (uploaders.CoordinatorFor(new Period(2023, 8))!.Folder, uploaders.CoordinatorFor(new Period(2023, 8))!.UnitCode));
        Assert.Equal("so-tttt", uploaders.CoordinatorFor(new Period(2025, 2))!.Folder);
        Assert.Equal(("so-khcn", "P-SKHCN"), (uploaders.CoordinatorFor(new Period(2025, 3))!.Folder, uploaders.CoordinatorFor(new Period(2025, 3))!.UnitCode));
        Assert.Equal("so-khcn", uploaders.CoordinatorFor(new Period(2026, 10))!.Folder);
        Assert.Null(uploaders.Find("so-tttt", new Period(2026, 10)));
    }

    [Fact]
    public void TargetsAfterJuly2025AreForTheTiersThatExistAndNameTheirSource()
    {
        var august2025 = new Period(2025, 8);

        foreach (var indicator in Reference.Indicators.Indicators)
        {
            var province = Reference.Targets.ForTier(august2025, indicator.Code, Tier.Province);
            var commune = Reference.Targets.ForTier(august2025, indicator.Code, Tier.Commune);
            Assert.NotNull(province);
            Assert.NotNull(commune);
            Assert.Equal(new DateOnly(2025, 7, 1), province.ValidFrom);
            Assert.False(string.IsNullOrWhiteSpace(province.Source));
            Assert.False(string.IsNullOrWhiteSpace(commune.Source));
            Assert.Null(Reference.Targets.ForTier(august2025, indicator.Code, Tier.District));
            Assert.NotNull(Reference.Targets.ForTier(new Period(2025, 6), indicator.Code, Tier.District));
        }
    }
}
