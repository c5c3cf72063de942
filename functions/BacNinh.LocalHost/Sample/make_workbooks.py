#!/usr/bin/env python3
"""Builds the sample agency workbooks from data/{yyyy-MM}.csv (the source of truth).

Each month becomes one workbook shaped like the province's monthly report: title rows,
a header (two rows with merged cells for ONLINE_DOSSIERS), tier sections, district
groups with subtotals in the commune section, a total and a note; unit names are
written the way clerks write them. We write flat ODS XML ourselves (stdlib only) and
let LibreOffice turn it into .xlsx (and .xls for August), so the files carry real
formulas, merges and percent formats, as Excel files from the field do.
Usage: python3 make_workbooks.py   (needs soffice on PATH)
"""
import csv
import subprocess
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
REGISTRY = HERE.parents[1] / 'BacNinh.Core' / 'Reference' / 'units.csv'
TIERS = ('province', 'district', 'commune')

# Names as clerks write them; every form resolves by CONTRACT §2 (prefixes, abbreviations, diacritics).
CLERK_NAMES = {
    'P-VPUBND': ['VP UBND tỉnh', 'Văn phòng UBND tỉnh', 'Văn phòng Ủy ban nhân dân tỉnh'],
    'P-SKHDT': ['Sở KH&ĐT', 'Sở Kế hoạch và Đầu tư'],
    'P-SCT': ['Sở Công thương'],
    'P-SNNPTNT': ['Sở NN&PTNT', 'Sở Nông nghiệp và Phát triển nông thôn'],
    'P-SGTVT': ['Sở GTVT', 'Sở Giao thông Vận tải'],
    'P-STNMT': ['Sở TN&MT', 'Sở Tài nguyên và Môi trường'],
    'P-STTTT': ['Sở TT&TT', 'Sở Thông tin và Truyền thông'],
    'P-SLDTBXH': ['Sở LĐ-TB&XH', 'Sở Lao động, Thương binh và Xã hội'],
    'P-SVHTTDL': ['Sở VHTT&DL', 'Sở Văn hoá, Thể thao và Du lịch'],
    'P-SKHCN': ['Sở KH&CN', 'Sở Khoa học và Công nghệ'],
    'P-SGDDT': ['Sở GD&ĐT', 'Sở Giáo dục và Đào tạo'],
    'P-TTR': ['Thanh tra tỉnh', 'Thanh Tra tỉnh'],
    'P-BQLKCN': ['Ban Quản lý các KCN', 'BQL các KCN', 'Ban Quản lý các Khu công nghiệp'],
    'P-BQLATTP': ['Ban quản lý an toàn thực phẩm', 'BQL ATTP'],
    'P-TTHCC': ['TT HCC tỉnh', 'Trung tâm Hành chính công tỉnh'],
    'P-VNCPT': ['Viện Nghiên cứu Phát triển kinh tế - xã hội', 'Viện NC PT KT-XH'],
    '256': ['UBND thành phố Bắc Ninh', 'TP Bắc Ninh'],
    '258': ['UBND huyện Yên Phong', 'H. Yên Phong'],
    '259': ['UBND thị xã Quế Võ', 'TX Quế Võ'],
    '260': ['UBND huyện Tiên Du', 'Huyện Tiên Du'],
    '261': ['TP Từ Sơn', 'UBND TP. Từ Sơn'],
    '262': ['UBND thị xã Thuận Thành', 'TX Thuận Thành'],
    '263': ['UBND huyện Gia Bình', 'Huyện Gia Bình'],
    '264': ['UBND huyện Lương Tài', 'Huyện Lương Tài'],
}
COMMUNE_FORMS = {'Xã': ['Xã {}', '{}', 'UBND xã {}'], 'Phường': ['Phường {}', 'P. {}', '{}'], 'Thị trấn': ['TT {}', 'Thị trấn {}']}
OLD_ACCENTS = {'òa': 'oà', 'óa': 'oá', 'ỏa': 'oả', 'ọa': 'oạ', 'ủy': 'uỷ', 'ụy': 'uỵ', 'úy': 'uý'}

SHEETS = [  # (indicator, sheet name, title, denominator header, numerator header, note)
    ('DOC_SIGNED', 'Ky so van ban', 'BÁO CÁO TỶ LỆ VĂN BẢN ĐI CÓ KÝ SỐ TỪ HỒ SƠ CÔNG VIỆC',
     'Tổng số văn bản đi', 'Số văn bản đi có ký số từ hồ sơ công việc',
     'Ghi chú: số liệu trích xuất từ hệ thống quản lý văn bản và điều hành của tỉnh.'),
    ('WORK_DOSSIER_ONLINE', 'Ho so cong viec', 'BÁO CÁO TỶ LỆ HỒ SƠ CÔNG VIỆC XỬ LÝ TRÊN MÔI TRƯỜNG MẠNG',
     'Tổng số hồ sơ công việc', 'Số hồ sơ công việc xử lý trên môi trường mạng',
     'Ghi chú: số liệu trích xuất từ hệ thống quản lý văn bản và điều hành của tỉnh.'),
    ('ONLINE_DOSSIERS', 'Ho so TTHC truc tuyen', 'BÁO CÁO TỶ LỆ HỒ SƠ THỦ TỤC HÀNH CHÍNH GIẢI QUYẾT TRỰC TUYẾN',
     'Tổng số hồ sơ tiếp nhận', 'Số hồ sơ trực tuyến',
     'Ghi chú: số liệu trích xuất từ hệ thống thông tin giải quyết thủ tục hành chính tỉnh.'),
]


def clerk_name(unit, variant):
    """One of the ways a clerk writes this unit, chosen by variant (sheet and row)."""
    forms = CLERK_NAMES.get(unit['code'])
    if forms is None and unit['tier'] == 'commune':
        kind = unit['full_name'][:-len(unit['short_name'])].strip()
        forms = [f.format(unit['short_name']) for f in COMMUNE_FORMS[kind]]
    forms = forms or [unit['full_name']]
    text = forms[variant % len(forms)]
    if variant % 3 == 1:  # older accent placement (Hoà, Thuỵ) is common in the field
        for new, old in OLD_ACCENTS.items():
            text = text.replace(new, old)
    if variant % 11 == 5:  # text pasted from a Mac arrives decomposed (NFD)
        text = unicodedata.normalize('NFD', text)
    return text


def col(i):
    return 'ABCDEFGHI'[i]


class Cell:
    def __init__(self, value=None, style='text', formula=None, span=(1, 1)):
        self.value, self.style, self.formula, self.span = value, style, formula, span

    def xml(self):
        attrs = f' table:style-name="{self.style}"'
        rows, cols = self.span
        if (rows, cols) != (1, 1):
            attrs += f' table:number-rows-spanned="{rows}" table:number-columns-spanned="{cols}"'
        if self.formula:
            attrs += f' table:formula="of:={escape(self.formula)}"'
        if self.value is None:
            return f'<table:table-cell{attrs}/>'
        if isinstance(self.value, str):
            return f'<table:table-cell{attrs} office:value-type="string"><text:p>{escape(self.value)}</text:p></table:table-cell>'
        kind = 'percentage' if self.style.startswith('pct') else 'float'
        return f'<table:table-cell{attrs} office:value-type="{kind}" office:value="{self.value!r}"><text:p>{self.value}</text:p></table:table-cell>'


COVERED = object()


class Sheet:
    """Rows of cells; merged cells are written with their covered cells, as ODF wants."""

    def __init__(self, name, width):
        self.name, self.width, self.rows = name, width, []

    def add(self, cells):
        self.rows.append(cells + [None] * (self.width - len(cells)))

    def xml(self):
        grid = [list(r) for r in self.rows]
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if isinstance(cell, Cell):
                    rows, cols = cell.span
                    for dr in range(rows):
                        for dc in range(cols):
                            if dr or dc:
                                grid[r + dr][c + dc] = COVERED
        out = [f'<table:table table:name="{escape(self.name)}">',
               '<table:table-column table:style-name="coA"/><table:table-column table:style-name="coB"/>',
               f'<table:table-column table:style-name="coN" table:number-columns-repeated="{self.width - 2}"/>']
        for row in grid:
            out.append('<table:table-row>' + ''.join(
                '<table:covered-table-cell/>' if c is COVERED else (c or Cell(style='plain')).xml() for c in row) + '</table:table-row>')
        out.append('</table:table>')
        return '\n'.join(out)


def build_sheet(spec, period, data, units, sheet_no):
    indicator, sheet_name, title, den_head, num_head, note = spec
    online = indicator == 'ONLINE_DOSSIERS'
    width = 9 if online else 5
    month, year = int(period[5:]), period[:4]
    sh = Sheet(sheet_name, width)
    sh.add([Cell('UBND TỈNH BẮC NINH', 'title', span=(1, 2))])
    sh.add([Cell(f'{title} THÁNG {month}/{year}', 'title', span=(1, width))])
    sh.add([])
    if online:
        sh.add([Cell('STT', 'head', span=(2, 1)), Cell('Tên cơ quan, đơn vị', 'head', span=(2, 1)), Cell(den_head, 'head', span=(2, 1)),
                Cell('Hồ sơ trực tuyến', 'head', span=(1, 3)), None, None, Cell('Trực tiếp', 'head', span=(2, 1)),
                Cell('BCCI', 'head', span=(2, 1)), Cell('Tỷ lệ (%)', 'head', span=(2, 1))])
        sh.add([None, None, None, Cell(num_head, 'head'), Cell('Toàn trình', 'head'), Cell('Một phần', 'head')])
    else:
        sh.add([Cell(h, 'head') for h in ('STT', 'Tên cơ quan, đơn vị', den_head, num_head, 'Tỷ lệ (%)')])

    def figures(row, values, bold=False, sums=None):
        """Count cells (values, or SUM formulas over sums) and the rate formula for sheet row `row`."""
        style = 'intb' if bold else 'int'
        cells = []
        for i, v in enumerate(values):
            c = col(2 + i)
            if sums:
                cells.append(Cell(v, style, '+'.join(f'SUM([.{c}{a}:.{c}{b}])' for a, b in sums)))
            elif online and i == 1:  # online = toàn trình + một phần, as the clerks' template computes it
                cells.append(Cell(v, style, f'[.E{row}]+[.F{row}]'))
            else:
                cells.append(Cell(v, style))
        if values[0]:  # a unit with no dossiers has no rate; the clerk leaves the cell blank
            cells.append(Cell(values[1] / values[0], 'pctb' if bold else 'pct', f'[.D{row}]/[.C{row}]'))
        return cells

    keys = ['denominator', 'numerator'] + (['full_online', 'partial_online', 'in_person', 'postal'] if online else [])

    def counts(code):  # in sheet column order: C, D (E, F, G, H)
        return [int(data[(indicator, code)][k]) for k in keys]

    total_ranges, sections = [], ('I. CẤP TỈNH', 'II. CẤP HUYỆN', 'III. CẤP XÃ')
    for t, tier in enumerate(TIERS):
        # Section label spanning STT and name, or split over the two columns (both are seen in the field).
        if sheet_no == 1:
            sh.add([Cell(sections[t].split('. ')[0], 'textb'), Cell(sections[t].split('. ')[1], 'textb')])
        else:
            sh.add([Cell(sections[t], 'textb', span=(1, 2))])
        members = [u for u in units.values() if u['tier'] == tier]
        if tier != 'commune':
            first = len(sh.rows) + 1
            for i, u in enumerate(members, 1):
                row = len(sh.rows) + 1
                sh.add([Cell(i, 'int'), Cell(clerk_name(u, sheet_no + i), 'text')] + figures(row, counts(u['code'])))
            total_ranges.append((first, len(sh.rows)))
            continue
        for g, d in enumerate((u for u in units.values() if u['tier'] == 'district'), 1):
            children = [u for u in members if u['parent_code'] == d['code']]
            sums = [sum(vals) for vals in zip(*(counts(u['code']) for u in children))]
            group_row = len(sh.rows) + 1
            sh.add([])  # filled once the children's rows are known
            for i, u in enumerate(children, 1):
                row = len(sh.rows) + 1
                sh.add([Cell(f'{g}.{i}', 'text'), Cell(clerk_name(u, sheet_no + i + g), 'text')] + figures(row, counts(u['code'])))
            children_rows = [(group_row + 1, len(sh.rows))]
            sh.rows[group_row - 1] = [Cell(g, 'intb'), Cell(d['full_name'], 'textb')] + figures(group_row, sums, True, children_rows)
            total_ranges.extend(children_rows)
    row = len(sh.rows) + 1
    grand = [sum(vals) for vals in zip(*(counts(c) for c in units))]
    sh.add([Cell('Tổng cộng', 'textb', span=(1, 2)), None] + figures(row, grand, True, total_ranges))
    sh.add([Cell(note, 'note', span=(1, width))])
    return sh


def cell_style(name, data_style=None, border=True, bold=False, center=False, italic=False):
    cell = ' fo:border="0.5pt solid #000000"' if border else ''
    if center:
        cell += ' fo:wrap-option="wrap" style:vertical-align="middle"'
    text = (' fo:font-weight="bold"' if bold else '') + (' fo:font-style="italic"' if italic else '')
    return (f'<style:style style:name="{name}" style:family="table-cell"'
            + (f' style:data-style-name="{data_style}"' if data_style else '') + f'><style:table-cell-properties{cell}/>'
            + ('<style:paragraph-properties fo:text-align="center"/>' if center else '')
            + (f'<style:text-properties{text}/>' if text else '') + '</style:style>')


STYLES = '\n'.join([
    '<office:styles>',
    '<number:number-style style:name="Nint"><number:number number:decimal-places="0" number:min-decimal-places="0"'
    ' number:min-integer-digits="1" number:grouping="true"/></number:number-style>',
    '<number:percentage-style style:name="Npct"><number:number number:decimal-places="2" number:min-decimal-places="2"'
    ' number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>',
    '</office:styles>', '<office:automatic-styles>',
    *(f'<style:style style:name="{n}" style:family="table-column"><style:table-column-properties style:column-width="{w}"/></style:style>'
      for n, w in (('coA', '1.3cm'), ('coB', '7.5cm'), ('coN', '3.2cm'))),
    cell_style('plain', border=False), cell_style('text'), cell_style('textb', bold=True),
    cell_style('int', 'Nint'), cell_style('intb', 'Nint', bold=True), cell_style('pct', 'Npct'), cell_style('pctb', 'Npct', bold=True),
    cell_style('head', bold=True, center=True), cell_style('title', border=False, bold=True, center=True),
    cell_style('note', border=False, italic=True),
    '</office:automatic-styles>'])


def fods(sheets):
    ns = {'office': 'office:1.0', 'style': 'style:1.0', 'text': 'text:1.0', 'table': 'table:1.0',
          'number': 'datastyle:1.0', 'fo': 'xsl-fo-compatible:1.0', 'of': 'of:1.2'}
    decl = ' '.join(f'xmlns:{k}="urn:oasis:names:tc:opendocument:xmlns:{v}"' for k, v in ns.items())
    body = '\n'.join(s.xml() for s in sheets)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {decl} office:version="1.3" '
            f'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">\n{STYLES}\n'
            f'<office:body><office:spreadsheet>\n{body}\n</office:spreadsheet></office:body></office:document>\n')


def convert(source, fmt, outdir):
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:  # a private profile, so a running LibreOffice is not disturbed
        subprocess.run(['soffice', f'-env:UserInstallation=file://{profile}', '--headless', '--convert-to', fmt,
                        '--outdir', str(outdir), str(source)], check=True, capture_output=True)
    target = outdir / f'{source.stem}.{fmt}'
    assert target.exists(), f'LibreOffice did not write {target}'
    return target


def read_back(xlsx):
    """Checks that merges, percent formats and computed formulas survived the conversion."""
    with zipfile.ZipFile(xlsx) as z:
        assert 'formatCode="0.00%"' in z.read('xl/styles.xml').decode()
        sheets = [z.read(f'xl/worksheets/sheet{i}.xml').decode() for i in (1, 2, 3)]
    assert all('<f' in s and 't="e"' not in s for s in sheets), 'formula missing or in error'
    assert all(m in sheets[2] for m in ('ref="D4:F4"', 'ref="C4:C5"', 'ref="I4:I5"')), 'two-row header merges lost'


def main():
    with REGISTRY.open(encoding='utf-8') as f:
        units = {r['code']: r for r in csv.DictReader(f)
                 if r['valid_from'] <= '2023-07-01' and (r['valid_to'] or '9999') >= '2023-08-31'}
    with tempfile.TemporaryDirectory() as tmp:
        for period in ('2023-07', '2023-08'):
            with (HERE / 'data' / f'{period}.csv').open(encoding='utf-8') as f:
                data = {(r['indicator'], r['unit_code']): r for r in csv.DictReader(f)}
            stem = f'bao-cao-chuyen-doi-so-thang-{period[5:]}-{period[:4]}'
            source = Path(tmp) / f'{stem}.fods'
            source.write_text(fods([build_sheet(s, period, data, units, i) for i, s in enumerate(SHEETS)]), encoding='utf-8')
            xlsx = convert(source, 'xlsx', HERE / period)
            read_back(xlsx)
            print(xlsx.relative_to(HERE))
            if period == '2023-08':  # legacy format, for the .xls reader's tests
                print(convert(source, 'xls', HERE / f'{period}-xls').relative_to(HERE))


if __name__ == '__main__':
    main()
