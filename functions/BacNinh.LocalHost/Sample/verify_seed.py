#!/usr/bin/env python3
"""Recomputes every figure of the seed article (Bắc Ninh, August 2023) from the sample
unit-level data in data/2023-07.csv and data/2023-08.csv, and asserts each one.

Exact arithmetic (Fraction) as CONTRACT §4 asks; rounding only for display. Every
rounded figure is also checked to sit clear of a rounding tie, so half-up, half-even
and double-precision consumers (C#, Power BI) all display the same value.
Usage: python3 verify_seed.py   (stdlib only)
"""
import csv
import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
REGISTRY = HERE.parents[1] / 'BacNinh.Core' / 'Reference' / 'units.csv'
TIERS = ('province', 'district', 'commune')
failures = []


def load_units():
    rows = csv.DictReader(REGISTRY.open(encoding='utf-8'))
    return {r['code']: r for r in rows
            if r['valid_from'] <= '2023-07-01' and (r['valid_to'] or '9999') >= '2023-08-31'}


def load(period):
    data = {}
    with (HERE / 'data' / f'{period}.csv').open(encoding='utf-8') as f:
        for r in csv.DictReader(f):
            assert r['period'] == period, r
            key = (r['indicator'], r['unit_code'])
            assert key not in data, f'duplicate {key}'
            data[key] = r
    return data


def round2(x):  # half-up to 2 decimals, as a Fraction
    return Fraction((x * 100 + Fraction(1, 2)).__floor__(), 100)


def vn(x):  # 96.25 -> "96,25%"
    return f'{float(round2(x)):.2f}'.replace('.', ',') + '%'


def check(label, ok, shown=''):
    print(f"{'OK  ' if ok else 'FAIL'} {label}{': ' + shown if shown else ''}")
    if not ok:
        failures.append(label)


def check_value(label, x, expected):
    clear = abs((x * 100 - Fraction(1, 2)) - round(x * 100 - Fraction(1, 2))) > Fraction(1, 10**4)
    check(label, round2(x) == Fraction(str(expected)) and clear, f'{vn(x)} (exact {float(x):.6f}, expected {expected})')


units = load_units()
by_tier = {t: [c for c, u in units.items() if u['tier'] == t] for t in TIERS}
by_tier['all'] = list(units)
name = {c: u['full_name'] for c, u in units.items()}
code_of = {u['full_name']: c for c, u in units.items()}
district = {u['short_name']: c for c, u in units.items() if u['tier'] == 'district'}
assert [len(by_tier[t]) for t in TIERS] == [22, 8, 126]
months = {p: load(p) for p in ('2023-07', '2023-08')}

# --- Row sanity: every unit reports every indicator, counts are consistent. ---
for period, data in months.items():
    problems = []
    for ind in ('DOC_SIGNED', 'WORK_DOSSIER_ONLINE', 'ONLINE_DOSSIERS'):
        for c in units:
            r = data.get((ind, c))
            if r is None:
                problems.append(f'{ind} {c} missing')
                continue
            n, d = int(r['numerator']), int(r['denominator'])
            parts = [r[k] for k in ('full_online', 'partial_online', 'in_person', 'postal')]
            if not 0 <= n <= d or r['unit_name'] != name[c]:
                problems.append(f'{ind} {c} {n}/{d} {r["unit_name"]}')
            if ind == 'ONLINE_DOSSIERS':
                full, part, person, post = map(int, parts)
                if full + part != n or person + post != d - n:
                    problems.append(f'{ind} {c} breakdown')
            elif any(parts):
                problems.append(f'{ind} {c} has breakdowns')
    check(f'{period}: {len(data)} rows, all 156 units x 3 indicators, counts consistent',
          len(data) == 3 * len(units) and not problems, '; '.join(problems[:5]))


def rates(period, ind, codes):
    """Unit rates; a unit with denominator 0 has no rate and is left out."""
    out = {}
    for c in codes:
        r = months[period][(ind, c)]
        if int(r['denominator']):
            out[c] = Fraction(100 * int(r['numerator']), int(r['denominator']))
    return out


def mean(period, ind, codes):
    rs = rates(period, ind, codes)
    return sum(rs.values()) / len(rs)


def pooled(period, ind, codes):
    rows = [months[period][(ind, c)] for c in codes]
    return Fraction(100 * sum(int(r['numerator']) for r in rows), sum(int(r['denominator']) for r in rows))


def names(codes):
    return ', '.join(name[c] for c in codes)


def codes(*full_names):
    return {code_of[n] for n in full_names}


def communes_of(district_short):
    return [c for c in by_tier['commune'] if units[c]['parent_code'] == district[district_short]]


AUG, JUL = '2023-08', '2023-07'

print('\n== Ký số văn bản đi (DOC_SIGNED), tháng 8/2023: trung bình ==')
for tier, expected in (('province', 96.25), ('district', 96.67), ('commune', 98.62)):
    check_value(f'{tier} mean', mean(AUG, 'DOC_SIGNED', by_tier[tier]), expected)
p = rates(AUG, 'DOC_SIGNED', by_tier['province'])
full = sorted(c for c, r in p.items() if r == 100)
check('province at 100%', set(full) == codes(
    'Ban Quản lý An toàn thực phẩm', 'Sở Công Thương', 'Sở Tài chính', 'Sở Tư pháp', 'Thanh tra tỉnh',
    'Trung tâm Hành chính công tỉnh', 'Viện Nghiên cứu Phát triển kinh tế - xã hội'), f'{len(full)}: {names(full)}')
lowest = sorted(p, key=p.get)[:3]
check('province three lowest', lowest == [code_of[n] for n in ('Văn phòng UBND tỉnh', 'Sở Xây dựng', 'Sở Tài nguyên và Môi trường')],
      ', '.join(f'{name[c]} ({vn(p[c])})' for c in reversed(lowest)))
for c, expected in zip(lowest, (88.85, 91.81, 92.33)):
    check_value(f'  {name[c]}', p[c], expected)
middle = [c for c in p if c not in lowest and c not in full]
check('the other 12 agencies strictly between the 3rd lowest and 100%',
      len(middle) == 12 and all(p[lowest[2]] < p[c] < 100 and round2(p[c]) > round2(p[lowest[2]]) for c in middle))
dr = rates(AUG, 'DOC_SIGNED', by_tier['district'])
ranked = sorted(dr, key=dr.get, reverse=True)
check('district highest, second, lowest', ranked[:2] == [district['Quế Võ'], district['Lương Tài']] and ranked[-1] == district['Gia Bình'],
      ', '.join(f'{name[c]} {vn(dr[c])}' for c in ranked[:2] + ranked[-1:]))
for c, expected in ((ranked[0], 99.52), (ranked[1], 99.21), (ranked[-1], 84.92)):
    check_value(f'  {name[c]}', dr[c], expected)
groups = {s: mean(AUG, 'DOC_SIGNED', communes_of(s)) for s in district}
order = sorted(groups, key=groups.get, reverse=True)
print('  commune group means: ' + '; '.join(f'{s} {vn(groups[s])}' for s in order))
check('communes of Từ Sơn all at 100%, group mean exactly 100, highest group',
      all(r == 100 for r in rates(AUG, 'DOC_SIGNED', communes_of('Từ Sơn')).values())
      and groups['Từ Sơn'] == 100 and all(groups[s] < 100 for s in order[1:]) and order[0] == 'Từ Sơn')
check('communes of Gia Bình lowest group', order[-1] == 'Gia Bình' and round2(groups[order[-2]]) > round2(groups['Gia Bình']))
check_value('  Gia Bình group mean', groups['Gia Bình'], 91.72)

print('\n== Hồ sơ công việc trên môi trường mạng (WORK_DOSSIER_ONLINE): tăng ở cả 3 cấp, đạt chỉ tiêu ==')
for tier, target in (('province', 90), ('district', 85), ('commune', 80)):
    jul, aug = mean(JUL, 'WORK_DOSSIER_ONLINE', by_tier[tier]), mean(AUG, 'WORK_DOSSIER_ONLINE', by_tier[tier])
    check(f'{tier} mean rose and meets {target}%', aug > jul and aug >= target and round2(aug) > round2(jul),
          f'{vn(jul)} -> {vn(aug)} (+{vn(aug - jul)[:-1]} điểm)')

print('\n== Hồ sơ TTHC trực tuyến (ONLINE_DOSSIERS), tháng 8/2023: gộp (pooled) ==')
for scope, expected, delta in (('all', 64.69, 12.93), ('province', 73.02, 8.51), ('district', 61.06, 15.25)):
    aug, jul = pooled(AUG, 'ONLINE_DOSSIERS', by_tier[scope]), pooled(JUL, 'ONLINE_DOSSIERS', by_tier[scope])
    check_value(f'{scope} pooled', aug, expected)
    check_value(f'{scope} change from July ({vn(jul)}), points', aug - jul, delta)
    check(f'  displayed figures agree too: {vn(jul)} + {delta} = {vn(aug)}', round2(jul) + Fraction(str(delta)) == round2(aug))
print(f"  (commune pooled {vn(pooled(AUG, 'ONLINE_DOSSIERS', by_tier['commune']))}, "
      f"July {vn(pooled(JUL, 'ONLINE_DOSSIERS', by_tier['commune']))}; not in the article)")
p = rates(AUG, 'ONLINE_DOSSIERS', by_tier['province'])
full = sorted(c for c, r in p.items() if r == 100)
check('province at 100%', set(full) == codes(
    'Ban Quản lý An toàn thực phẩm', 'Sở Thông tin và Truyền thông', 'Sở Giáo dục và Đào tạo', 'Sở Kế hoạch và Đầu tư',
    'Sở Văn hóa, Thể thao và Du lịch', 'Sở Khoa học và Công nghệ', 'Sở Giao thông vận tải'), f'{len(full)}: {names(full)}')
below = sorted((c for c, r in p.items() if r < 70), key=p.get, reverse=True)
check('province below the 70% target', below == [code_of[n] for n in ('Sở Nội vụ', 'Ban Quản lý các Khu công nghiệp', 'Sở Tư pháp')],
      ', '.join(f'{name[c]} ({vn(p[c])})' for c in below))
for c, expected in zip(below, (66.70, 43.60, 29.60)):
    check_value(f'  {name[c]}', p[c], expected)
dr = rates(AUG, 'ONLINE_DOSSIERS', by_tier['district'])
over = sorted(c for c, r in dr.items() if r > 65)
check('districts over 65%', set(over) == {district['Gia Bình'], district['Yên Phong']},
      f"{len(over)}/8: " + ', '.join(f'{name[c]} {vn(dr[c])}' for c in over))
check('no district exactly at 65%', all(r != 65 for r in dr.values()))
low = min(dr, key=dr.get)
check('district lowest', low == district['Từ Sơn'], name[low])
check_value(f'  {name[low]}', dr[low], 18.74)
zero = [f'{p} {name[c]}' for p in months for (i, c), r in months[p].items() if int(r['denominator']) == 0]
print(f"  units reporting with denominator 0 (no rate): {', '.join(zero) or 'none'}")

print(f'\n{"ALL CHECKS PASSED" if not failures else f"{len(failures)} CHECK(S) FAILED"}')
sys.exit(1 if failures else 0)
