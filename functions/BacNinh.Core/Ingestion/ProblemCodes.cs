namespace BacNinh.Core.Ingestion;

/// <summary>The validation codes of the contract (§3). Row codes never stop the other rows.</summary>
public static class ProblemCodes
{
    public const string UnknownUnit = "UNKNOWN_UNIT";
    public const string AmbiguousUnit = "AMBIGUOUS_UNIT";
    public const string DuplicateUnit = "DUPLICATE_UNIT";

    /// <summary>A unit outside the uploader's scope (§3a): the row is rejected, the rest of the file kept.</summary>
    public const string UnitNotAllowed = "UNIT_NOT_ALLOWED";
    public const string NotANumber = "NOT_A_NUMBER";
    public const string NegativeValue = "NEGATIVE_VALUE";
    public const string NumeratorExceedsDenominator = "NUMERATOR_EXCEEDS_DENOMINATOR";
    public const string RateOutOfRange = "RATE_OUT_OF_RANGE";
    public const string RateMismatch = "RATE_MISMATCH";

    /// <summary>A row whose <c>Mã chỉ tiêu</c> is blank or not in the indicator catalog.</summary>
    public const string UnknownIndicator = "UNKNOWN_INDICATOR";

    /// <summary>A dossier-export row without a dossier id (§2b).</summary>
    public const string MissingDossierId = "MISSING_DOSSIER_ID";

    /// <summary>A dossier id met again later in the same file: the first row is kept.</summary>
    public const string DuplicateDossier = "DUPLICATE_DOSSIER";

    /// <summary>A received, due or resolved date that is neither an Excel date nor <c>dd/MM/yyyy[ HH:mm[:ss]]</c>.</summary>
    public const string InvalidDate = "INVALID_DATE";

    /// <summary>A dossier resolved, or due, before it was received.</summary>
    public const string DateOrder = "DATE_ORDER";

    /// <summary>A submission channel that is none of the system's channels.</summary>
    public const string UnknownChannel = "UNKNOWN_CHANNEL";

    public const string UnsupportedFormat = "UNSUPPORTED_FORMAT";
    public const string CorruptFile = "CORRUPT_FILE";
    public const string FileTooLarge = "FILE_TOO_LARGE";
    public const string NoTable = "NO_TABLE";
    public const string PeriodMissing = "PERIOD_MISSING";
    public const string PeriodConflict = "PERIOD_CONFLICT";
    public const string FuturePeriod = "FUTURE_PERIOD";

    /// <summary>The upload's folder is in no entry of the uploader registry (for its month): the file is rejected.</summary>
    public const string UnknownUploader = "UNKNOWN_UPLOADER";

    /// <summary>Not the file's fault: processing kept failing (storage, platform) and the upload was set aside as poison.</summary>
    public const string ProcessingFailed = "PROCESSING_FAILED";
}
