namespace BacNinh.Core.Indicators;

/// <summary>Which of the two aggregate figures the catalog calls the headline of a tier.</summary>
public enum HeadlineRule
{
    /// <summary>Mean of unit rates ("tỷ lệ trung bình").</summary>
    Mean,

    /// <summary>Σ numerators / Σ denominators.</summary>
    Pooled,
}
