using BacNinh.Functions.Serving.Bodies;

namespace BacNinh.Functions.Tests.Bodies;

/// <summary>The memory tier's bound: least recently used entries leave first, one entry per name, nothing past the budget.</summary>
public sealed class ByteBudgetTests
{
    [Fact]
    public void TheLeastRecentlyUsedEntriesLeaveWhenANewOneDoesNotFit()
    {
        var evicted = new List<string>();
        var budget = new ByteBudget<string>(100, evicted.Add);
        budget.Add("a", "A", 40);
        budget.Add("b", "B", 40);
        Assert.Equal("A", budget.Find("a"));

        Assert.True(budget.Add("c", "C", 40));

        Assert.Equal(["B"], evicted);
        Assert.Null(budget.Find("b"));
        Assert.Equal("A", budget.Find("a"));
        Assert.Equal("C", budget.Find("c"));
        Assert.Equal(80, budget.Used);
    }

    [Fact]
    public void OnlyEntriesPushedOutForRoomAreHandedOnByName()
    {
        var pushedOut = new List<(string, string)>();
        var budget = new ByteBudget<string>(100, pushedOut: (name, value) => pushedOut.Add((name, value)));
        budget.Add("a", "A", 60);
        budget.Add("a", "A2", 60);

        Assert.False(budget.Add("big", "BIG", 101));
        Assert.True(budget.Add("b", "B", 60));

        Assert.Equal([("a", "A2")], pushedOut);
    }

    [Fact]
    public void ANewerEntryOfANameReplacesTheOlder()
    {
        var evicted = new List<string>();
        var budget = new ByteBudget<string>(100, evicted.Add);
        budget.Add("a", "old", 60);

        budget.Add("a", "new", 30);

        Assert.Equal("new", budget.Find("a"));
        Assert.Equal(["old"], evicted);
        Assert.Equal(30, budget.Used);
    }

    [Fact]
    public void AnEntryLargerThanTheWholeBudgetIsNotKeptAndPushesNothingOut()
    {
        var evicted = new List<string>();
        var budget = new ByteBudget<string>(100, evicted.Add);
        budget.Add("a", "A", 50);

        Assert.False(budget.Add("big", "BIG", 101));

        Assert.Null(budget.Find("big"));
        Assert.Equal("A", budget.Find("a"));
        Assert.Equal(["BIG"], evicted);
        Assert.Equal(50, budget.Used);
    }

    [Fact]
    public void RemovingAnEntryThatWasReplacedMeanwhileLeavesTheNewerOne()
    {
        var budget = new ByteBudget<string>(100);
        budget.Add("a", "old", 10);
        budget.Add("a", "new", 10);

        budget.Remove("a", "old");

        Assert.Equal("new", budget.Find("a"));
    }
}
