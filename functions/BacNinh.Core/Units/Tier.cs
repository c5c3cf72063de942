namespace BacNinh.Core.Units;

/// <summary>Administrative tier of a reporting unit.</summary>
public enum Tier
{
    Province,
    District,
    Commune,
}
