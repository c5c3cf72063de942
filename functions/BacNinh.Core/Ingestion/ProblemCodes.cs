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
