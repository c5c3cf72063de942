using BacNinh.Core.Ingestion.Files;
using BacNinh.Core.Ingestion.Sheets;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Uploaders;

namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>
/// Reads a one-stop-shop export (§2b) row by row and hands each valid dossier to a sink; nothing
/// of a row is kept once it is handed on but a 64-bit hash of its id (for duplicates within the
/// file) and the first problems, so memory does not grow with the rows. A file whose first
/// sheet with a table has no dossier header is not an export: <see cref="TryParse"/> answers null
/// and the file is read as a unit workbook. <paramref name="limits"/> are an export's (default
/// <see cref="DossierLimits.Default"/>; <see cref="DossierLimits.For"/> raises configured ones).
/// </summary>
public sealed class DossierExportParser(ReferenceData reference, TimeProvider time, UploadLimits? limits = null)
{
    private readonly UploadLimits _limits = limits ?? DossierLimits.Default;

    /// <summary>The export's outcome, or null when the file is not a dossier export.</summary>
    public DossierExport? TryParse(Stream content, UploadPath path, Action<DossierRecord> sink)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(sink);
        if (!DossierFiles.MayBeExport(path.FileName))
        {
            return null;
        }

        var started = time.GetTimestamp();
        var compressed = path.FileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        var isExport = compressed;
        try
        {
            var (opened, problem) = DossierFiles.Open(content, path.FileName, _limits);
            if (opened is null)
            {
                // Only an export is compressed; any other file the workbook path reports as it always has.
                return compressed ? DossierExport.Rejected(problem!) : null;
            }

            // Parsing CSV costs less than handing its rows to another thread; xlsx is read ahead while rows are checked.
            using var reader = new TimeBoxedSpreadsheetReader(opened is CsvSpreadsheetReader ? opened : new ReadAheadSpreadsheetReader(opened), time, _limits.MaxReadTime, started);
            while (reader.NextSheet())
            {
                var head = new List<SheetRow>();
                DossierHeader? header = null;
                while (header is null && head.Count < TableLayout.HeaderSearchRows && reader.ReadRow())
                {
                    var row = reader.CurrentRow();
                    head.Add(row);
                    header = DossierHeader.Detect(row);
                }

                if (header is not null)
                {
                    isExport = true;
                    if (!path.HasFolder || !reference.Uploaders.HasFolder(path.Folder))
                    {
                        return DossierExport.Rejected(UploadProblem.ForFile(ProblemCodes.UnknownUploader,
                            "Tệp phải nằm trong thư mục của đơn vị tải lên (uploads/{đơn vị}/…), có trong danh sách đơn vị tải lên."));
                    }

                    reader.KeepColumns(header.UsedColumns);
                    return new DossierRows(reference, path.Folder, header, reader.SheetName, _limits.MaxProblems, time.CurrentPeriod()).Read(reader, sink);
                }

                if (head.Count > 0)
                {
                    // The first sheet with content decides: a unit workbook is left to its own parser.
                    return null;
                }
            }

            return null;
        }
        catch (SpreadsheetReadException ex)
        {
            // Before its header is found a file is not known to be an export: the workbook path judges it, within its own limits.
            return isExport ? DossierExport.Rejected(ex.ToProblem()) : null;
        }
        catch (InvalidDataException ex)
        {
            return isExport ? DossierExport.Rejected(ReadFailures.Corrupt(ex).ToProblem()) : null;
        }
    }
}
