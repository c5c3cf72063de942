using BacNinh.Core.Ingestion;
using BacNinh.Core.Reference;
using BacNinh.Core.Uploaders;

namespace BacNinh.Core.Tests.Ingestion;

/// <summary>The seed-consistent sample months the local host uploads are read without a single problem.</summary>
public sealed class SampleWorkbookTests
{
    public static TheoryData<string> Samples()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Data", "Sample");
        var data = new TheoryData<string>();
        foreach (var file in Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
        {
            data.Add(Path.GetRelativePath(folder, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void SampleWorkbookIngestsWithZeroProblems(string relativePath)
    {
        using var content = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "Sample", relativePath));

        var parsed = new UploadParser(ReferenceData.LoadDefaults(), TimeProvider.System).Parse(content, UploadPath.Parse("so-tttt/" + relativePath.Replace('\\', '/')));

        Assert.Empty(parsed.Problems);
        Assert.Equal(UploadStatus.Accepted, parsed.Status);
        Assert.True(parsed.RowsAccepted > 100, $"{parsed.RowsAccepted} rows accepted");
    }
}
