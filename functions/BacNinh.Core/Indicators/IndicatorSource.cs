namespace BacNinh.Core.Indicators;

/// <summary>Where an indicator's figures come from.</summary>
public enum IndicatorSource
{
    /// <summary>Rates typed by agencies into their monthly workbooks (and, where they exist, dossier records too).</summary>
    Reports,

    /// <summary>Computed from dossier records only (§2b): no unit is expected to type it, so none is missing it.</summary>
    Records,
}
