using BacNinh.Core.Ingestion;

namespace BacNinh.Core.Tests.Ingestion;

public sealed class NumberParserTests
{
    [Theory]
    [InlineData("96,25%", 96.25)]
    [InlineData("96.25", 96.25)]
    [InlineData(" 100 % ", 100)]
    [InlineData("0", 0)]
    public void RatesAreReadFromVietnameseText(string text, double expected)
    {
        Assert.True(NumberParser.TryParseRate(text, null, out var rate));
        Assert.Equal((decimal)expected, rate);
    }

    [Fact]
    public void PercentFormattedCellsAreScaledToPercent()
    {
        Assert.True(NumberParser.TryParseRate(0.9625d, "0.00%", out var rate));
        Assert.Equal(96.25m, rate);
    }

    [Theory]
    [InlineData(1e300, null)]
    [InlineData(-1e300, "0.00%")]
    [InlineData(7.9e28, null)]
    public void NumbersBeyondAnyRateAreNotANumberInsteadOfAnOverflow(double value, string? format)
    {
        Assert.False(NumberParser.TryParseRate(value, format, out _));
    }

    [Fact]
    public void DecimalCountsBeyondALongAreNotACountInsteadOfAnOverflow()
    {
        Assert.False(NumberParser.TryParseCount(decimal.MaxValue, out _));
    }

    [Theory]
    [InlineData("1.234", 1234)]
    [InlineData("1,234", 1234)]
    [InlineData("1 234", 1234)]
    [InlineData("1.234.567", 1234567)]
    [InlineData("57", 57)]
    public void CountsReadVietnameseThousandsSeparators(string text, long expected)
    {
        Assert.True(NumberParser.TryParseCount(text, out var count));
        Assert.Equal(expected, count);
    }

    [Theory]
    [InlineData("12,5")]
    [InlineData("abc")]
    [InlineData("1.23")]
    public void CountsRejectFractionsAndText(string text)
    {
        Assert.False(NumberParser.TryParseCount(text, out _));
    }
}
