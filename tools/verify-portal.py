#!/usr/bin/env python3
"""Reference verifier for portals that mirror Sanxiang's public disclosure data.

Standard library only (Python 3.8+). It proves, without trusting the server, that what a portal
mirrors from the public change feed is exactly what was published, and that nothing published
was rewritten afterwards:

1. the log's latest checkpoint (`/api/public/v1/log/checkpoint`) must carry a valid Ed25519
   signature by the key given with --key (C2SP signed note; RFC 8032 verification below);
2. the checkpoint must extend the one saved in the state file (RFC 9162 consistency proof);
3. every new change of the feed (`/api/public/v1/changes`) must match its publication entry
   (`leaf`): same seq, resource, version, change, URL and reason, and `body_sha256` equal to
   the SHA-256 of the RFC 8785 (JCS) form of the change's body;
4. that entry must be in the signed tree (RFC 9162 inclusion proof at `proof_url`);
5. what the public API serves now for each mirrored decision or inspection result must hash to
   its last verified publication, and withdrawn ones must not be served.

It exits 0 when everything holds, 1 naming the first change (seq, resource) that does not, and
2 on a usage or network error. The state file keeps the verified checkpoint, the feed cursor and
the mirror's hashes between runs.

    python3 tools/verify-portal.py --base https://example.gov.cn \
        --key "$(curl -s https://example.gov.cn/api/public/v1/log/key)" --state portal.json

Fetch the key once, over a channel you trust, and keep it: a key fetched together with the data
proves nothing. `--self-test VECTORS.json` checks this file's Merkle, note and JCS code against
the published test vectors (crates/domain/tests/data/tlog-vectors.json in the repository).
"""

import argparse
import base64
import binascii
import hashlib
import json
import math
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

# --- RFC 8032 Ed25519 verification (pure Python) --------------------------------------------

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _inv(x):
    return pow(x, _P - 2, _P)


def _add(a, b):
    """Point addition in extended coordinates (RFC 8032 §5.1.4)."""
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    aa = (y1 - x1) * (y2 - x2) % _P
    bb = (y1 + x1) * (y2 + x2) % _P
    cc = t1 * 2 * _D * t2 % _P
    dd = z1 * 2 * z2 % _P
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _mul(s, pt):
    q = (0, 1, 1, 0)
    while s:
        if s & 1:
            q = _add(q, pt)
        pt = _add(pt, pt)
        s >>= 1
    return q


def _encode(pt):
    x, y, z, _ = pt
    zi = _inv(z)
    x, y = x * zi % _P, y * zi % _P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def _decode(b):
    """Decodes a point (RFC 8032 §5.1.3); None when it is not one."""
    if len(b) != 32:
        return None
    y = int.from_bytes(b, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    if y >= _P:
        return None
    xx = (y * y - 1) * _inv(_D * y * y + 1) % _P
    x = pow(xx, (_P + 3) // 8, _P)
    if (x * x - xx) % _P != 0:
        x = x * _SQRT_M1 % _P
    if (x * x - xx) % _P != 0:
        return None
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = _P - x
    return (x, y, 1, x * y % _P)


_BY = 4 * _inv(5) % _P
_B = _decode(_BY.to_bytes(32, "little"))


def ed25519_verify(public, msg, sig):
    """RFC 8032 §5.1.7, checked as [s]B - [k]A == R byte for byte (as Go's crypto/ed25519)."""
    if len(public) != 32 or len(sig) != 64:
        return False
    a = _decode(public)
    if a is None or _decode(sig[:32]) is None:
        return False
    s = int.from_bytes(sig[32:], "little")
    if s >= _L:
        return False
    k = int.from_bytes(hashlib.sha512(sig[:32] + public + msg).digest(), "little") % _L
    ka = _mul(k, a)
    neg_ka = ((-ka[0]) % _P, ka[1], ka[2], (-ka[3]) % _P)
    return _encode(_add(_mul(s, _B), neg_ka)) == sig[:32]


# --- C2SP signed notes and checkpoints -------------------------------------------------------


class VerifyError(Exception):
    """Something does not match: the message names what."""


def b64decode_strict(s):
    try:
        raw = base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if base64.b64encode(raw).decode() == s else None


def _valid_key_name(name):
    return bool(name) and not any(c.isspace() or c == "+" or ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in name)


def key_id(name, key_bytes):
    return hashlib.sha256(name.encode() + b"\n" + key_bytes).digest()[:4]


def parse_vkey(vkey):
    """`name+hexid+base64(0x01 ‖ pubkey)` → (name, key id, Ed25519 public key)."""
    parts = vkey.split("+", 2)
    if len(parts) != 3:
        raise VerifyError("verifier key: not <name>+<key id>+<base64 key>")
    name, hexid, b64 = parts
    if not _valid_key_name(name):
        raise VerifyError("verifier key: bad name")
    if len(hexid) != 8 or any(c not in "0123456789abcdef" for c in hexid):
        raise VerifyError("verifier key: the key ID must be 8 lowercase hex digits")
    raw = b64decode_strict(b64)
    if raw is None or len(raw) != 33 or raw[0] != 0x01:
        raise VerifyError("verifier key: not an Ed25519 key (0x01 and 32 bytes)")
    if key_id(name, raw).hex() != hexid:
        raise VerifyError("verifier key: the key ID does not match the key")
    return name, bytes.fromhex(hexid), raw[1:]


def open_note(msg, vkeys):
    """Go `note.Open` semantics: returns the text; a signature by a known key must verify, other
    signatures are ignored, and at least one known signature is required."""
    if any(ord(c) < 0x20 and c != "\n" for c in msg):
        raise VerifyError("note: control character")
    split = msg.rfind("\n\n")
    if split < 0:
        raise VerifyError("note: no signature block")
    text, block = msg[: split + 1], msg[split + 2 :]
    if not block.endswith("\n"):
        raise VerifyError("note: the signature block must end with a newline")
    keys = [parse_vkey(k) for k in vkeys]
    verified = 0
    lines = block[:-1].split("\n")
    if len(lines) > 100:
        raise VerifyError("note: too many signatures")
    for line in lines:
        if not line.startswith("\u2014 "):
            raise VerifyError("note: bad signature line %r" % line)
        name, sep, b64 = line[2:].partition(" ")
        if not sep or not _valid_key_name(name) or not b64:
            raise VerifyError("note: bad signature line %r" % line)
        raw = b64decode_strict(b64)
        if raw is None or len(raw) < 5:
            raise VerifyError("note: bad signature line %r" % line)
        kid, sig = raw[:4], raw[4:]
        for kname, kkid, pub in keys:
            if kname == name and kkid == kid:
                if not ed25519_verify(pub, text.encode(), sig):
                    raise VerifyError("note: the signature by %s does not verify" % name)
                verified += 1
    if verified == 0:
        raise VerifyError("note: no signature by a known key")
    return text


def parse_checkpoint(text):
    """`origin\\nsize\\nbase64(root)\\n[extensions]` → (origin, size, root), strictly."""
    if not text.endswith("\n"):
        raise VerifyError("checkpoint: no final newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise VerifyError("checkpoint: too short")
    origin, size, root = lines[0], lines[1], lines[2]
    if not origin or any(not e for e in lines[3:]):
        raise VerifyError("checkpoint: empty origin or extension line")
    if not size.isdigit() or not size.isascii() or (len(size) > 1 and size[0] == "0") or int(size) >= 2**64:
        raise VerifyError("checkpoint: bad size %r" % size)
    raw = b64decode_strict(root)
    if raw is None or len(raw) != 32:
        raise VerifyError("checkpoint: bad root %r" % root)
    return origin, int(size), raw


# --- RFC 6962 / RFC 9162 Merkle hashing and proof verification -------------------------------


def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_leaves(leaves):
    """MTH of a list of leaf hashes (RFC 9162 §2.1.1), for the self-test."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(root_from_leaves(leaves[:k]), root_from_leaves(leaves[k:]))


def _hashes_ok(*hs):
    return all(isinstance(h, bytes) and len(h) == 32 for h in hs)


def verify_inclusion(index, size, leaf, path, root):
    """RFC 9162 §2.1.3.2."""
    if index >= size or not _hashes_ok(leaf, root, *path):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(size1, size2, root1, root2, path):
    """RFC 9162 §2.1.4.2 (a first size of 0 is refused)."""
    if size1 == 0 or size1 > size2:
        return False
    if size1 == size2:
        return not path and root1 == root2
    if not _hashes_ok(root1, root2, *path):
        return False
    if not path:
        return False
    if size1 & (size1 - 1) == 0:
        path = [root1] + list(path)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == root1 and sr == root2


# --- RFC 8785 JSON Canonicalization Scheme ----------------------------------------------------


def _es_number(x):
    """ECMAScript Number.prototype.toString of a double (RFC 8785 §3.2.2.3)."""
    if math.isnan(x) or math.isinf(x):
        raise VerifyError("JCS: NaN and infinities have no JSON form")
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    mantissa, _, exp = repr(abs(x)).partition("e")
    ip, _, fp = mantissa.partition(".")
    digits = (ip + fp).lstrip("0")
    e = int(exp or "0") - len(fp)
    stripped = digits.rstrip("0")
    e += len(digits) - len(stripped)
    digits = stripped
    k = len(digits)
    n = k + e
    if k <= n <= 21:
        out = digits + "0" * (n - k)
    elif 0 < n <= 21:
        out = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + digits
    else:
        ex = n - 1
        exs = ("+" if ex >= 0 else "-") + str(abs(ex))
        out = digits + "e" + exs if k == 1 else digits[0] + "." + digits[1:] + "e" + exs
    return sign + out


def jcs(v):
    """The RFC 8785 canonical JSON text of a parsed JSON value."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v) if abs(v) < 2**53 else _es_number(float(v))
    if isinstance(v, float):
        return _es_number(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ",".join(jcs(x) for x in v) + "]"
    if isinstance(v, dict):
        items = sorted(v.items(), key=lambda kv: kv[0].encode("utf-16-be"))
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + jcs(x) for k, x in items) + "}"
    raise VerifyError("JCS: not a JSON value: %r" % type(v))


def body_sha256(body):
    return hashlib.sha256(jcs(body).encode("utf-8")).hexdigest()


# --- the portal's sync ------------------------------------------------------------------------

# Resource types whose `resource_url` serves the published body verbatim.
SERVED_AS_BODY = ("decision", "inspection_result")


class Client:
    def __init__(self, base, api_key=None, timeout=30):
        self.base = base.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def get(self, path, want_json=True, allow=(200,)):
        url = path if path.startswith("http") else self.base + path
        for attempt in range(6):
            req = urllib.request.Request(url, headers={"Accept": "application/json, text/plain"})
            if self.api_key:
                req.add_header("X-Api-Key", self.api_key)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as res:
                    status, raw = res.status, res.read()
            except urllib.error.HTTPError as e:
                status, raw = e.code, e.read()
                if status == 429 and attempt < 5:
                    time.sleep(float(e.headers.get("Retry-After") or 1))
                    continue
            if status not in allow:
                raise IOError("GET %s: HTTP %d %s" % (url, status, raw[:300].decode("utf-8", "replace")))
            if not want_json:
                return status, raw.decode("utf-8")
            return status, (json.loads(raw.decode("utf-8")) if status == 200 else None)
        raise IOError("GET %s: still rate limited" % url)


def new_state():
    return {"version": 1, "checkpoint": None, "next": "0", "mirror": {}}


def check_change(c, size, root, client):
    """Checks one feed change against its log entry and the signed tree; returns its body hash."""
    name = "change seq %s (%s %s v%s)" % (c.get("seq"), c.get("resource_type"), c.get("resource_id"), c.get("version"))
    leaf_text = c.get("leaf")
    digest = body_sha256(c["body"]) if c.get("body") is not None else None
    if leaf_text is None:
        return name, digest, False
    try:
        entry = json.loads(leaf_text)
    except ValueError:
        raise VerifyError("%s: its log entry is not JSON" % name)
    if jcs(entry) != leaf_text:
        raise VerifyError("%s: its log entry is not in canonical form" % name)
    expect = {
        "type": "publication",
        "seq": c["seq"],
        "resource_type": c["resource_type"],
        "resource_id": c["resource_id"],
        "version": c["version"],
        "change": c["change"],
        "resource_url": c["resource_url"],
        "reason": c.get("reason"),
        "body_sha256": digest,
    }
    for k, want in expect.items():
        if entry.get(k) != want:
            raise VerifyError(
                "%s: `%s` is %r in the feed but the log entry says %r" % (name, k, want, entry.get(k))
            )
    if bool(c.get("tombstone")) != (c["body"] is None) or bool(c.get("tombstone")) != (c["change"] in ("withdraw", "expire")):
        raise VerifyError("%s: tombstone, change and body disagree" % name)
    index = c.get("log_index")
    if index is None or index >= size:
        raise VerifyError("%s: not covered by the signed tree of size %d" % (name, size))
    sep = "&" if "?" in c["proof_url"] else "?"
    _, proof = client.get("%s%stree_size=%d" % (c["proof_url"], sep, size))
    if proof.get("index") != index or proof.get("tree_size") != size or proof.get("leaf") != leaf_text:
        raise VerifyError("%s: the proof served is for another entry" % name)
    path = [b64decode_strict(h) for h in proof.get("hashes", [])]
    if any(p is None for p in path) or not verify_inclusion(index, size, leaf_hash(leaf_text.encode("utf-8")), path, root):
        raise VerifyError("%s: log index %d is not included in the signed tree of size %d" % (name, index, size))
    return name, digest, True


def sync(client, vkey, state, wait_seconds=10, check_served=True, strict=False, out=sys.stdout):
    origin = parse_vkey(vkey)[0]
    # 1. The feed first: every change read before the checkpoint is fetched is covered by it,
    #    unless not yet integrated (then wait a little for the integrator).
    changes, since = [], state["next"]
    deadline = time.time() + wait_seconds
    while True:
        _, page = client.get("/api/public/v1/changes?since=%s&limit=1000" % urllib.parse.quote(since))
        batch = page["changes"]
        pending = next((i for i, c in enumerate(batch) if c.get("leaf") is not None and c.get("log_index") is None), None)
        if pending is not None:
            if time.time() < deadline:
                time.sleep(0.5)
                continue
            batch = batch[:pending]
            changes.extend(batch)
            print("seq %s is not yet in a signed checkpoint: stopping before it" % page["changes"][pending]["seq"], file=out)
            break
        changes.extend(batch)
        since = page["next"]
        if not page["more"]:
            break
    # 2. The signed checkpoint, consistent with the one verified before.
    _, note = client.get("/api/public/v1/log/checkpoint", want_json=False)
    cp_origin, size, root = parse_checkpoint(open_note(note, [vkey]))
    if cp_origin != origin:
        raise VerifyError("checkpoint: origin %r is not the key's %r" % (cp_origin, origin))
    old = state.get("checkpoint")
    if old:
        old_root = base64.b64decode(old["root"])
        if size < old["size"]:
            raise VerifyError("checkpoint: the log shrank from %d to %d leaves" % (old["size"], size))
        if size == old["size"]:
            if root != old_root:
                raise VerifyError("checkpoint: two different roots signed for size %d" % size)
        else:
            _, cons = client.get("/api/public/v1/log/proof/consistency?from=%d&to=%d" % (old["size"], size))
            path = [b64decode_strict(h) for h in cons.get("hashes", [])]
            if any(p is None for p in path) or not verify_consistency(old["size"], size, old_root, root, path):
                raise VerifyError(
                    "checkpoint: the signed tree of size %d does not extend the one of size %d verified before: the log was rewritten"
                    % (size, old["size"])
                )
    # 3. Each change against its log entry and the signed tree.
    verified = unlogged = 0
    mirror = state["mirror"]
    for c in changes:
        name, digest, logged = check_change(c, size, root, client)
        if not logged:
            if strict:
                raise VerifyError("%s: no log entry" % name)
            unlogged += 1
        else:
            verified += 1
        mirror[c["resource_id"]] = {
            "resource_type": c["resource_type"],
            "resource_url": c["resource_url"],
            "version": c["version"],
            "seq": c["seq"],
            "body_sha256": digest,
            "tombstone": bool(c.get("tombstone")),
            "logged": logged,
        }
    # 4. What is served now is what was published last (and nothing withdrawn is served).
    served = 0
    if check_served:
        for rid, m in sorted(mirror.items()):
            if m["resource_type"] not in SERVED_AS_BODY:
                continue
            name = "%s %s (last change seq %s)" % (m["resource_type"], rid, m["seq"])
            status, body = client.get(m["resource_url"], allow=(200, 404, 410))
            if m["tombstone"]:
                if status == 200:
                    raise VerifyError("%s: withdrawn, but still served" % name)
            elif status != 200:
                raise VerifyError("%s: published, but not served (HTTP %d)" % (name, status))
            elif body_sha256(body) != m["body_sha256"]:
                raise VerifyError("%s: the body served is not the body published (version %s)" % (name, m["version"]))
            served += 1
    state["checkpoint"] = {"size": size, "root": base64.b64encode(root).decode(), "note": note}
    state["next"] = str(changes[-1]["seq"]) if changes else state["next"]
    print(
        "ok: tree size %d; %d change(s) verified against the log, %d without a log entry; %d resource(s) checked as served"
        % (size, verified, unlogged, served),
        file=out,
    )
    return verified


# --- self-test against the published vectors -------------------------------------------------


def self_test(path):
    with open(path, encoding="utf-8") as f:
        v = json.load(f)
    x = bytes.fromhex
    m = v["merkle"]
    assert root_from_leaves([]) == x(v["empty_root_hex"])
    for c in v["hasher"]["leaf"]:
        assert leaf_hash(x(c["input_hex"])).hex() == c["leaf_hash_hex"], c
    for c in v["hasher"]["node"]:
        assert node_hash(x(c["left_hex"]), x(c["right_hex"])).hex() == c["node_hash_hex"], c
    leaves = [leaf_hash(x(h)) for h in m["leaves_hex"]]
    assert [h.hex() for h in leaves] == m["leaf_hashes_hex"]
    for n, r in m["roots_hex_by_size"].items():
        assert root_from_leaves(leaves[: int(n)]) == x(r), n
    n = 0
    for c in m["inclusion"] + v["merkle_probes"]["inclusion"]:
        got = verify_inclusion(c["leaf_index"], c["tree_size"], x(c["leaf_hash_hex"]), [x(p) for p in c["path_hex"]], x(c["root_hex"]))
        assert got == c.get("want_valid", True), c
        n += 1
    for c in m["consistency"] + v["merkle_probes"]["consistency"]:
        got = verify_consistency(c["size1"], c["size2"], x(c["root1_hex"]), x(c["root2_hex"]), [x(p) for p in c["path_hex"]])
        assert got == c.get("want_valid", True), c
        n += 1
    for c in v["verifier_keys"]:
        name, kid, pub = parse_vkey(c["vkey"])
        assert (name, kid.hex(), pub.hex()) == (c["name"], c["key_id_hex"], c["public_key_hex"]), c
    for c in v["verifier_keys_invalid"] + v["verifier_keys_other_types"]:
        try:
            parse_vkey(c["vkey"])
        except VerifyError:
            continue
        raise AssertionError("accepted %s" % c["vkey"])
    for c in v["signed_note"] + v["signed_note_derived"]:
        for k in c["verifier_keys"]:
            assert open_note(c["signed_note"], [k]) == c["text"], c["id"]
        n += 1
    for c in v["signed_note_invalid"]:
        try:
            open_note(c["signed_note"], c["verifier_keys"])
        except VerifyError:
            n += 1
            continue
        raise AssertionError("accepted %s" % c["id"])
    for c in v["checkpoint_bodies"]:
        try:
            origin, size, root = parse_checkpoint(c["body"])
            ok = True
        except VerifyError:
            ok = False
        assert ok == c["strict_valid"], c
        if ok:
            assert (origin, size, root.hex()) == (c["origin"], c["tree_size"], c["root_hex"]), c
    # RFC 8785 §3.2.2 / §3.2.3 examples (the same as crates/domain/src/tlog/canonical.rs).
    sample = json.loads(
        '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}'
    )
    assert jcs(sample) == (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    ), jcs(sample)
    order = json.loads(
        '{"\\u20ac": 1, "\\r": 2, "\\ufb33": 3, "1": 4, "\\ud83d\\ude00": 5, "\\u0080": 6, "\\u00f6": 7}'
    )
    assert jcs(order) == '{"\\r":2,"1":4,"\u0080":6,"\u00f6":7,"\u20ac":1,"\U0001f600":5,"\ufb33":3}', jcs(order)
    assert jcs(json.loads('{"b": [1.0, -0.0, 1e21, 0.1], "a": {"d": 1, "c": "x"}}')) == '{"a":{"c":"x","d":1},"b":[1,0,1e+21,0.1]}'
    print("self-test ok: %d Merkle proofs and notes checked against %s" % (n, path))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", help="the server's base URL, e.g. https://example.gov.cn")
    ap.add_argument("--key", help="the log's verifier key (`/api/public/v1/log/key`), or @file holding it")
    ap.add_argument("--state", help="state file (created if absent): the verified checkpoint, cursor and mirror")
    ap.add_argument("--api-key", help="a portal API key (sent as X-Api-Key) for the higher rate limit")
    ap.add_argument("--wait", type=float, default=10, help="seconds to wait for changes not yet in a checkpoint")
    ap.add_argument("--no-served-check", action="store_true", help="do not compare what is served now with the mirror")
    ap.add_argument("--strict", action="store_true", help="fail on changes without a log entry (older data)")
    ap.add_argument("--self-test", metavar="VECTORS", help="check this file's code against the test vectors, then exit")
    a = ap.parse_args(argv)
    if a.self_test:
        self_test(a.self_test)
        return 0
    if not (a.base and a.key and a.state):
        ap.error("--base, --key and --state are required")
    vkey = a.key
    if vkey.startswith("@"):
        with open(vkey[1:], encoding="utf-8") as f:
            vkey = f.read()
    vkey = vkey.strip()
    try:
        with open(a.state, encoding="utf-8") as f:
            state = json.load(f)
    except FileNotFoundError:
        state = new_state()
    client = Client(a.base, a.api_key)
    try:
        sync(client, vkey, state, a.wait, not a.no_served_check, a.strict)
    except VerifyError as e:
        print("MISMATCH: %s" % e, file=sys.stderr)
        return 1
    except (IOError, ValueError, KeyError, TypeError) as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    with open(a.state + ".tmp", "w", encoding="utf-8") as f:
        json.dump(state, f, ensure_ascii=False)
    import os

    os.replace(a.state + ".tmp", a.state)
    return 0


if __name__ == "__main__":
    sys.exit(main())
