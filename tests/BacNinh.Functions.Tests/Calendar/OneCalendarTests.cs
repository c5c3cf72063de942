using System.Text.RegularExpressions;

namespace BacNinh.Functions.Tests.Calendar;

/// <summary>
/// Every "which month or day is it" goes through the reporting calendar (Vietnam time): a UTC month
/// is wrong from 17:00 to 24:00 UTC on a month's last day, and a hand-written UTC+7 is one more
/// place to get it wrong. The app's source is read as text, so a new bypass fails here.
/// </summary>
public sealed partial class OneCalendarTests
{
    [Fact]
    public void NoCodeOutsideTheCalendarTakesTheUtcMonthOrAddsSevenHoursItself()
    {
        var functions = Path.Combine(RepositoryRoot(), "functions");
        var sources = Directory.EnumerateFiles(functions, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var bypasses = sources
            .Where(f => Path.GetFileName(f) != "ReportingCalendar.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(functions, f), Line: i + 1, Text: line)))
            .Where(l => Bypass().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.Contains(sources, f => Path.GetFileName(f) == "ReportingCalendar.cs");
        Assert.Empty(bypasses);
    }

    [GeneratedRegex(@"Period\.FromDate\([^;]*GetUtcNow|Period\.FromDate\([^;]*UtcNow|FromHours\(\s*7\s*\)|AddHours\(\s*7\s*\)")]
    private static partial Regex Bypass();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BacNinh.Serverless.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The test runs outside the repository.");
    }
}
