namespace BacNinh.Core.Units;

/// <summary>A unit name as a sheet writes it, with its comparison key: parsed once, matched as often as a row needs.</summary>
public readonly record struct WrittenName(string Text, string Key, Tier? Kind)
{
    public static WrittenName Parse(string text)
    {
        var (key, kind) = UnitNameKey.Parse(text);
        return new WrittenName(text, key, kind);
    }
}
