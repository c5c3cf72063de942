#!/usr/bin/env python3
"""Builds the sample months around the reorganization of 1 July 2025 (June and July 2025).

June 2025 is reported by the units of old Bắc Ninh, July 2025 by the 13 agencies and 99 communes of
the new province; the coordinating department (so-khcn since the merger of early 2025) uploads both.
Each month is one CSV per indicator, by unit code, with figures drawn from a fixed seed so the files
never change between runs. Usage: python3 make_reorganized_months.py
"""
import csv
import random
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REGISTRY = HERE.parents[1] / 'BacNinh.Core' / 'Reference' / 'units.csv'
INDICATORS = {
    'DOC_SIGNED': ('Tổng số văn bản đi', 'Số văn bản đi có ký số'),
    'ONLINE_DOSSIERS': ('Tổng số hồ sơ tiếp nhận', 'Số hồ sơ trực tuyến'),
}


def units_in(month_start):
    with REGISTRY.open(encoding='utf-8') as f:
        for row in csv.DictReader(f):
            start = date.fromisoformat(row['valid_from']) if row['valid_from'] else date.min
            end = date.fromisoformat(row['valid_to']) if row['valid_to'] else date.max
            if start <= month_start <= end:
                yield row


def write_month(year, month, lift):
    start = date(year, month, 1)
    folder = HERE / f'{year:04d}-{month:02d}'
    folder.mkdir(exist_ok=True)
    units = sorted(units_in(start), key=lambda u: ('province', 'district', 'commune').index(u['tier']))
    for code, (total, done) in INDICATORS.items():
        rng = random.Random(f'{code}-{year}-{month}')
        path = folder / f'{code.lower().replace("_", "-")}-{year:04d}-{month:02d}.csv'
        with path.open('w', encoding='utf-8', newline='') as f:
            out = csv.writer(f)
            out.writerow(['Mã đơn vị', 'Tên đơn vị', total, done])
            for unit in units:
                denominator = rng.randint(150, 2400)
                rate = min(1.0, rng.uniform(0.55, 0.97) + lift)
                out.writerow([unit['code'], unit['full_name'], denominator, round(denominator * rate)])


write_month(2025, 6, 0.0)
write_month(2025, 7, 0.03)
