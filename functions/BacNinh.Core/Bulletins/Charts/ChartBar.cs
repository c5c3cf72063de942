namespace BacNinh.Core.Bulletins.Charts;

/// <summary>One bar: what it stands for, its rate in percent, its target and whether it meets it, its rank when ranked.</summary>
public sealed record ChartBar(string Label, decimal Value, decimal? Target, bool? MeetsTarget, int? Rank = null);
