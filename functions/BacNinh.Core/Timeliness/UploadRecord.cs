namespace BacNinh.Core.Timeliness;

/// <summary>One upload of a month as the uploads dataset lists it: the folder it came from, when, and the rows it lost.</summary>
public sealed record UploadRecord(string UploadId, string Folder, DateTimeOffset UploadedAt, int RowsRejected);
