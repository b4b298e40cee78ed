#!/usr/bin/env python3
"""Independent re-check of a Sanxiang random-inspection draw (双随机、一公开), Python 3 stdlib only.

Usage: verify_draw.py <https://…/api/public/v1/draws/{id} | draw.json>

Implements `sanxiang-draw-v1` from its description (crates/domain/src/inspection/mod.rs), not
from the Rust code:

1. block i = SHA-256(seed || b"sanxiang-draw" || u64be(i)); read 8 bytes at a time as big-endian
   u64 values.
2. below(n): limit = 2^64 - (2^64 mod n); read values until x < limit; return x mod n.
3. eligible targets: sorted by id; excluded when last_inspected_on > draw_date minus N years
   (29 Feb -> 28 Feb), N = exclude_inspected_within_years (0: nobody excluded).
4. with `count`: one group of all eligible targets, quota min(count, n); otherwise one group per
   tier in byte order, quota ceil(n * bp / 10000) with bp = tier_ratios_bp[tier] or ratio_bp or 0.
   Partial Fisher-Yates: for i in 0..k: j = i + below(n - i); swap; the first k are drawn.
5. eligible inspectors: sorted by id, a valid period containing draw_date; per drawn target the
   candidates without a declared conflict, partial Fisher-Yates of inspectors_per_target.

Checks: SHA-256(seed) == commitment; SHA-256(RFC 8785 JSON of snapshot) == snapshot_hash; the
recomputed selections == the published result. Exit 0 when everything holds, 1 otherwise.
"""

import datetime
import hashlib
import json
import sys
import urllib.request

TAG = b"sanxiang-draw"
TWO64 = 1 << 64


def canonical(value):
    """RFC 8785 for what a snapshot holds: objects with ASCII keys, strings, null, small ints."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


class Stream:
    def __init__(self, seed):
        self.seed = seed
        self.counter = 0
        self.buf = b""

    def next_u64(self):
        if len(self.buf) < 8:
            self.buf = hashlib.sha256(self.seed + TAG + self.counter.to_bytes(8, "big")).digest()
            self.counter += 1
        x, self.buf = int.from_bytes(self.buf[:8], "big"), self.buf[8:]
        return x

    def below(self, n):
        limit = TWO64 - (TWO64 % n)
        while True:
            x = self.next_u64()
            if x < limit:
                return x % n

    def pick(self, items, k):
        n = len(items)
        for i in range(min(k, n)):
            j = i + self.below(n - i)
            items[i], items[j] = items[j], items[i]
        return items[:k]


def years_before(d, years):
    y = d.year - years
    try:
        return d.replace(year=y)
    except ValueError:  # 29 February
        return datetime.date(y, d.month, 28)


def date(s):
    return datetime.date.fromisoformat(s)


def recompute(seed, draw_date, snapshot, rules):
    targets = sorted(snapshot["targets"], key=lambda t: t["id"])
    years = rules.get("exclude_inspected_within_years") or 0
    cutoff = years_before(draw_date, years) if years > 0 else None

    def eligible(t):
        last = t.get("last_inspected_on")
        return cutoff is None or last is None or date(last) <= cutoff

    stream = Stream(seed)
    drawn = []
    if rules.get("count") is not None:
        pool = [t for t in targets if eligible(t)]
        drawn = stream.pick(pool, min(rules["count"], len(pool)))
    else:
        tiers = sorted({t["tier"] for t in targets}, key=lambda s: s.encode("utf-8"))
        for tier in tiers:
            pool = [t for t in targets if t["tier"] == tier and eligible(t)]
            bp = rules.get("tier_ratios_bp", {}).get(tier)
            if bp is None:
                bp = rules.get("ratio_bp") or 0
            k = min(-(-len(pool) * bp // 10000), len(pool))
            drawn += stream.pick(pool, k)
    inspectors = [
        i["id"]
        for i in sorted(snapshot["inspectors"], key=lambda i: i["id"])
        if any(date(p["from"]) <= draw_date <= date(p["until"]) for p in i["valid_periods"])
    ]
    conflicts = {(c["inspector_id"], c["target_id"]) for c in snapshot["conflicts"]}
    m = rules.get("inspectors_per_target", 2)
    out = []
    for t in drawn:
        candidates = [i for i in inspectors if (i, t["id"]) not in conflicts]
        if len(candidates) < m:
            raise ValueError(f"not enough inspectors for target {t['id']}")
        out.append({"target_id": t["id"], "tier": t["tier"], "inspector_ids": stream.pick(candidates, m)})
    return out


def load(source):
    if source.startswith("http://") or source.startswith("https://"):
        with urllib.request.urlopen(source, timeout=60) as r:
            return json.loads(r.read().decode("utf-8"))
    with open(source, encoding="utf-8") as f:
        return json.load(f)


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    d = load(argv[1])
    if d.get("algorithm") != "sanxiang-draw-v1":
        print(f"unknown algorithm {d.get('algorithm')!r}")
        return 1
    ok = True
    snap = d["snapshot"]
    h = hashlib.sha256(canonical(snap)).hexdigest()
    print(f"snapshot hash: {'ok' if h == d['snapshot_hash'] else 'MISMATCH ' + h}")
    ok &= h == d["snapshot_hash"]
    ids = [t["id"] for t in snap["targets"]]
    if ids != sorted(ids):
        print("snapshot targets are not sorted by id")
        ok = False
    if d.get("seed") is None:
        print("seed not published yet")
        return 0 if ok else 1
    seed = bytes.fromhex(d["seed"])
    c = hashlib.sha256(seed).hexdigest()
    print(f"seed commitment: {'ok' if c == d['commitment'] else 'MISMATCH ' + c}")
    ok &= c == d["commitment"]
    if d.get("result") is None or d.get("draw_date") is None:
        print("not drawn")
        return 0 if ok else 1
    mine = recompute(seed, date(d["draw_date"]), snap, d["plan"]["rules"])
    theirs = [
        {"target_id": s["target_id"], "tier": s["tier"], "inspector_ids": s["inspector_ids"]}
        for s in d["result"]["selections"]
    ]
    same = mine == theirs
    print(f"result ({len(mine)} targets): {'ok' if same else 'MISMATCH'}")
    if not same:
        for i, (a, b) in enumerate(zip(mine, theirs)):
            if a != b:
                print(f"first difference at selection {i + 1}: recomputed {a}, published {b}")
                break
        else:
            print(f"lengths differ: recomputed {len(mine)}, published {len(theirs)}")
    ok &= same
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
