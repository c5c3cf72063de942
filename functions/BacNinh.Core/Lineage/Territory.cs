using BacNinh.Core.Periods;

namespace BacNinh.Core.Lineage;

/// <summary>
/// A province's territory that comparable tier figures are stated over (contract §2a): old Bắc Ninh
/// (27, until 30 June 2025) or the new province (24). Reference data with validity and a source.
/// </summary>
public sealed record Territory(string Code, string Name, DateOnly ValidFrom, DateOnly? ValidTo, string Source)
{
    /// <summary>The last month the territory stood as such; null while it stands.</summary>
    public Period? LastMonth => ValidTo is { } end ? Period.FromDate(end) : null;
}
