namespace BacNinh.Storage.Uploads;

/// <summary>An upload's body went past the size limit; nothing was committed.</summary>
public sealed class UploadTooLargeException(long limit) : IOException($"The upload is larger than {limit:N0} bytes.")
{
    public long Limit { get; } = limit;
}
