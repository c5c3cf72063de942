namespace BacNinh.Storage.Datasets;

/// <summary>A dataset body (a whole body, a month's part or an OData page) as kept: the tag of the content it was written from, its bytes and content type.</summary>
public sealed record KeptBody(string Tag, byte[] Bytes, string ContentType);
