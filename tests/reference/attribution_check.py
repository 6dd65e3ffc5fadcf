#!/usr/bin/env python3
"""Independent check of a backtest's attribution and exposure files (issue 13), standard library only.

From the backtest folder (levels.csv, rebalances.csv, rebalances/<screening>/constituents.csv for the index's weights and
sectors, rebalances/<screening>/scores.csv for the starting universe's market caps, sectors and factor scores) and the
universe's prices (close and, when present, dividend), it recalculates every holding period with the level rules of
docs/levels-and-statistics.md (carried closes, dividends reinvested across the index, constituents removed after
max_stale_days without a close), splits each day's level change by holding, and recomputes the Brinson-Fachler
attribution by sector and by size decile, Carino's linking and the factor exposures. It prints the largest differences
from attribution.csv, attribution_summary.csv, size_attribution.csv, size_attribution_summary.csv and exposures.csv,
and checks that the index's period returns are those of levels.csv and that the effects add up to the active return.

usage: attribution_check.py BACKTEST_DIR PRICES_CSV_GZ [MAX_STALE_DAYS]
"""
import csv, gzip, math, sys

bt, prices = sys.argv[1], sys.argv[2]
max_stale = int(sys.argv[3]) if len(sys.argv) > 3 else 5

closes, dividends, dates = {}, {}, set()
with gzip.open(prices, 'rt', newline='') as f:
    for r in csv.DictReader(f):
        if r['close'] != '':
            closes.setdefault(r['id'], {})[r['date']] = float(r['close'])
        if r.get('dividend'):
            dividends.setdefault(r['id'], {})[r['date']] = float(r['dividend'])
        dates.add(r['date'])
cal = sorted(dates)
pos = {d: i for i, d in enumerate(cal)}


def rows(path):
    with open(path, newline='') as f:
        return list(csv.DictReader(f))


def carried(sid, t):
    """The last close on or before day t and its day (the level's carried close)."""
    c = closes.get(sid, {})
    for u in range(t, -1, -1):
        if cal[u] in c:
            return c[cal[u]], u
    raise ValueError(f'{sid} has no close on or before {cal[t]}')


def run(weights, t0, t1):
    """Profit of each holding (share of the starting level) and the level's return over (t0, t1]."""
    hold = []
    for sid, w in weights:
        if w == 0:
            continue
        c, u = carried(sid, t0)
        hold.append([sid, w / c, c, u])  # id, TR units, close valued at, its day
    profit = {sid: 0.0 for sid, _ in weights}
    for t in range(t0 + 1, t1 + 1):
        day = cal[t]
        cash = 0.0
        for h in hold:
            c = closes.get(h[0], {}).get(day)
            new = h[2] if c is None else c
            d = dividends.get(h[0], {}).get(day, 0.0)
            profit[h[0]] += h[1] * (new - h[2] + d)
            cash += h[1] * d
            h[2] = new
            if c is not None:
                h[3] = t
        value = sum(h[1] * h[2] for h in hold)
        if cash != 0:
            for h in hold:
                h[1] *= 1 + cash / value
        stale = [h for h in hold if t - h[3] > max_stale]
        if 0 < len(stale) < len(hold):
            total = sum(h[1] * h[2] for h in hold)
            removed = sum(h[1] * h[2] for h in stale)
            hold = [h for h in hold if t - h[3] <= max_stale]
            for h in hold:
                h[1] *= 1 + removed / (total - removed)
    return profit, sum(h[1] * h[2] for h in hold) - 1


def brinson(index, bench):
    """index, bench: lists of (group, weight, contribution). Returns R, B and {group: (w, b, Ri, Rbi, alloc, sel, inter)}."""
    groups = {}
    for side, holdings in ((0, index), (1, bench)):
        for g, w, c in holdings:
            s = groups.setdefault(g, [0.0, 0.0, 0.0, 0.0])
            s[side] += w
            s[2 + side] += c
    R = sum(c for _, _, c in index)
    B = sum(c for _, _, c in bench)
    out = {}
    for g, (w, b, cw, cb) in groups.items():
        if w == 0 and b == 0:
            continue
        ri = cw / w if w != 0 else None
        rbi = cb / b if b != 0 else ri
        if ri is None:
            ri = rbi
        out[g] = (w, b, ri, rbi, (w - b) * (rbi - B), b * (ri - rbi), (w - b) * (ri - rbi))
    return R, B, out


def carino(r, b):
    if r == b:
        return 1 / (1 + r)
    return (math.log1p(r) - math.log1p(b)) / (r - b)


def deciles(members):
    """members: list of (id, cap); decile 1 = largest, ties by id, sizes differ by at most one (larger first)."""
    order = sorted(members, key=lambda m: (-m[1], m[0].encode()))
    n, out, start = len(order), {}, 0
    for d in range(10):
        size = n // 10 + (1 if d < n % 10 else 0)
        for m in order[start:start + size]:
            out[m[0]] = str(d + 1)
        start += size
    return out


levels = rows(f'{bt}/levels.csv')
level = {r['date']: float(r['index_tr']) for r in levels}
last = levels[-1]['date']
steps = rows(f'{bt}/rebalances.csv')
worst = {'level': 0.0, 'sum': 0.0, 'linked_sum': 0.0, 'sector': 0.0, 'size': 0.0, 'exposure': 0.0}
periods = {'sector': [], 'size': []}
exposures = []
for k, step in enumerate(steps):
    s, e = step['screening'], step['effective']
    end = steps[k + 1]['effective'] if k + 1 < len(steps) else last
    t0, t1 = pos[e], pos[end]
    cons = rows(f'{bt}/rebalances/{s}/constituents.csv')
    universe = [r for r in rows(f'{bt}/rebalances/{s}/scores.csv') if r['in_universe'] == 'true']
    total_cap = sum(float(r['market_cap']) for r in universe)
    cap_weight = {r['id']: float(r['market_cap']) / total_cap for r in universe}
    iw = [(r['id'], float(r['weight'])) for r in cons]
    bw = [(r['id'], cap_weight[r['id']]) for r in universe]
    ip, ir = run(iw, t0, t1)
    bp, _ = run(bw, t0, t1)
    growth = level[end] / level[e]
    worst['level'] = max(worst['level'], abs((1 + sum(ip.values())) / growth - 1), abs((1 + ir) / growth - 1))
    sector = {r['id']: r['sector'] for r in universe}
    decile = deciles([(r['id'], float(r['market_cap'])) for r in universe])
    for name, group in (('sector', sector), ('size', decile)):
        R, B, out = brinson([(group[i], w, ip[i]) for i, w in iw], [(group[i], w, bp[i]) for i, w in bw])
        worst['sum'] = max(worst['sum'], abs(sum(v[4] + v[5] + v[6] for v in out.values()) - (R - B)))
        periods[name].append((e, end, R, B, out))
    for col in [c for c in universe[0] if c.startswith('score_')]:
        def mean(pairs):
            covered = [(w, float(x)) for w, x in pairs if x != '']
            cw = sum(w for w, _ in covered)
            return sum(w * x for w, x in covered) / cw if cw > 0 else None
        by_id = {r['id']: r[col] for r in universe}
        exposures.append((s, col[len('score_'):], mean([(w, by_id[i]) for i, w in iw]), mean([(cap_weight[r['id']], r[col]) for r in universe])))

FIELDS = ['index_weight', 'benchmark_weight', 'index_return', 'benchmark_return', 'allocation', 'selection', 'interaction']
compared = {'sector': 0, 'size': 0}
for name, column, per_period, summary in (('sector', 'sector', 'attribution.csv', 'attribution_summary.csv'),
                                          ('size', 'decile', 'size_attribution.csv', 'size_attribution_summary.csv')):
    engine = {(r['start'], r[column]): r for r in rows(f'{bt}/{per_period}')}
    assert len(engine) == sum(len(p[4]) for p in periods[name]), f'{per_period}: {len(engine)} rows'
    for e, end, R, B, out in periods[name]:
        for g, values in out.items():
            r = engine[(e, g)]
            assert r['end'] == end, (per_period, e, g)
            for field, v in zip(FIELDS, values):
                worst[name] = max(worst[name], abs(float(r[field]) - v))
                compared[name] += 1
    # Carino: k_t / K scales each period's effects; weights averaged, group returns compounded.
    GR = math.prod(1 + p[2] for p in periods[name]) - 1
    GB = math.prod(1 + p[3] for p in periods[name]) - 1
    K = carino(GR, GB)
    linked = {}
    for e, end, R, B, out in periods[name]:
        scale = carino(R, B) / K
        for g, (w, b, ri, rbi, a, s_, i_) in out.items():
            x = linked.setdefault(g, [0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0])
            x[0] += w / len(periods[name]); x[1] += b / len(periods[name])
            x[2] *= 1 + ri; x[3] *= 1 + rbi
            x[4] += scale * a; x[5] += scale * s_; x[6] += scale * i_
    worst['linked_sum'] = max(worst['linked_sum'], abs(sum(x[4] + x[5] + x[6] for x in linked.values()) - (GR - GB)))
    summary_rows = rows(f'{bt}/{summary}')
    assert len(summary_rows) == len(linked), summary
    for r in summary_rows:
        x = linked[r[column]]
        assert (r['start'], r['end']) == (periods[name][0][0], periods[name][-1][1]), summary
        for field, v in zip(FIELDS, [x[0], x[1], x[2] - 1, x[3] - 1, x[4], x[5], x[6]]):
            worst[name] = max(worst[name], abs(float(r[field]) - v))
            compared[name] += 1
    engine_linked = sum(float(r['allocation']) + float(r['selection']) + float(r['interaction']) for r in summary_rows)
    worst['linked_sum'] = max(worst['linked_sum'], abs(engine_linked - (GR - GB)))
    total_from_levels = level[last] / level[periods[name][0][0]] - 1
    worst['level'] = max(worst['level'], abs((1 + GR) / (1 + total_from_levels) - 1))

engine_exposures = {(r['screening_date'], r['factor']): r for r in rows(f'{bt}/exposures.csv')}
assert len(engine_exposures) == len(exposures), 'exposures.csv rows'
for s, f, ix, bx in exposures:
    r = engine_exposures[(s, f)]
    for field, v in (('index', ix), ('benchmark', bx)):
        if v is None:
            assert r[field] == '', (s, f, field)
        else:
            worst['exposure'] = max(worst['exposure'], abs(float(r[field]) - v))

print(f"{len(steps)} holding periods; index period returns vs levels.csv: max relative difference {worst['level']:.2e}")
print(f"sector attribution: {compared['sector']} values compared, max |difference| {worst['sector']:.2e}")
print(f"size-decile attribution: {compared['size']} values compared, max |difference| {worst['size']:.2e}")
print(f"effects minus active return: per period {worst['sum']:.2e}, linked {worst['linked_sum']:.2e}")
print(f"{len(exposures)} factor exposures compared, max |difference| {worst['exposure']:.2e}")
ok = (worst['level'] < 1e-12 and worst['sum'] < 1e-12 and worst['linked_sum'] < 1e-10
      and max(worst['sector'], worst['size'], worst['exposure']) < 1e-10)
sys.exit(0 if ok else 1)
