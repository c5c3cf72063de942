using System.Globalization;
using System.IO.Compression;
using System.Text;
using BacNinh.Testing;

namespace BacNinh.IntegrationTests.Ingestion.Dossiers;

/// <summary>One dossier as a test writes it into an export, and the export files the tests upload.</summary>
public sealed record TestDossier(string Id, string Unit, DateTime Received, DateTime? Due, DateTime? Resolved, string Channel, bool Digitized)
{
    /// <summary>The generator's i-th dossier (<see cref="LargeDossierExport.Row"/>), as the tests count it.</summary>
    public static TestDossier Generated(int i, IReadOnlyList<string> units, DateOnly month)
    {
        var r = LargeDossierExport.Row(i, units, month);
        return new TestDossier(r.Id, r.Unit, r.Received, r.Due, r.Resolved, r.Channel, r.Digitized);
    }

    /// <summary>A CSV export of <paramref name="dossiers"/> with the generator's header, plus raw extra lines (bad rows).</summary>
    public static byte[] Csv(IEnumerable<TestDossier> dossiers, params string[] extraLines)
    {
        var text = new StringBuilder(string.Join(',', LargeDossierExport.Header)).Append('\n');
        var n = 0;
        foreach (var d in dossiers)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{++n},{d.Id},Cấp phiếu lý lịch tư pháp,{d.Unit},{d.Received:dd/MM/yyyy HH:mm:ss},{d.Due:dd/MM/yyyy},{d.Resolved:dd/MM/yyyy HH:mm:ss},{d.Channel},{(d.Digitized ? "Có" : "Không")}\n");
        }

        foreach (var line in extraLines)
        {
            text.Append(CultureInfo.InvariantCulture, $"{++n},{line}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] Gzip(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return compressed.ToArray();
    }
}
