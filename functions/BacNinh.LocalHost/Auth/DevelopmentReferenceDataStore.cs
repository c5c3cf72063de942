using BacNinh.Core.Reference;
using BacNinh.Storage;
using BacNinh.Storage.Reference;

namespace BacNinh.LocalHost.Auth;

/// <summary>
/// The reference data of a local run with the development issuer: as stored, but every uploader
/// without an Entra ID group gets its <see cref="DevelopmentGroups"/> id, so a developer signed in
/// for a folder uploads for it. Registered by the local host only.
/// </summary>
public sealed class DevelopmentReferenceDataStore(StorageAccount account, TimeProvider time, ILogger<ReferenceDataStore> logger)
    : ReferenceDataStore(account, time, logger)
{
    private (ReferenceData Source, ReferenceData WithGroups)? _last;

    public override async Task<ReferenceData> GetAsync(CancellationToken cancellationToken = default)
    {
        var source = await base.GetAsync(cancellationToken).ConfigureAwait(false);
        if (_last is { } last && ReferenceEquals(last.Source, source))
        {
            return last.WithGroups;
        }

        var withGroups = source with { Uploaders = DevelopmentGroups.WithGroups(source.Uploaders) };
        _last = (source, withGroups);
        return withGroups;
    }
}
