namespace BacNinh.Functions.Auth;

/// <summary>The API's app roles and delegated scope, as declared in its Entra app registration.</summary>
public static class AppRoles
{
    /// <summary>Read every dataset (OData feed, CSV/JSON, bulletins, templates).</summary>
    public const string DatasetsRead = "Datasets.Read";

    /// <summary>Recompute a period on demand.</summary>
    public const string AggregationsRun = "Aggregations.Run";

    /// <summary>The policy of routes either role may use (a recompute's status): its name says so in a 403.</summary>
    public const string DatasetsReadOrAggregationsRun = "Datasets.Read or Aggregations.Run";

    /// <summary>Upload workbooks for the agency whose Entra ID group (the token's <c>groups</c> claim) the uploader registry lists.</summary>
    public const string UploadsWrite = "Uploads.Write";

    /// <summary>The policy of routes open to uploaders and readers alike (upload reports, templates); what each sees is decided by the route.</summary>
    public const string UploadsWriteOrDatasetsRead = UploadsWrite + " or " + DatasetsRead;

    /// <summary>The delegated scope Power BI asks for when a user signs in with an organizational account.</summary>
    public const string UserImpersonationScope = "user_impersonation";
}
