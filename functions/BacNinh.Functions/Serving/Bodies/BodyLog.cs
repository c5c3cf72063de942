using Microsoft.Extensions.Logging;

namespace BacNinh.Functions.Serving.Bodies;

/// <summary>What the body store logs: every failure to keep or read a body (served anyway, from the table).</summary>
internal static partial class BodyLog
{
    [LoggerMessage(1, LogLevel.Information, "Local copies of dataset bodies are kept in {Folder}")]
    public static partial void LocalFolder(ILogger logger, string folder);

    [LoggerMessage(2, LogLevel.Warning, "No local folder for dataset bodies; they are kept in memory and as blobs only")]
    public static partial void NoLocalFolder(ILogger logger, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "The local copy of {Name} could not be written; it is kept in memory and as a blob only")]
    public static partial void LocalWriteFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "The local copy of {Name} is not the body kept ({Reason}); it is dropped and not served")]
    public static partial void LocalCopyChanged(ILogger logger, string name, string reason);

    [LoggerMessage(5, LogLevel.Warning, "The kept blob of {Name} could not be read; the body is written again")]
    public static partial void BlobReadFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "{Name} could not be kept as a blob; it is written again by another process that needs it")]
    public static partial void BlobWriteFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(7, LogLevel.Warning, "Removed {Folders} local folders of dataset bodies ({Megabytes} MB) left by processes that ended without removing them")]
    public static partial void LeftOverFoldersRemoved(ILogger logger, int folders, long megabytes);
}
