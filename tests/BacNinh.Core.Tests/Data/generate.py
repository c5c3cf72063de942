#!/usr/bin/env python3
"""Regenerates the workbook fixtures of BacNinh.Core.Tests from flat ODS written here.

Each workbook is named after the test that reads it. Needs LibreOffice (soffice) on PATH:
    python3 tests/BacNinh.Core.Tests/Data/generate.py
The generated .xlsx/.xls files are committed, so the tests do not need LibreOffice.
"""
import os
import subprocess
import tempfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:percentage-style style:name="N1"><number:number number:decimal-places="2" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
 <number:number-style style:name="N2"><number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
 <style:style style:name="pct" style:family="table-cell" style:data-style-name="N1"/>
 <style:style style:name="int" style:family="table-cell" style:data-style-name="N2"/>
 <style:style style:name="bold" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
"""
TAIL = "</office:spreadsheet></office:body></office:document>\n"


def cell(value):
    """None: empty; str: text; int/float: number; ('pct', x): percent cell; ('f', formula, style): formula;
    ('merge', text, cols, rows): a merged cell (the covered cells must be given as ('covered',))."""
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, tuple):
        kind = value[0]
        if kind == "covered":
            return "<table:covered-table-cell/>"
        if kind == "pct":
            return f'<table:table-cell table:style-name="pct" office:value-type="percentage" office:value="{value[1]}"/>'
        if kind == "f":
            style = f' table:style-name="{value[2]}"' if len(value) > 2 else ""
            return f'<table:table-cell{style} table:formula="of:={escape(value[1], {chr(34): "&quot;"})}"/>'
        if kind == "merge":
            _, text, cols, rows = value
            return (f'<table:table-cell table:style-name="bold" office:value-type="string" table:number-columns-spanned="{cols}" '
                    f'table:number-rows-spanned="{rows}"><text:p>{escape(text)}</text:p></table:table-cell>')
        raise ValueError(kind)
    if isinstance(value, (int, float)):
        return f'<table:table-cell table:style-name="int" office:value-type="float" office:value="{value}"/>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def sheet(name, rows):
    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>\n" for row in rows)
    return f'<table:table table:name="{escape(name)}">{body}</table:table>\n'


def write(name, sheets, formats=("xlsx",)):
    with tempfile.TemporaryDirectory() as tmp:
        fods = os.path.join(tmp, name + ".fods")
        with open(fods, "w", encoding="utf-8") as f:
            f.write(HEAD + "".join(sheet(n, r) for n, r in sheets) + TAIL)
        for fmt in formats:
            subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", HERE, fods],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print("wrote", name + "." + fmt)


def rate(row):
    """Rate formula for a row (1-based) with denominator in D and numerator in E, as the template has it."""
    return ("f", f'IF([.D{row}]=0;"";[.E{row}]/[.D{row}])', "pct")


# The canonical template as an agency fills it in: title, period, header, tier sections, rate formulas.
canonical = [
    ["BÁO CÁO TỶ LỆ VĂN BẢN ĐI CÓ KÝ SỐ TỪ HỒ SƠ CÔNG VIỆC"],
    ["Tháng 8/2023"],
    [],
    ["STT", "Tên đơn vị", "Mã đơn vị", "Tổng số văn bản đi", "Số văn bản đi có ký số", "Tỷ lệ (%)"],
    ["I", "CẤP TỈNH"],
    [1, "Sở Tài chính", "P-STC", 420, 420, rate(6)],
    [2, "Văn phòng UBND tỉnh", "P-VPUBND", 1211, 1076, rate(7)],
    ["II", "CẤP HUYỆN"],
    [1, "Huyện Gia Bình", "263", 800, 600, rate(9)],
    ["III", "CẤP XÃ"],
    [1, "Phường Ninh Xá", "09184", 0, 0, rate(11)],
]
write("CanonicalTemplateIsAccepted", [("DOC_SIGNED", canonical)], formats=("xlsx", "xls"))

# A consolidated workbook as offices really send them.
doc_signed = [
    [("merge", "UBND TỈNH BẮC NINH", 6, 1), ("covered",), ("covered",), ("covered",), ("covered",), ("covered",)],
    [("merge", "TỔNG HỢP TỶ LỆ VĂN BẢN ĐI CÓ KÝ SỐ, tháng 08 năm 2023", 6, 1), ("covered",), ("covered",), ("covered",), ("covered",), ("covered",)],
    [],
    ["STT", "Tên cơ quan, đơn vị", "Thuộc", "Tổng số văn bản đi", "Số văn bản đi có ký số từ hồ sơ công việc", "Tỷ lệ (%)"],
    ["I. CẤP TỈNH"],
    [1, "Sở TN&MT", None, 520, 494, ("pct", 0.95)],
    [2, "VP UBND tỉnh", None, "1.211", "1.076", "88,85%"],
    [3, "Sở KH&ĐT", None, "1 000", 990, "99"],
    [4, "BQL các KCN", None, 300, 300, 100],
    [None, "Cộng cấp tỉnh", None, 3031, 2860, None],
    ["II. CẤP HUYỆN"],
    [1, "TP. Bắc Ninh", None, 900, 855, ("pct", 0.95)],
    [2, "UBND huyện Gia Bình", None, 800, 600, ("pct", 0.75)],
    [3, "TX Thuận Thành", None, 700, 700, 100],
    ["III. CẤP XÃ"],
    [None, "Thị xã Thuận Thành", None, 150, 140, None],
    [1, "Phường Ninh Xá", None, 50, 45, ("pct", 0.9)],
    [2, "Xã Song Liễu", None, 100, 95, ("pct", 0.95)],
    [None, "Thành phố Bắc Ninh", None, None, None, None],
    [1, "P. Ninh Xá", None, 40, 40, ("pct", 1)],
    [2, "Phường Ninh Xá", "TX Thuận Thành", 10, 9, ("pct", 0.9)],
    [],
    [None, "Tổng cộng", None, 4581, 4414, None],
    ["Ghi chú: số liệu tính đến hết ngày 31/8/2023."],
]
online_dossiers = [
    ["BÁO CÁO HỒ SƠ THỦ TỤC HÀNH CHÍNH TRỰC TUYẾN - T8/2023"],
    [("merge", "STT", 1, 2), ("merge", "Đơn vị", 1, 2), ("merge", "Tổng số hồ sơ tiếp nhận", 1, 2),
     ("merge", "Hồ sơ trực tuyến", 3, 1), ("covered",), ("covered",), ("merge", "Trực tiếp", 1, 2), ("merge", "BCCI", 1, 2), ("merge", "Tỷ lệ (%)", 1, 2)],
    [("covered",), ("covered",), ("covered",), "Tổng số", "Toàn trình", "Một phần", ("covered",), ("covered",), ("covered",)],
    ["A", "Cấp tỉnh"],
    [1, "Sở Tư pháp", 1000, 296, 100, 196, 700, 4, ("pct", 0.296)],
    [2, "Sở GD&ĐT", 400, 400, 400, 0, 0, 0, ("pct", 1)],
    ["B", "Cấp xã"],
    [None, "Huyện Gia Bình", 500, 250, None, None, None, None, None],
    [1, "Thị trấn Gia Bình", 200, 100, 60, 40, 100, 0, ("pct", 0.5)],
    [None, "Trung bình", None, None, None, None, None, None, ("pct", 0.598)],
]
notes = [["Hướng dẫn điền biểu mẫu"], ["Số liệu lấy từ hệ thống quản lý văn bản."]]
write("MessyWorkbookIsIngestedWithEveryTier",
      [("Ký số", doc_signed), ("Hồ sơ TTHC", online_dossiers), ("Hướng dẫn", notes)], formats=("xlsx", "xls"))

# Formula errors where figures should be.
errors = [
    ["Tên đơn vị", "Mã đơn vị", "Không dùng", "Tổng số văn bản đi", "Số văn bản đi có ký số", "Tỷ lệ (%)"],
    ["Sở Tài chính", None, None, 420, 420, ("f", "[.E2]/[.D2]", "pct")],
    ["Sở Xây dựng", None, None, 100, ("f", "1/0"), ("f", "[.E3]/[.D3]", "pct")],
    ["Sở Y tế", None, None, 100, 50, ("f", '"a"+1', "pct")],
    ["Sở Tư pháp", None, None, 0, 0, ("f", "[.E5]/[.D5]", "pct")],
]
write("FormulaErrorsAreNotANumberWithTheirPosition", [("Sheet1", errors)], formats=("xlsx", "xls"))
