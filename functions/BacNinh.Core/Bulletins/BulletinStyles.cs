namespace BacNinh.Core.Bulletins;

/// <summary>
/// The HTML bulletin's stylesheet, inline so the file stands alone: readable on screen, and printed on
/// A4 with charts kept whole on a page and their tables allowed to run on.
/// </summary>
public static class BulletinStyles
{
    public const string Css = """
        body { margin: 0 auto; max-width: 48rem; padding: 1rem; font: 16px/1.5 system-ui, "Segoe UI", Roboto, Arial, sans-serif; color: #1b1b1b; }
        h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
        figure.chart { margin: 1.25rem 0; }
        figure.chart figcaption { font-weight: 600; margin-bottom: .25rem; }
        figure.chart svg { display: block; width: 100%; height: auto; }
        table.chart-data { border-collapse: collapse; margin-top: .5rem; font-size: .85rem; }
        table.chart-data caption { text-align: left; color: #4a4a4a; padding-bottom: .25rem; }
        table.chart-data th, table.chart-data td { text-align: left; padding: .15rem .6rem .15rem 0; border-bottom: 1px solid #d0d0d0; }
        table.chart-data td:nth-last-child(-n+3) { text-align: right; }
        @page { size: A4 portrait; margin: 15mm 15mm 18mm; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10.5pt; }
          h1 { font-size: 16pt; } h2 { font-size: 12.5pt; break-after: avoid; }
          p { orphans: 3; widows: 3; }
          figure.chart { margin: 6mm 0; }
          figure.chart figcaption, figure.chart svg { break-inside: avoid; break-after: avoid; }
          figure.chart svg { max-height: 120mm; }
          table.chart-data { font-size: 8.5pt; width: 100%; }
          table.chart-data thead { display: table-header-group; }
          table.chart-data tr { break-inside: avoid; }
          svg rect.bar { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
        }
        """;
}
