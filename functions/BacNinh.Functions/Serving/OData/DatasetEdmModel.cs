using BacNinh.Core.Datasets;
using Microsoft.OData.Edm;

namespace BacNinh.Functions.Serving.OData;

/// <summary>
/// The OData model of the served datasets, built from their definitions: one entity set per
/// dataset with its key and typed properties, and navigation from facts to Units and Indicators.
/// A dataset added to the catalog appears in the feed without code here.
/// </summary>
public static class DatasetEdmModel
{
    public const string Namespace = "BacNinh.Datasets";

    public static IEdmModel Build(IEnumerable<DatasetDefinition> datasets)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        var model = new EdmModel();
        var container = new EdmEntityContainer(Namespace, "Container");
        model.AddElement(container);
        var sets = new Dictionary<string, (DatasetDefinition Dataset, EdmEntityType Type, EdmEntitySet Set)>(StringComparer.Ordinal);
        foreach (var dataset in datasets)
        {
            var type = new EdmEntityType(Namespace, EntityTypeName(dataset));
            foreach (var field in dataset.Fields)
            {
                var property = type.AddStructuralProperty(field.Name, TypeOf(field));
                if (field.IsKey)
                {
                    type.AddKeys(property);
                }
            }

            model.AddElement(type);
            sets[dataset.Name] = (dataset, type, container.AddEntitySet(dataset.Name, type));
        }

        foreach (var (dataset, type, set) in sets.Values)
        {
            if (dataset != ReferenceDatasets.Indicators && dataset.Find("IndicatorCode") is not null && sets.TryGetValue(ReferenceDatasets.Indicators.Name, out var indicators))
            {
                // Indicators are keyed by their code alone, so the link is a referential constraint.
                var dependent = (IEdmStructuralProperty)type.FindProperty("IndicatorCode");
                var principal = (IEdmStructuralProperty)indicators.Type.FindProperty("IndicatorCode");
                var navigation = type.AddUnidirectionalNavigation(new EdmNavigationPropertyInfo
                {
                    Name = "Indicator",
                    Target = indicators.Type,
                    TargetMultiplicity = dependent.Type.IsNullable ? EdmMultiplicity.ZeroOrOne : EdmMultiplicity.One,
                    DependentProperties = [dependent],
                    PrincipalProperties = [principal],
                });
                set.AddNavigationTarget(navigation, indicators.Set);
            }

            if (dataset != ReferenceDatasets.Units && dataset.Find("UnitCode") is not null && sets.TryGetValue(ReferenceDatasets.Units.Name, out var units))
            {
                // A unit code has one registry row per validity interval: the link has no constraint.
                var navigation = type.AddUnidirectionalNavigation(new EdmNavigationPropertyInfo
                {
                    Name = "Unit",
                    Target = units.Type,
                    TargetMultiplicity = EdmMultiplicity.Many,
                });
                set.AddNavigationTarget(navigation, units.Set);
            }
        }

        return model;
    }

    public static string EntityTypeName(DatasetDefinition dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return dataset.Name.EndsWith('s') ? dataset.Name[..^1] : dataset.Name + "Row";
    }

    private static IEdmTypeReference TypeOf(DatasetField field)
    {
        var nullable = !field.IsKey;
        return field.Kind switch
        {
            FieldKind.String => EdmCoreModel.Instance.GetString(nullable),
            FieldKind.Int32 => EdmCoreModel.Instance.GetInt32(nullable),
            FieldKind.Int64 => EdmCoreModel.Instance.GetInt64(nullable),

            // Rates keep full precision: no precision limit, variable scale.
            FieldKind.Decimal => EdmCoreModel.Instance.GetDecimal(precision: null, scale: null, nullable),
            FieldKind.Boolean => EdmCoreModel.Instance.GetBoolean(nullable),
            FieldKind.Date => EdmCoreModel.Instance.GetDate(nullable),
            FieldKind.DateTimeOffset => EdmCoreModel.Instance.GetDateTimeOffset(nullable),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field.Kind, null),
        };
    }
}
