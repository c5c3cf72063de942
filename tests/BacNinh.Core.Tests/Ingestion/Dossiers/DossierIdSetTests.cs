using BacNinh.Core.Ingestion.Dossiers;

namespace BacNinh.Core.Tests.Ingestion.Dossiers;

/// <summary>
/// The ids met in one export: each id is new once, whatever its shape (a running number in order or scattered,
/// under many prefixes, or no number at all), and its hash, which storage keys are made of, does not change.
/// </summary>
public sealed class DossierIdSetTests
{
    [Fact]
    public void IdsInOrderAreNewOnceAndEveryOneIsADuplicateAfter()
    {
        var ids = new DossierIdSet();

        var added = Enumerable.Range(0, 100_000).Count(i => ids.Add($"H{i:D9}"));

        Assert.Equal(100_000, added);
        Assert.Equal(0, Enumerable.Range(0, 100_000).Count(i => ids.Add($"H{i:D9}")));
        Assert.True(ids.Add("H000100000"));
        Assert.Equal(100_001, ids.Count);
    }

    [Fact]
    public void CaseAndSurroundingSpaceDoNotMakeAnotherIdButTheNumbersWidthAndPrefixDo()
    {
        var ids = new DossierIdSet();

        Assert.True(ids.Add("H10-231005-0001"));
        Assert.False(ids.Add(" h10-231005-0001 "));
        Assert.True(ids.Add("H10-231005-001"));
        Assert.True(ids.Add("H10-231005-1"));
        Assert.True(ids.Add("H10-231006-0001"));
        Assert.True(ids.Add("0001"));
        Assert.True(ids.Add("1"));
        Assert.False(ids.Add("H10-231005-001"));
        Assert.True(ids.Add("HỒ-SƠ"));
        Assert.False(ids.Add("hồ-sơ"));
        Assert.Equal(7, ids.Count);
    }

    [Fact]
    public void NumbersThatCloseTheGapBetweenTwoRunsAreNewOnce()
    {
        var ids = new DossierIdSet();
        long[] numbers = [1, 3, 2, 5, 4, 0, 9, 7, 8, 6];

        Assert.All(numbers, n => Assert.True(ids.Add($"A-{n}"), $"A-{n} is new"));
        Assert.All(numbers, n => Assert.False(ids.Add($"A-{n}"), $"A-{n} was met"));
        Assert.True(ids.Add("A-10"));
    }

    [Fact]
    public void ScatteredNumbersUnderOnePrefixStayExact()
    {
        // Even numbers first (more runs than one prefix keeps), then the odd ones between them, shuffled.
        var ids = new DossierIdSet();
        var random = new Random(20);
        var evens = Enumerable.Range(0, 5_000).Select(i => 2 * i).OrderBy(_ => random.Next()).ToArray();
        var odds = Enumerable.Range(0, 5_000).Select(i => (2 * i) + 1).OrderBy(_ => random.Next()).ToArray();

        Assert.Equal(5_000, evens.Count(n => ids.Add($"X{n:D6}")));
        Assert.Equal(5_000, odds.Count(n => ids.Add($"X{n:D6}")));
        Assert.Equal(0, evens.Concat(odds).Count(n => ids.Add($"X{n:D6}")));
        Assert.True(ids.Add("X010000"));
        Assert.Equal(10_001, ids.Count);
    }

    [Fact]
    public void IdsUnderMorePrefixesThanAreKeptAsRunsStayExact()
    {
        var ids = new DossierIdSet();
        var all = Enumerable.Range(0, 10_000).SelectMany(p => new[] { $"P{p}-A1", $"P{p}-A2" }).ToArray();

        Assert.Equal(20_000, all.Count(id => ids.Add(id)));
        Assert.Equal(0, all.Count(id => ids.Add(id)));
        Assert.True(ids.Add("P9999-A3"));
    }

    [Fact]
    public void IdsWithoutANumberOrWithAVeryLongOneAreKeptByTheirHash()
    {
        var ids = new DossierIdSet();

        Assert.True(ids.Add("ABC"));
        Assert.False(ids.Add("abc"));
        Assert.True(ids.Add("ABD"));
        Assert.True(ids.Add("N1234567890123456789012"));
        Assert.False(ids.Add("N1234567890123456789012"));
        Assert.True(ids.Add("N1234567890123456789013"));
    }

    [Theory]
    [InlineData("H000000001")]
    [InlineData(" h10-231005-0001 ")]
    [InlineData("Hồ sơ số 7")]
    [InlineData("")]
    public void TheHashIsFnv1aOverTheTrimmedUpperCasedCharacters(string id)
    {
        // Storage keys are made of this hash: it is pinned to its definition, computed here independently.
        var expected = 14695981039346656037UL;
        foreach (var c in id.Trim().ToUpperInvariant())
        {
            expected = (expected ^ (byte)c) * 1099511628211UL;
            expected = (expected ^ (byte)(c >> 8)) * 1099511628211UL;
        }

        Assert.Equal(expected, DossierIdSet.Hash(id));
    }
}
