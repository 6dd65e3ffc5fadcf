#!/usr/bin/env python3
"""Independent check of a backtest's costs.csv, levels_net.csv and capacity.csv (issue 13), standard library only.

From the backtest folder's levels.csv (gross levels), rebalances.csv and rebalances/<S>/constituents.csv (target weights)
and the universe's prices (closes and volumes) it recomputes, without the engine's code:
  * the weights the previous holdings drifted to by each effective close (units bought at the previous effective
    close at the carried close, valued at the carried close; a holding without a close for more than
    max_stale_days trading days is removed and its value spread over the rest in proportion, §9),
  * traded_k = sum |w_new - w_drifted| (1 for the initial build from cash),
  * net(t) = gross(t) * prod over effective dates E_k < t of (1 - bps/1e4 * traded_k),
  * ADV = mean close*volume over the days with a trade among the adv_days trading days ending at the screening date,
    days of ADV = aum*|dw|/ADV and capacity AUM = fraction*ADV/|dw|,
and prints the largest differences; exits 1 if any exceeds 1e-10 (relative for ADV and the two capacity figures).

usage: costs_check.py BACKTEST_DIR UNIVERSE_DIR [--bps 0] [--aum 1e9] [--fraction 0.2] [--adv-days 63] [--max-stale-days 5]
"""
import argparse, csv, gzip, os, sys

p = argparse.ArgumentParser()
p.add_argument('backtest'); p.add_argument('universe')
p.add_argument('--bps', type=float, default=0.0); p.add_argument('--aum', type=float, default=1e9)
p.add_argument('--fraction', type=float, default=0.2); p.add_argument('--adv-days', type=int, default=63)
p.add_argument('--max-stale-days', type=int, default=5)
a = p.parse_args()
TOL = 1e-10

def rows(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt', encoding='utf-8', newline='') as f:
        yield from csv.DictReader(f)

prices_path = next(os.path.join(a.universe, n) for n in ('prices.csv.gz', 'prices.csv') if os.path.exists(os.path.join(a.universe, n)))
closes, volumes, dates = {}, {}, set()
for r in rows(prices_path):
    dates.add(r['date'])
    if r['close'] != '':
        closes.setdefault(r['id'], {})[r['date']] = float(r['close'])
        if r.get('volume', '') != '':
            volumes.setdefault(r['id'], {})[r['date']] = float(r['volume'])
cal = sorted(dates); pos = {d: i for i, d in enumerate(cal)}

carried = {}
def last_close(i, t):
    """(close, calendar index) of the latest close on or before calendar index t."""
    if i not in carried:
        c, run, last = closes.get(i, {}), [], None
        for u, d in enumerate(cal):
            if d in c: last = (c[d], u)
            run.append(last)
        carried[i] = run
    if carried[i][t] is None: raise SystemExit(f'{i} has no close on or before {cal[t]}')
    return carried[i][t]

rebalances = list(rows(os.path.join(a.backtest, 'rebalances.csv')))
targets = []
for r in rebalances:
    w = {x['id']: float(x['weight']) for x in rows(os.path.join(a.backtest, 'rebalances', r['screening'], 'constituents.csv'))}
    targets.append({i: v for i, v in w.items() if v != 0})

trades = []  # per rebalance: {id: dw}
for k, r in enumerate(rebalances):
    e = pos[r['effective']]
    if k == 0:
        drifted = {}
    else:
        e0 = pos[rebalances[k - 1]['effective']]
        units = {i: w / last_close(i, e0)[0] for i, w in targets[k - 1].items()}
        held = set(units)
        for t in range(e0 + 1, e + 1):  # removals of stale holdings on the way (none when all are stale)
            stale = {i for i in held if t - last_close(i, t)[1] > a.max_stale_days}
            if stale and stale != held: held -= stale
        value = {i: units[i] * last_close(i, e)[0] for i in held}
        total = sum(value.values())
        drifted = {i: v / total for i, v in value.items()}
    ids = set(drifted) | set(targets[k])
    trades.append({i: targets[k].get(i, 0.0) - drifted.get(i, 0.0) for i in ids})

worst = {'traded': 0.0, 'trade': 0.0, 'net': 0.0, 'adv': 0.0, 'days': 0.0, 'aum': 0.0}
def note(key, diff):
    worst[key] = max(worst[key], diff)

# costs.csv
costs = list(rows(os.path.join(a.backtest, 'costs.csv')))
assert [c['effective'] for c in costs] == [r['effective'] for r in rebalances], 'costs.csv rebalances'
traded = [sum(abs(d) for d in t.values()) for t in trades]
c_rate = a.bps / 1e4
for c, T in zip(costs, traded):
    note('traded', abs(float(c['traded']) - T))
    note('traded', abs(float(c['cost']) - c_rate * T))

# levels_net.csv against levels.csv
gross = list(rows(os.path.join(a.backtest, 'levels.csv')))
net = list(rows(os.path.join(a.backtest, 'levels_net.csv')))
assert [g['date'] for g in gross] == [n['date'] for n in net], 'levels_net.csv dates'
effective = [r['effective'] for r in rebalances]
for g, n in zip(gross, net):
    factor = 1.0
    for E, T in zip(effective, traded):
        if E < g['date']: factor *= 1 - c_rate * T
    for col in ('index_pr', 'index_tr'):
        note('net', abs(float(n[col]) - float(g[col]) * factor))

# capacity.csv
def adv(i, s):
    c, v = closes.get(i, {}), volumes.get(i, {})
    total, n = 0.0, 0
    for t in range(s, max(-1, s - a.adv_days), -1):
        d = cal[t]
        if d in c and v.get(d, 0) > 0:
            total += c[d] * v[d]; n += 1
    return total / n if n else None

def rel(x, y): return abs(x - y) / max(abs(y), 1e-300)

engine = {}
for r in rows(os.path.join(a.backtest, 'capacity.csv')):
    engine[(r['screening'], r['id'])] = r
count = 0
for r, t in zip(rebalances, trades):
    s = pos[r['screening']]
    for i, d in t.items():
        row = engine.pop((r['screening'], i), None)
        if row is None:
            assert abs(d) < 1e-15, f"{r['screening']} {i}: trade {d} missing from capacity.csv"
            continue
        count += 1
        w = abs(d)
        note('trade', abs(float(row['traded_weight']) - w))
        A = adv(i, s)
        if A is None:
            assert row['adv'] == '' and row['days_of_adv'] == '' and row['capacity_aum'] == '', (r['screening'], i, row)
            continue
        note('adv', rel(float(row['adv']), A))
        note('days', rel(float(row['days_of_adv']), a.aum * w / A))
        note('aum', rel(float(row['capacity_aum']), a.fraction * A / w))
assert not engine, f'capacity.csv rows without a trade: {sorted(engine)[:5]}'

print(f'{len(rebalances)} rebalances, {len(gross)} levels, {count} trades compared; max |traded/cost difference| {worst["traded"]:.2e}, '
      f'max |trade difference| {worst["trade"]:.2e}, max |net level difference| {worst["net"]:.2e}, '
      f'max relative ADV / days / capacity difference {worst["adv"]:.2e} / {worst["days"]:.2e} / {worst["aum"]:.2e}')
bad = {k: v for k, v in worst.items() if not v <= TOL}
if bad:
    print(f'FAILED: differences above {TOL}: {bad}', file=sys.stderr)
    sys.exit(1)
