namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>
/// A dossier id as <see cref="DossierIdSet"/> keeps it: its <see cref="DossierIdSet.Hash"/>, and when it ends in a
/// running number (<see cref="HasNumber"/>), that number and the hash of what precedes it (with the number's width,
/// so 01 and 1 stay apart).
/// </summary>
internal readonly record struct DossierIdKey(ulong Hash, ulong Prefix, long Number, bool HasNumber);
