using System.Runtime.CompilerServices;

namespace BacNinh.Core.Tests.Ingestion;

/// <summary>Fixture workbooks under <c>Data/</c>, each named after the test that reads it.</summary>
internal static class TestFiles
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    public static MemoryStream Open(string extension, [CallerMemberName] string test = "") =>
        new(File.ReadAllBytes(PathOf(test + extension)));
}
