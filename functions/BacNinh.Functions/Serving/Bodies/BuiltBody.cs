namespace BacNinh.Functions.Serving.Bodies;

/// <summary>A body just written from the table: its bytes, content type, and whether it had no rows (then kept in memory only: a filter naming nothing must not fill storage).</summary>
public sealed record BuiltBody(byte[] Bytes, string ContentType, bool Empty);
