#!/usr/bin/env python3
"""Independent reference implementation of METHODOLOGY.md sections 1-7 and 11
(one rebalance, no buffer), standard library only.

Written from ../shared/METHODOLOGY.md (docs/methodology.md), docs/methodology-decisions.md,
docs/data-inputs.md and the config keys of config/*.json, by someone who had not read the
engine's source: a second reading of the rules, not a port of the code. See README.md here.

usage: reference.py --universe DIR --as-of YYYY-MM-DD [--fraction F | --count N]
                    [--universe-size N] [--max-age-days D]
                    [--config default|technical|FILE.json] [--set key=value ...]
                    [--undated-cap metrics|securities] --out weights.csv
"""
import argparse
import copy
import csv
import datetime as dt
import gzip
import io
import json
import math
import os
import re
import sys

# ---------------------------------------------------------------- config

DEFAULT_CONFIG = {
    "data": {"unknown_ids": "error"},
    "eligibility": {"countries": ["US"], "types": ["common", "reit", "tracking", "holding"],
                    "min_adv": 1000000.0, "adv_days": 63, "adv_periods": 3},
    "technical": {"window": 252, "min_observations": 200, "close_fallback_days": 5,
                  "momentum_skip": 21, "momentum_long": 252, "momentum_short": 126,
                  "annualisation": 252},
    "universe": {"size": 800},
    "market": {"source": "universe"},
    "factors": {"value": ["earnings_yield", "book_to_price", "sales_to_price"],
                "quality": ["roe", "roa", "roe_change", "roa_change"],
                "momentum": ["mom_12_1", "mom_6_1"],
                "low_correlation": ["corr_market"]},
    "metrics": {"direction": {"corr_market": -1}, "weight": {}, "max_age_days": 400},
    "scoring": {"z_clip": 3.0, "min_metric_count": 3,
                "factor_weights": {"value": 0.25, "quality": 0.25, "momentum": 0.25,
                                   "low_correlation": 0.25},
                "min_factors": 3},
    "selection": {"count": 200, "fraction": None, "buffer_rank": None},
    "weighting": {"cfs_share": 0.5, "sector_cap": None, "security_cap": 0.05},
}

TECHNICAL_VARIANT = {
    "factors": {"momentum": ["mom_12_1", "mom_6_1"], "low_correlation": ["corr_market"]},
    "scoring": {"factor_weights": {"momentum": 0.5, "low_correlation": 0.5}, "min_factors": 2},
}

COMPUTED = ("vol", "mom_12_1", "mom_6_1", "corr_market")


class InputError(Exception):
    pass


def merge_config(base, over):
    """Deep merge; the factor map and factor weights are replaced as a whole."""
    out = copy.deepcopy(base)
    for k, v in over.items():
        if k in ("extends", "description"):
            continue
        if k == "factors":
            out["factors"] = copy.deepcopy(v)
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            sub = copy.deepcopy(out[k])
            for k2, v2 in v.items():
                if k == "scoring" and k2 == "factor_weights":
                    sub[k2] = copy.deepcopy(v2)
                elif isinstance(v2, dict) and isinstance(sub.get(k2), dict):
                    sub[k2] = merge_config(sub[k2], v2)
                else:
                    sub[k2] = copy.deepcopy(v2)
            out[k] = sub
        else:
            out[k] = copy.deepcopy(v)
    return out


def load_config(name):
    if name in (None, "default"):
        return copy.deepcopy(DEFAULT_CONFIG)
    if name == "technical":
        return merge_config(DEFAULT_CONFIG, TECHNICAL_VARIANT)
    with open(name, encoding="utf-8-sig") as f:
        over = json.load(f)
    base = DEFAULT_CONFIG
    ext = over.get("extends")
    if ext and os.path.basename(ext) != "default.json":
        base = load_config(os.path.join(os.path.dirname(os.path.abspath(name)), ext))
    return merge_config(base, over)


def parse_set_value(v):
    if v in ("null", ""):
        return None
    try:
        return json.loads(v)
    except ValueError:
        pass
    if "," in v:
        return [x for x in v.split(",") if x != ""]
    return v


def apply_set(cfg, key, value):
    parts = key.split(".")
    node = cfg
    for p in parts[:-1]:
        node = node.setdefault(p, {})
    val = parse_set_value(value)
    if parts[0] == "factors" and isinstance(val, str):
        val = [val]
    if parts[0] in ("eligibility",) and parts[-1] in ("countries", "types") and isinstance(val, str):
        val = [val]
    node[parts[-1]] = val


# ---------------------------------------------------------------- reading

NUM_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def open_table(folder, stem):
    plain = os.path.join(folder, stem + ".csv")
    gz = plain + ".gz"
    if os.path.exists(plain) and os.path.exists(gz):
        raise InputError("%s: both .csv and .csv.gz present" % plain)
    if os.path.exists(gz):
        data = gzip.open(gz, "rb").read()
        path = gz
    elif os.path.exists(plain):
        data = open(plain, "rb").read()
        path = plain
    else:
        raise InputError("%s: missing" % plain)
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    rows = [r for r in csv.reader(io.StringIO(text, newline="")) if r != []]
    if not rows:
        raise InputError("%s: empty file" % path)
    header = rows[0]
    if len(set(header)) != len(header) or "" in header:
        raise InputError("%s: empty or repeated header name" % path)
    body = rows[1:]
    for n, r in enumerate(body, start=2):
        if len(r) != len(header):
            raise InputError("%s:%d: wrong number of fields" % (path, n))
    return path, header, body


def num(s, path, line, col):
    if s == "":
        return None
    if not NUM_RE.match(s):
        raise InputError("%s:%d column '%s': not a number '%s'" % (path, line, col, s))
    v = float(s)
    if math.isinf(v):
        raise InputError("%s:%d column '%s': overflow" % (path, line, col))
    return v + 0.0  # -0 -> 0


def parse_date(s, path, line, col):
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", s):
        raise InputError("%s:%d column '%s': bad date '%s'" % (path, line, col, s))
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise InputError("%s:%d column '%s': bad date '%s'" % (path, line, col, s))


def need(header, cols, path):
    for c in cols:
        if c not in header:
            raise InputError("%s: missing column '%s'" % (path, c))
    return {c: header.index(c) for c in header}


class Universe:
    pass


def load_universe(folder, cfg):
    u = Universe()
    ignore_unknown = cfg["data"].get("unknown_ids") == "ignore"
    # securities
    path, header, body = open_table(folder, "securities")
    ix = need(header, ["id", "name", "sector", "country", "security_type", "market_cap"], path)
    if not body:
        raise InputError("%s: no rows" % path)
    u.sec = {}
    for n, r in enumerate(body, start=2):
        i = r[ix["id"]]
        if i == "":
            raise InputError("%s:%d: empty id" % (path, n))
        if i in u.sec:
            raise InputError("%s:%d: duplicate id '%s'" % (path, n, i))
        u.sec[i] = {"sector": r[ix["sector"]], "country": r[ix["country"]],
                    "type": r[ix["security_type"]],
                    "mcap": num(r[ix["market_cap"]], path, n, "market_cap")}
    # metrics
    path, header, body = open_table(folder, "metrics")
    ix = need(header, ["id"], path)
    u.dated = "date" in header
    u.metric_cols = [c for c in header if c not in ("id", "date")]
    u.has_cap_col = "market_cap" in header
    u.metric_rows = {}  # id -> list of (date or None, {col: value})
    seen = set()
    for n, r in enumerate(body, start=2):
        i = r[ix["id"]]
        if i == "":
            raise InputError("%s:%d: empty id" % (path, n))
        d = parse_date(r[ix["date"]], path, n, "date") if u.dated else None
        vals = {c: num(r[ix[c]], path, n, c) for c in u.metric_cols}
        if i not in u.sec:
            if ignore_unknown:
                continue
            raise InputError("%s:%d: unknown id '%s'" % (path, n, i))
        key = (d, i)
        if key in seen:
            raise InputError("%s:%d: duplicate %s" % (path, n, "(date,id)" if u.dated else "id"))
        seen.add(key)
        u.metric_rows.setdefault(i, []).append((d, vals))
    # prices
    path, header, body = open_table(folder, "prices")
    ix = need(header, ["date", "id", "close", "volume"], path)
    has_div = "dividend" in header
    raw = []
    dates = set()
    seen = set()
    ci, ii, di, vi = ix["date"], ix["id"], ix["close"], ix["volume"]
    dvi = ix.get("dividend")
    datecache = {}
    for n, r in enumerate(body, start=2):
        i = r[ii]
        if i == "":
            raise InputError("%s:%d: empty id" % (path, n))
        ds = r[ci]
        d = datecache.get(ds)
        if d is None:
            d = parse_date(ds, path, n, "date")
            datecache[ds] = d
        c = num(r[di], path, n, "close")
        if c is None or c <= 0:
            raise InputError("%s:%d column 'close': must be > 0" % (path, n))
        v = num(r[vi], path, n, "volume")
        if v is not None and v < 0:
            raise InputError("%s:%d column 'volume': negative" % (path, n))
        dv = 0.0
        if has_div:
            dv = num(r[dvi], path, n, "dividend")
            if dv is None:
                dv = 0.0
            if dv < 0:
                raise InputError("%s:%d column 'dividend': negative" % (path, n))
        if i not in u.sec:
            if ignore_unknown:
                continue
            raise InputError("%s:%d: unknown id '%s'" % (path, n, i))
        raw.append((d, i, c, v, dv))
        dates.add(d)
    if not raw:
        raise InputError("%s: no rows" % path)
    u.calendar = sorted(dates)
    pos = {d: k for k, d in enumerate(u.calendar)}
    u.prices = {}
    for d, i, c, v, dv in raw:
        m = u.prices.setdefault(i, {})
        k = pos[d]
        if k in m:
            raise InputError("%s: duplicate (date,id) %s,%s" % (path, d, i))
        m[k] = (c, v, dv)
    return u


# ---------------------------------------------------------------- methodology

def round_half_away(x):
    return int(math.floor(abs(x) + 0.5)) * (1 if x >= 0 else -1)


def mean(xs):
    return math.fsum(xs) / len(xs)


def sample_std(xs):
    m = mean(xs)
    return math.sqrt(math.fsum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def avg_ranks_exact(values):
    """values: dict id -> float. Returns dict id -> P in [0,1] (ties: average rank of equal values)."""
    return avg_ranks_near(values, tol=0.0)


def avg_ranks_near(values, tol=1e-12):
    """dict id -> P in [0,1]: average ranks, where values within tol*max(1,|a|,|b|) of their
    neighbour in sorted order are tied (chained); tol=0 ties equal values only."""
    items = sorted(values.items(), key=lambda kv: kv[1])
    n = len(items)
    out = {}
    if n == 0:
        return out
    if n == 1:
        return {items[0][0]: 0.5}
    k = 0
    while k < n:
        j = k
        while j + 1 < n:
            a, b = items[j][1], items[j + 1][1]
            if b - a <= tol * max(1.0, abs(a), abs(b)):
                j += 1
            else:
                break
        r = (k + 1 + j + 1) / 2.0
        for t in range(k, j + 1):
            out[items[t][0]] = (r - 1) / (n - 1)
        k = j + 1
    return out


def rebalance(u, cfg, as_of, undated_cap="metrics", log=print):
    cal = u.calendar
    # ---- screening date S
    if as_of is None:
        s_idx = len(cal) - 1
    else:
        if as_of < cal[0] or as_of > cal[-1]:
            raise InputError("--as-of %s outside the price data" % as_of)
        s_idx = max(k for k, d in enumerate(cal) if d <= as_of)
        if cal[s_idx] != as_of:
            log("warning: %s is not a trading day; screening on %s" % (as_of, cal[s_idx]))
    S = cal[s_idx]
    tech = cfg["technical"]
    FB = int(tech["close_fallback_days"])

    def close_at(pr, k):
        """close at calendar index k with the fallback; None if missing."""
        if k < 0 or pr is None:
            return None
        for kk in range(k, max(k - FB, 0) - 1, -1):
            row = pr.get(kk)
            if row is not None:
                return row[0]
        return None

    # ---- metrics as of S (section 11)
    max_age = cfg["metrics"].get("max_age_days", 400)
    metric_vals = {}   # id -> {col: value}
    row_date = {}      # id -> date of the row used (dated metrics)
    for i, rows in u.metric_rows.items():
        if u.dated:
            best = None
            for d, vals in rows:
                if d <= S and (best is None or d > best[0]):
                    best = (d, vals)
            if best is None:
                continue
            if max_age is not None and best[0] < S - dt.timedelta(days=int(max_age)):
                continue
            metric_vals[i] = best[1]
            row_date[i] = best[0]
        else:
            metric_vals[i] = rows[0][1]

    # ---- market caps
    cap_from_metrics = u.has_cap_col and (u.dated or undated_cap == "metrics")
    mcap = {}
    for i, info in u.sec.items():
        if not cap_from_metrics:
            mcap[i] = info["mcap"]
            continue
        vals = metric_vals.get(i)
        c = None if vals is None else vals.get("market_cap")
        if c is not None and u.dated:
            pr = u.prices.get(i)
            d = row_date[i]
            # last trading day on or before d
            kd = None
            lo, hi = 0, s_idx
            while lo <= hi:
                mid = (lo + hi) // 2
                if cal[mid] <= d:
                    kd = mid
                    lo = mid + 1
                else:
                    hi = mid - 1
            c0 = close_at(pr, s_idx)
            cd = close_at(pr, kd) if kd is not None else None
            if c0 is not None and cd is not None:
                c = c * c0 / cd
        mcap[i] = c

    # ---- returns over W
    W = int(tech["window"])
    wstart = s_idx - W + 1
    returns = {}  # id -> {k: r}
    for i in u.sec:
        pr = u.prices.get(i)
        rs = {}
        if pr is not None:
            for k in range(max(wstart, 1), s_idx + 1):
                c1 = close_at(pr, k)
                if c1 is None:
                    continue
                c0 = close_at(pr, k - 1)
                if c0 is None:
                    continue
                row = pr.get(k)
                dv = row[2] if row is not None else 0.0
                rs[k] = (c1 + dv) / c0 - 1.0
        returns[i] = rs

    # ---- eligibility
    el = cfg["eligibility"]
    countries, types = set(el["countries"]), set(el["types"])
    adv_days, periods = int(el["adv_days"]), int(el["adv_periods"])
    plen = adv_days // periods
    min_adv = el["min_adv"]
    min_obs = int(tech["min_observations"])
    eligible = []
    for i, info in u.sec.items():
        if info["country"] not in countries or info["type"] not in types:
            continue
        pr = u.prices.get(i) or {}
        ok = True
        first = s_idx - adv_days + 1
        for p in range(periods):
            a = first + p * plen
            vals = []
            for k in range(a, a + plen):
                if k < 0:
                    continue
                row = pr.get(k)
                if row is not None and row[1] is not None and row[1] > 0:
                    vals.append(row[0] * row[1])
            if not vals or math.fsum(vals) / len(vals) < min_adv:
                ok = False
                break
        if not ok:
            continue
        if len(returns[i]) < min_obs:
            continue
        c = mcap.get(i)
        if c is None or not c > 0:
            continue
        eligible.append(i)
    size = int(cfg["universe"]["size"])
    U = sorted(eligible, key=lambda i: (-mcap[i], i.encode("utf-8")))[:size]
    Uset = set(U)

    # ---- technical metrics
    ann = math.sqrt(tech["annualisation"])
    vol = {}
    for i in U:
        xs = list(returns[i].values())
        vol[i] = sample_std(xs) * ann if len(xs) >= 2 else None
    skip, lng, sht = int(tech["momentum_skip"]), int(tech["momentum_long"]), int(tech["momentum_short"])
    mom12, mom6 = {}, {}
    for i in U:
        pr = u.prices.get(i)
        v = vol[i]
        c21 = close_at(pr, s_idx - skip)
        cl = close_at(pr, s_idx - lng)
        cs = close_at(pr, s_idx - sht)
        if v is not None and v > 0 and c21 is not None:
            if cl is not None:
                mom12[i] = (c21 / cl - 1.0) / v
            if cs is not None:
                mom6[i] = (c21 / cs - 1.0) / v
    if cfg["market"]["source"] != "universe":
        raise InputError("only market.source=universe is implemented")
    market = {}
    for k in range(max(wstart, 1), s_idx + 1):
        num_, den = [], []
        for i in U:
            r = returns[i].get(k)
            if r is not None:
                num_.append(mcap[i] * r)
                den.append(mcap[i])
        if den:
            market[k] = math.fsum(num_) / math.fsum(den)
    corr = {}
    for i in U:
        ks = [k for k in returns[i] if k in market]
        if len(ks) < min_obs:
            continue
        xs = [returns[i][k] for k in ks]
        ys = [market[k] for k in ks]
        mx, my = mean(xs), mean(ys)
        sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys))
        sxx = math.fsum((x - mx) ** 2 for x in xs)
        syy = math.fsum((y - my) ** 2 for y in ys)
        if sxx > 0 and syy > 0:
            corr[i] = sxy / math.sqrt(sxx * syy)
    computed = {"vol": {i: v for i, v in vol.items() if v is not None},
                "mom_12_1": mom12, "mom_6_1": mom6, "corr_market": corr}

    # ---- scores
    sc = cfg["scoring"]
    directions = cfg["metrics"].get("direction", {})
    mweights = cfg["metrics"].get("weight", {})
    factors = cfg["factors"]
    fweights = sc["factor_weights"]
    clip = sc["z_clip"]
    needed = []
    for f, ms in factors.items():
        for m in ms:
            if m not in needed:
                needed.append(m)
            if m not in COMPUTED and m not in u.metric_cols:
                raise InputError("unknown metric '%s'" % m)
    z = {}
    for m in needed:
        if m in COMPUTED:
            vals = {i: computed[m][i] for i in U if i in computed[m]}
        else:
            vals = {}
            for i in U:
                mv = metric_vals.get(i)
                if mv is not None and mv.get(m) is not None:
                    vals[i] = mv[m]
        xs = list(vals.values())
        if len(xs) < sc["min_metric_count"] or len(xs) < 2 or all(x == xs[0] for x in xs):
            z[m] = {}
            continue
        mu = mean(xs)
        s = sample_std(xs)
        d = directions.get(m, 1)
        z[m] = {i: max(-clip, min(clip, d * (x - mu) / s)) for i, x in vals.items()}
    P = {}
    for f, ms in factors.items():
        F = {}
        for i in U:
            acc, wsum = [], []
            for m in ms:
                if i in z[m]:
                    w = mweights.get(m, 1.0)
                    acc.append(w * z[m][i])
                    wsum.append(w)
            if acc:
                F[i] = math.fsum(acc) / math.fsum(wsum)
        P[f] = avg_ranks_exact(F)
    C = {}
    for i in U:
        avail = [f for f in factors if i in P[f]]
        if len(avail) < sc["min_factors"]:
            continue
        wsum = math.fsum(fweights.get(f, 0.0) for f in avail)
        C[i] = math.fsum(fweights.get(f, 0.0) * P[f][i] for f in avail) / wsum
    CFS = avg_ranks_near(C)

    # ---- selection
    sel_cfg = cfg["selection"]
    if sel_cfg.get("fraction") is not None:
        N = round_half_away(sel_cfg["fraction"] * len(U))
    else:
        N = int(sel_cfg["count"])
    order = sorted(CFS, key=lambda i: (-CFS[i], -mcap[i], i.encode("utf-8")))
    if len(order) < N:
        raise InputError("only %d securities have a CFS, %d to select" % (len(order), N))
    selected = order[:N]

    # ---- weighting
    wc = cfg["weighting"]
    lam = wc["cfs_share"]
    cap = wc["security_cap"]
    if cap is not None and cap * N < 1:
        raise InputError("security_cap * N < 1")
    sum_cfs = math.fsum(CFS[i] for i in selected)
    if any(not vol[i] for i in selected):
        raise InputError("selected security with zero volatility")
    sum_iv = math.fsum(1.0 / vol[i] for i in selected)
    raw = {}
    for i in selected:
        a = CFS[i] / sum_cfs if sum_cfs > 0 else 0.0
        b = (1.0 / vol[i]) / sum_iv
        raw[i] = lam * a + (1 - lam) * b
    sector = {i: u.sec[i]["sector"] for i in u.sec}
    capU = math.fsum(mcap[i] for i in U)
    T = {}
    for i in U:
        T.setdefault(sector[i], []).append(mcap[i])
    T = {s: math.fsum(v) / capU for s, v in T.items()}
    sel_sectors = sorted({sector[i] for i in selected})
    tsum = math.fsum(T[s] for s in sel_sectors)
    Tp = {s: T[s] / tsum for s in sel_sectors}
    scap = wc.get("sector_cap")
    if scap is not None:
        if scap * len(sel_sectors) < 1:
            raise InputError("sector cap infeasible")
        capped = set()
        while True:
            over = [s for s in sel_sectors if s not in capped and Tp[s] > scap]
            if not over:
                break
            excess = math.fsum(Tp[s] - scap for s in over)
            for s in over:
                Tp[s] = scap
                capped.add(s)
            free = [s for s in sel_sectors if s not in capped]
            fs = math.fsum(Tp[s] for s in free)
            for s in free:
                Tp[s] += excess * Tp[s] / fs
    raw_by_sector = {}
    for i in selected:
        raw_by_sector.setdefault(sector[i], []).append(raw[i])
    raw_sum = {s: math.fsum(v) for s, v in raw_by_sector.items()}
    w = {}
    for i in selected:
        s = sector[i]
        if raw_sum[s] > 0:
            w[i] = raw[i] * Tp[s] / raw_sum[s]
        else:
            w[i] = Tp[s] / len(raw_by_sector[s])
    if cap is not None:
        capped = set()
        while True:
            over = [i for i in selected if w[i] - cap > 1e-12]
            if not over:
                break
            excess = {}
            for i in over:
                excess[sector[i]] = excess.get(sector[i], 0.0) + (w[i] - cap)
                w[i] = cap
                capped.add(i)
            pooled = 0.0
            for s in sorted(excess):
                members = [i for i in selected if sector[i] == s and i not in capped]
                if not members:
                    pooled += excess[s]
                    continue
                tot = math.fsum(w[i] for i in members)
                ex = excess[s]
                for i in members:
                    w[i] += ex * w[i] / tot
            if pooled > 0:
                members = [i for i in selected if i not in capped]
                if not members:
                    raise InputError("security cap cannot be met")
                tot = math.fsum(w[i] for i in members)
                for i in members:
                    w[i] += pooled * w[i] / tot
    total = math.fsum(w.values())
    if abs(total - 1) > 1e-12:
        log("warning: weights sum to %r" % total)
    info = {"as_of": S, "eligible": len(eligible), "U": len(U), "selected": len(selected),
            "with_cfs": len(CFS), "cap_source": "metrics" if cap_from_metrics else "securities",
            "metric_ages": sorted((S - row_date[i]).days for i in U if i in row_date),
            "U_without_metrics": sum(1 for i in U if i not in metric_vals),
            "mcap": mcap, "metric_vals": metric_vals}
    return w, info


def emit_static(src, u, info, folder):
    os.makedirs(folder, exist_ok=True)
    path, header, body = open_table(src, "securities")
    ix = header.index("market_cap")
    with open(os.path.join(folder, "securities.csv"), "w", newline="", encoding="utf-8") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(header)
        for r in body:
            c = info["mcap"].get(r[header.index("id")])
            r = list(r)
            r[ix] = "" if c is None else repr(c)
            wr.writerow(r)
    cols = [c for c in u.metric_cols if c != "market_cap"]
    with open(os.path.join(folder, "metrics.csv"), "w", newline="", encoding="utf-8") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["id"] + cols)
        for i in sorted(info["metric_vals"]):
            v = info["metric_vals"][i]
            wr.writerow([i] + ["" if v[c] is None else repr(v[c]) for c in cols])
    for name in ("prices.csv.gz", "prices.csv"):
        s = os.path.join(os.path.abspath(src), name)
        d = os.path.join(folder, name)
        if os.path.exists(s) and not os.path.lexists(d):
            os.symlink(s, d)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--universe", required=True)
    ap.add_argument("--as-of")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--fraction", type=float)
    g.add_argument("--count", type=int)
    ap.add_argument("--universe-size", type=int)
    ap.add_argument("--max-age-days", type=int)
    ap.add_argument("--config", default="default", help="default, technical or a JSON file")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="override any config key (engine's --set syntax)")
    ap.add_argument("--undated-cap", choices=["metrics", "securities"], default="metrics",
                    help="an undated metrics.csv with a market_cap column: use it (undrifted) "
                         "or ignore it and use securities.csv (default: metrics)")
    ap.add_argument("--emit-static", metavar="DIR",
                    help="also write an undated universe equivalent to this screening date "
                         "(securities.csv with the caps used, metrics.csv with the rows used, "
                         "prices symlinked) for cross-checking section 11 through section 1-7 code")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    try:
        cfg = load_config(a.config)
        for kv in a.set:
            k, _, v = kv.partition("=")
            apply_set(cfg, k, v)
        if a.fraction is not None:
            cfg["selection"]["fraction"] = a.fraction
        if a.count is not None:
            cfg["selection"]["count"] = a.count
            cfg["selection"]["fraction"] = None
        if a.universe_size is not None:
            cfg["universe"]["size"] = a.universe_size
        if a.max_age_days is not None:
            cfg["metrics"]["max_age_days"] = a.max_age_days
        as_of = dt.date.fromisoformat(a.as_of) if a.as_of else None
        u = load_universe(a.universe, cfg)
        w, info = rebalance(u, cfg, as_of, a.undated_cap, log=lambda m: print(m, file=sys.stderr))
    except InputError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    tmp = a.out + ".tmp"
    with open(tmp, "w", newline="") as f:
        f.write("id,weight\n")
        for i in sorted(w, key=lambda x: x.encode("utf-8")):
            f.write("%s,%r\n" % (i, w[i]))
    os.replace(tmp, a.out)
    if a.emit_static:
        emit_static(a.universe, u, info, a.emit_static)
    ages = info["metric_ages"]
    age_txt = ""
    if ages:
        age_txt = " metric_age_days(min/median/max)=%d/%s/%d" % (
            ages[0], float(ages[len(ages) // 2]) if len(ages) % 2 else (ages[len(ages) // 2 - 1] + ages[len(ages) // 2]) / 2,
            ages[-1])
    print("as_of=%s eligible=%d U=%d with_cfs=%d selected=%d cap_source=%s U_without_metrics=%d%s sum=%r" % (
        info["as_of"], info["eligible"], info["U"], info["with_cfs"], info["selected"],
        info["cap_source"], info["U_without_metrics"], age_txt, math.fsum(w.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
