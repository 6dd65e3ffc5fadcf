#!/usr/bin/env python3
"""Independent check of a backtest's factor_ic.csv and factor_quantiles.csv (issue 13): from the backtest folder's per-rebalance
scores.csv (factor ranks and CFS of the starting universe) and the universe's prices.csv.gz (adjusted closes, no
dividend column), recompute every Spearman IC with plain Python and print the largest difference.

usage: factor_ic_check.py BACKTEST_DIR PRICES_CSV_GZ
"""
import csv, gzip, glob, os, math, sys
bt = sys.argv[1]; prices = sys.argv[2]
closes = {}; dates = set()
with gzip.open(prices, 'rt') as f:
    for r in csv.DictReader(f):
        closes.setdefault(r['id'], {})[r['date']] = float(r['close']); dates.add(r['date'])
cal = sorted(dates); pos = {d: i for i, d in enumerate(cal)}
def close_at(i, t, fb=5):
    c = closes[i]
    for u in range(t, max(0, t - fb) - 1, -1):
        if cal[u] in c: return c[cal[u]]
    return None
def ranks(v):
    o = sorted(range(len(v)), key=lambda k: v[k]); r = [0.0]*len(v); a = 0
    while a < len(o):
        b = a
        while b + 1 < len(o) and v[o[b+1]] == v[o[a]]: b += 1
        for k in range(a, b+1): r[o[k]] = (a + b) / 2 + 1
        a = b + 1
    return r
def spearman(x, y):
    rx, ry = ranks(x), ranks(y); mx, my = sum(rx)/len(rx), sum(ry)/len(ry)
    sxy = sum((a-mx)*(b-my) for a, b in zip(rx, ry)); sxx = sum((a-mx)**2 for a in rx); syy = sum((b-my)**2 for b in ry)
    return sxy / math.sqrt(sxx*syy)
steps = sorted(os.path.basename(p) for p in glob.glob(bt + '/rebalances/*'))
engine = {}
for r in csv.DictReader(open(bt + '/factor_ic.csv')):
    engine[(r['screening_date'], r['factor'], r['horizon'])] = (float(r['ic']) if r['ic'] else None, int(r['n']))
worst = 0; count = 0
for k, s in enumerate(steps):
    rows = [r for r in csv.DictReader(open(f'{bt}/rebalances/{s}/scores.csv')) if r['in_universe'] == 'true']
    t0 = pos[s]; hz = []
    if k + 1 < len(steps): hz.append(('next', pos[steps[k+1]]))
    for name, d in (('1m', 21), ('3m', 63), ('12m', 252)):
        if t0 + d < len(cal): hz.append((name, t0 + d))
    factors = [c[len('rank_'):] for c in rows[0] if c.startswith('rank_')] + ['cfs']
    for f in factors:
        col = 'cfs' if f == 'cfs' else 'rank_' + f
        for h, t1 in hz:
            x = []; y = []
            for r in rows:
                if r[col] == '': continue
                a, b = close_at(r['id'], t0), close_at(r['id'], t1)
                if a is None or b is None: continue
                x.append(float(r[col])); y.append(b / a - 1)
            ic = spearman(x, y) if len(x) >= 3 else None
            e = engine[(s, f, h)]
            assert e[1] == len(x), (s, f, h, e, len(x))
            worst = max(worst, abs(ic - e[0])); count += 1
print(f'{count} ICs compared, max |difference| {worst:.2e}')

# Quintiles: U sorted by the factor ascending (ties by id), cut into 5 groups whose sizes differ by at most one
# (larger first), equal-weighted forward total return to the next screening date.
quantiles = {}
for r in csv.DictReader(open(bt + '/factor_quantiles.csv')):
    quantiles[(r['screening_date'], r['factor'], int(r['quantile']))] = float(r['return'])
qworst = 0; qcount = 0
for k, s in enumerate(steps[:-1]):
    rows = [r for r in csv.DictReader(open(f'{bt}/rebalances/{s}/scores.csv')) if r['in_universe'] == 'true']
    t0, t1 = pos[s], pos[steps[k + 1]]
    factors = [c[len('rank_'):] for c in rows[0] if c.startswith('rank_')] + ['cfs']
    for f in factors:
        col = 'cfs' if f == 'cfs' else 'rank_' + f
        pairs = []
        for r in rows:
            if r[col] == '': continue
            a, b = close_at(r['id'], t0), close_at(r['id'], t1)
            if a is None or b is None: continue
            pairs.append((float(r[col]), r['id'], b / a - 1))
        pairs.sort(key=lambda p: (p[0], p[1].encode()))
        start = 0
        for q in range(5):
            size = len(pairs) // 5 + (1 if q < len(pairs) % 5 else 0)
            total = 0.0
            for p in pairs[start:start + size]: total += p[2]
            mine = total / size
            qworst = max(qworst, abs(mine - quantiles[(s, f, q + 1)])); qcount += 1
            start += size
print(f'{qcount} quintile returns compared, max |difference| {qworst:.2e}')
sys.exit(0 if count > 0 and qcount > 0 and worst < 1e-9 and qworst < 1e-12 else 1)
