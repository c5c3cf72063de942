using BacNinh.Core.Periods;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>
/// One month of a read: its rows, and <see cref="ContentVersion"/>, which changes exactly when the
/// month is switched to another computation, so the month's bytes can be kept and reused under it
/// while other months change.
/// </summary>
public sealed record DatasetPart(Period Month, string ContentVersion, IAsyncEnumerable<DatasetRow> Rows);
