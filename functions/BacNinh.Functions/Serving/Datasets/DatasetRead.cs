namespace BacNinh.Functions.Serving.Datasets;

/// <summary>
/// One read of a dataset, opened but not yet run: <see cref="ContentVersion"/> names what decides
/// its content (the served computation of each month read, or a fingerprint of the rows' keys and
/// ETags) and is known before any row is read; <see cref="Rows"/> streams the rows of exactly that
/// content when enumerated. A versioned set's read also comes as <see cref="Parts"/>, its months in
/// order: together the same rows, each month with the version of its own content.
/// </summary>
public sealed record DatasetRead(string ContentVersion, IAsyncEnumerable<DatasetRow> Rows, IReadOnlyList<DatasetPart>? Parts = null);
