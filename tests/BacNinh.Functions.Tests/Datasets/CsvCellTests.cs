using BacNinh.Functions.Serving.Datasets;

namespace BacNinh.Functions.Tests.Datasets;

public sealed class CsvCellTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+SUM(A1)", "'+SUM(A1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tTab", "'\tTab")]
    public void TextThatExcelWouldRunAsAFormulaIsPrefixed(string text, string expected)
    {
        Assert.Equal(expected, CsvCell.Escape(text));
    }

    [Theory]
    [InlineData("-3.5")]
    [InlineData("-0.0325")]
    [InlineData("+12")]
    public void SignedNumbersStayNumbers(string text)
    {
        Assert.Equal(text, CsvCell.Escape(text));
    }

    [Theory]
    [InlineData("Sở Tư pháp", "Sở Tư pháp")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("", "")]
    public void SeparatorsQuotesAndLineBreaksAreQuoted(string text, string expected)
    {
        Assert.Equal(expected, CsvCell.Escape(text));
    }

    [Fact]
    public void ValuesAreFormattedInvariantlyAtFullPrecision()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("vi-VN");
        try
        {
            Assert.Equal("0.962512345678", CsvCell.Format(0.962512345678m));
            Assert.Equal("1234567", CsvCell.Format(1234567L));
            Assert.Equal("true", CsvCell.Format(true));
            Assert.Equal("2023-08-01", CsvCell.Format(new DateOnly(2023, 8, 1)));
            Assert.Equal("2023-09-01T01:00:00.0000000+07:00", CsvCell.Format(new DateTimeOffset(2023, 9, 1, 1, 0, 0, TimeSpan.FromHours(7))));
            Assert.Equal(string.Empty, CsvCell.Format(null));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
