#!/usr/bin/env python3
"""Independent check of `indexengine blend` against docs/blend.md (Python 3, standard library only).

Recomputes a blend from its spec and series following the rules of docs/blend.md, and compares the
result with the engine's levels.csv and rebalances.csv.

    python3 blend_check.py SPEC OUTDIR --from YYYY-MM-DD --to YYYY-MM-DD [--tolerance 1e-10]

Exit 0 when every level, exposure and rebalance matches; 1 otherwise; 2 on bad arguments.
"""
import argparse
import csv
import datetime as dt
import gzip
import io
import json
import os
import sys


def read_series(path, column):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = {}
    for row in rows:
        out[dt.date.fromisoformat(row["date"])] = float(row[column])
    return out


def load_spec(path):
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    base = os.path.dirname(os.path.abspath(path))
    sleeves = []
    for s in spec["sleeves"]:
        sleeves.append({
            "name": s["name"],
            "series": read_series(os.path.join(base, s["series"]), s.get("column", "close")),
            "target": float(s["target"]),
            "funded": bool(s.get("funded", True)),
        })
    fin = spec["financing"]
    financing_series = read_series(os.path.join(base, fin["series"]), fin.get("column", "close")) if "series" in fin else None
    rate = float(fin["rate"]) if "rate" in fin else None
    reb = spec.get("rebalance", {})
    return {
        "base": float(spec.get("base_value", 100)),
        "sleeves": sleeves,
        "financing_series": financing_series,
        "rate": rate,
        "schedule": reb.get("schedule") or "none",
        "band": reb.get("drift_band"),
        "fee": float(spec.get("fee", 0)),
    }


def scheduled(calendar, k, schedule):
    """Last date of its month on the full calendar (never the calendar's last date)."""
    if schedule == "none" or k + 1 >= len(calendar):
        return False
    d, n = calendar[k], calendar[k + 1]
    if (d.year, d.month) == (n.year, n.month):
        return False
    return schedule == "monthly" or d.month in (3, 6, 9, 12)


def compute(spec, start, end):
    series = [s["series"] for s in spec["sleeves"]]
    if spec["financing_series"] is not None:
        series.append(spec["financing_series"])
    common = set(series[0])
    for s in series[1:]:
        common &= set(s)
    calendar = sorted(common)
    idx = [k for k, d in enumerate(calendar) if start <= d <= end]
    sleeves = spec["sleeves"]
    targets = [s["target"] for s in sleeves]
    cash_target = 1.0
    funded_sum = 0.0
    for s in sleeves:
        if s["funded"]:
            funded_sum += s["target"]
    cash_target = 1.0 - funded_sum

    def at_targets(nav):
        return [t * nav for t in targets], cash_target * nav

    L = spec["base"]
    H, C = at_targets(L)
    rows = [(calendar[idx[0]], L, [h / L for h in H], C / L)]
    rebalances = []
    for k in idx[1:]:
        t, p = calendar[k], calendar[k - 1]
        d = (t - p).days
        r = [s["series"][t] / s["series"][p] - 1 for s in sleeves]
        if spec["rate"] is not None:
            rf = spec["rate"] * d / 360
        else:
            F = spec["financing_series"]
            rf = F[t] / F[p] - 1
        fee = spec["fee"] * L * d / 365
        newH = [H[i] * (1 + r[i]) for i in range(len(sleeves))]
        settled = 0.0
        for i, s in enumerate(sleeves):
            if not s["funded"]:
                settled += H[i] * (r[i] - rf)
        C = C * (1 + rf) + settled - fee
        H = newH
        L = 0.0
        for i, s in enumerate(sleeves):
            if s["funded"]:
                L += H[i]
        L += C
        e = [h / L for h in H]
        reason = None
        if scheduled(calendar, k, spec["schedule"]):
            reason = "schedule"
        elif spec["band"] is not None and any(abs(e[i] - targets[i]) > spec["band"] for i in range(len(e))):
            reason = "drift"
        if reason:
            H, C = at_targets(L)
            rebalances.append((t, reason))
            e = [h / L for h in H]
        rows.append((t, L, e, C / L))
    return rows, rebalances


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("spec")
    ap.add_argument("outdir")
    ap.add_argument("--from", dest="start", required=True)
    ap.add_argument("--to", dest="end", required=True)
    ap.add_argument("--tolerance", type=float, default=1e-10)
    a = ap.parse_args()
    spec = load_spec(a.spec)
    rows, rebalances = compute(spec, dt.date.fromisoformat(a.start), dt.date.fromisoformat(a.end))

    with open(os.path.join(a.outdir, "levels.csv"), encoding="utf-8", newline="") as f:
        engine = list(csv.DictReader(f))
    with open(os.path.join(a.outdir, "rebalances.csv"), encoding="utf-8", newline="") as f:
        engine_rebalances = [(dt.date.fromisoformat(r["date"]), r["reason"]) for r in csv.DictReader(f)]

    ok = True
    if len(engine) != len(rows):
        print(f"FAIL: {len(engine)} rows in levels.csv, {len(rows)} recomputed")
        ok = False
    names = [s["name"] for s in spec["sleeves"]]
    max_level = max_level_rel = max_exposure = 0.0
    for mine, theirs in zip(rows, engine):
        date, L, e, cash = mine
        if theirs["date"] != date.isoformat():
            print(f"FAIL: date {theirs['date']} in levels.csv, {date} recomputed")
            ok = False
            break
        dl = abs(float(theirs["level"]) - L)
        max_level = max(max_level, dl)
        max_level_rel = max(max_level_rel, dl / L)
        diffs = [abs(float(theirs[n]) - e[i]) for i, n in enumerate(names)] + [abs(float(theirs["cash"]) - cash)]
        max_exposure = max(max_exposure, max(diffs))
    if max_level > a.tolerance or max_exposure > a.tolerance:
        ok = False
    if engine_rebalances != rebalances:
        ok = False
        print(f"FAIL: rebalances differ: {len(engine_rebalances)} in rebalances.csv, {len(rebalances)} recomputed")
        for x, y in zip(engine_rebalances, rebalances):
            if x != y:
                print(f"  first difference: engine {x}, recomputed {y}")
                break
    drift = sum(1 for _, r in rebalances if r == "drift")
    sched = sum(1 for _, r in rebalances if r == "schedule")
    print(f"{a.spec}: {len(rows)} dates {rows[0][0]}..{rows[-1][0]}, final level {rows[-1][1]!r}; "
          f"max |level diff| {max_level:.3e} (relative {max_level_rel:.3e}), max |exposure diff| {max_exposure:.3e}; "
          f"{sched} schedule and {drift} drift rebalances; {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
