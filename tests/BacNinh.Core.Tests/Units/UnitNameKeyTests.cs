using System.Globalization;
using System.Text;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;

namespace BacNinh.Core.Tests.Units;

public sealed class UnitNameKeyTests
{
    private const string VietnameseLetters =
        "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";

    [Fact]
    public void FoldAgreesWithUnicodeDecompositionForEveryVietnameseLetterInBothCasesAndForms()
    {
        var text = VietnameseLetters + VietnameseLetters.ToUpperInvariant();

        foreach (var form in new[] { NormalizationForm.FormC, NormalizationForm.FormD })
        {
            Assert.Equal(FoldByDecomposition(text), UnitNameKey.Fold(text.Normalize(form)));
        }
    }

    [Fact]
    public void FoldAgreesWithUnicodeDecompositionForEveryCharacterOfTheLatinBlocks()
    {
        // Basic Latin to Latin Extended-B, the combining marks, and Latin Extended Additional.
        var blocks = new[] { (0x20, 0x250), (0x300, 0x370), (0x1E00, 0x1F00) };
        var text = new string([.. blocks.SelectMany(b => Enumerable.Range(b.Item1, b.Item2 - b.Item1)).Select(i => (char)i).Where(c => !char.IsWhiteSpace(c))]);

        Assert.Equal(FoldByDecomposition(text), UnitNameKey.Fold(text));
    }

    [Fact]
    public void FoldCollapsesWhitespaceAndKeepsPunctuation()
    {
        Assert.Equal("ubnd tp. bac ninh", UnitNameKey.Fold("  UBND\u00A0 TP.\tBắc   Ninh "));
    }

    [Fact]
    public void EveryRegistryNameFindsItsUnitHoweverItIsCasedOrNormalized()
    {
        var directory = ReferenceData.LoadDefaults().Units.For(new Period(2023, 8));

        foreach (var unit in directory.Units)
        {
            foreach (var written in new[] { unit.FullName, unit.FullName.ToUpperInvariant().Normalize(NormalizationForm.FormD) })
            {
                var match = directory.Match(written, unit.Tier);

                var found = match switch
                {
                    UnitMatch.Found f => [f.Unit],
                    UnitMatch.Ambiguous a => a.Candidates,
                    _ => [],
                };
                Assert.Contains(unit, found);
            }
        }
    }

    [Theory]
    [InlineData("UBND Huyện Gia Bình", "gia binh", Tier.District)]
    [InlineData("Thị trấn Gia Bình", "gia binh", Tier.Commune)]
    [InlineData("Ủy ban nhân dân xã Đại Lai", "dai lai", Tier.Commune)]
    [InlineData("Sở LĐ-TB&XH", "so lao dong thuong binh xa hoi", null)]
    [InlineData("Xã", "xa", null)]
    [InlineData("", "", null)]
    public void ParseRemovesAdministrativePrefixesButNeverTheLastWord(string written, string key, Tier? kind)
    {
        Assert.Equal((key, kind), UnitNameKey.Parse(written));
    }

    /// <summary>The definition the table-driven fold must agree with: canonical decomposition, marks dropped, đ → d, lower case.</summary>
    private static string FoldByDecomposition(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c is 'đ' or 'Đ' ? 'd' : char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
