using System.Security.Cryptography;
using System.Text;
using BacNinh.Core.Datasets;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>A reference set's rows in key order, and a digest of their content (its content version), computed once.</summary>
public sealed class ReferenceSet(DatasetDefinition dataset, IReadOnlyList<DatasetRow> rows)
{
    private readonly Lazy<string> _fingerprint = new(() => Digest(dataset, rows));

    public IReadOnlyList<DatasetRow> Rows { get; } = rows;

    /// <summary>Changes exactly when a value of a row does: the rows are in memory already, so their digest is their content.</summary>
    public string Fingerprint => _fingerprint.Value;

    private static string Digest(DatasetDefinition dataset, IReadOnlyList<DatasetRow> rows)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var row in rows)
        {
            foreach (var field in dataset.Fields)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(CsvCell.Format(row[field.Name]) + "\u001f"));
            }

            hash.AppendData("\n"u8);
        }

        return "rows:" + Convert.ToHexString(hash.GetHashAndReset());
    }
}
