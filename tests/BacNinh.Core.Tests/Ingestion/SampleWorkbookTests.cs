using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
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

        var reference = ReferenceData.LoadDefaults();
        var path = relativePath.Replace('\\', '/');

        // Uploaded by the coordinating department of the month, as the main job does.
        var month = Period.Parse(path[..7]);
        var parsed = new UploadParser(reference, TimeProvider.System).Parse(content, UploadPath.Parse($"{reference.Uploaders.CoordinatorFor(month)!.Folder}/{path}"));

        Assert.Empty(parsed.Problems);
        Assert.Equal(UploadStatus.Accepted, parsed.Status);
        Assert.True(parsed.RowsAccepted > 100, $"{parsed.RowsAccepted} rows accepted");
    }
}
