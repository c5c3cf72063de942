using BacNinh.Core.Bulletins;

namespace BacNinh.Core.Tests.Bulletins;

public sealed class VietnameseNumberTests
{
    [Theory]
    [InlineData(96.25, "96,25%")]
    [InlineData(66.7, "66,7%")]
    [InlineData(100, "100%")]
    [InlineData(88.8521882741535920726672, "88,85%")]
    [InlineData(18.745, "18,75%")]
    public void PercentIsWrittenWithADecimalComma(double rate, string expected)
    {
        Assert.Equal(expected, VietnameseNumber.Percent((decimal)rate));
    }

    [Theory]
    [InlineData(12.93, "tăng 12,93%")]
    [InlineData(-1.5, "giảm 1,5%")]
    [InlineData(0.001, "không đổi")]
    public void ChangeInPointsIsWrittenAsTheArticleDoes(double points, string expected)
    {
        Assert.Equal(expected, VietnameseNumber.Change((decimal)points));
    }
}
