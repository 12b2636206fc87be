#!/usr/bin/env python3
"""Reads the results scripts/bench collected and prints one markdown table: each figure, the
baseline it is compared with (measured in the same run), the ratio, and the target met or missed.

Each figure is the best of the repetitions: on a machine shared with other work, the least
disturbed run is the most repeatable estimate of the undisturbed figure, and ratios of best to
best compare like with like. Times are CPU time of the measuring thread; end-to-end calls per
second are wall clock. Usage: report.py RESULTS_DIR [--operations] [--chart OUT.svg]

--operations adds a second table: each operation's largest output (hard, and typical for the
Describe* pages) and its stream of distinct outputs, one row each.
--chart writes the ratios that have a target as an SVG chart (gnuplot): one bar per ratio from
parity (1x) to its value, the target marked on it, met in green and missed in red. The chart is
drawn from the table's own rows, so both show the same figures.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

# Allocations a decode may make beyond one per string and one per map entry present.
ALLOCATION_CONSTANT = 2
# Documents in the corpus (benchmarks/corpus.hpp, generated_responses).
CORPUS_DOCUMENTS = 56


def load(results, name):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def best(doc):
    """{benchmark name: its best repetition} from a Google Benchmark JSON file: the least CPU
    time; for the end-to-end runs the most calls per second, with the least CPU per call seen."""
    out = {}
    if not doc:
        return out
    for b in doc["benchmarks"]:
        if b.get("run_type") == "aggregate":
            continue
        name = b.get("run_name", b["name"]).replace("/iterations:1", "").replace("/manual_time", "")
        seen = out.get(name)
        if "calls_per_s" in b:
            if seen is None or b["calls_per_s"] > seen["calls_per_s"]:
                least = min(b["cpu_us_per_call"], seen["cpu_us_per_call"]) if seen else b["cpu_us_per_call"]
                out[name] = dict(b, cpu_us_per_call=least)
            else:
                seen["cpu_us_per_call"] = min(seen["cpu_us_per_call"], b["cpu_us_per_call"])
        elif seen is None or b["cpu_time"] < seen["cpu_time"]:
            out[name] = b
    return out


def ns(b):
    scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
    return b["cpu_time"] * scale


def per_doc_ns(b):
    return 1e9 / b["items_per_second"]


def mb_s(b):
    return b["bytes_per_second"] / 1e6


def fmt_ns(v):
    if v >= 1e6:
        return f"{v / 1e6:.2f} ms"
    if v >= 1e4:
        return f"{v / 1e3:.1f} µs"
    return f"{v:.0f} ns"


def fmt_ratio(r):
    return f"{r:.2f}x"


class table:
    def __init__(self):
        self.rows = []
        self.met = 0
        self.missed = 0
        self.charted = []  # (label, ratio, target, higher is better, met) for the chart

    def row(self, what, awsml, baseline, ratio, target="", ok=None, chart=None):
        """chart: (short label, ratio, target ratio, True when higher is better) of a targeted
        ratio, for --chart."""
        verdict = ""
        if ok is not None:
            verdict = "**met**" if ok else "**missed**"
            self.met += ok
            self.missed += not ok
        if chart and ok is not None:
            self.charted.append((*chart, ok))
        self.rows.append(f"| {what} | {awsml} | {baseline} | {ratio} | {target} {verdict} |".replace("  |", " |"))

    def print(self):
        print("| measure | awsml | baseline (same run) | ratio | target |")
        print("|---|---|---|---|---|")
        for r in self.rows:
            print(r)


def instruction_row(t, counts):
    """Instructions per corpus document under valgrind, against the DOM: noise-free ratios."""
    if not counts:
        return
    docs = CORPUS_DOCUMENTS * counts["passes"]
    per_doc = {k: (v[1] - v[0]) / docs for k, v in counts.items() if k != "passes"}
    a = per_doc["awsml"]
    others = [("DOM", "boost_json_dom"), ("null handler", "boost_json_null_handler"), ("DOM + mapping", "boost_json_dom_mapping"),
              ("nlohmann", "nlohmann_mapping"), ("simdjson (AVX2 under valgrind)", "simdjson_ondemand")]
    t.row("… cross-check without timing noise: instructions per corpus document (valgrind)", f"{a / 1e3:.1f} k",
          "; ".join(f"{label} {per_doc[key] / 1e3:.1f} k" for label, key in others),
          f"DOM/awsml {per_doc['boost_json_dom'] / a:.2f}x; DOM/null handler {per_doc['boost_json_dom'] / per_doc['boost_json_null_handler']:.2f}x; "
          f"nlohmann/awsml {per_doc['nlohmann_mapping'] / a:.2f}x", "")


def decode_target_rows(t, label, a, dom, sj, with_dom=True, with_simdjson=True):
    """The decoding targets, the same on both corpora: >= 1.6x faster than the DOM parse, at
    most 1.2x simdjson on-demand's time."""
    if with_dom:
        r = per_doc_ns(dom) / per_doc_ns(a)
        t.row("… vs Boost.JSON `json::parse` to a DOM only", "", f"{fmt_ns(per_doc_ns(dom))}, {mb_s(dom):.0f} MB/s", fmt_ratio(r) + " faster", ">= 1.6x", r >= 1.6,
              chart=(f"{label}: DOM parse time / awsml's", r, 1.6, True))
    if with_simdjson:
        r = per_doc_ns(a) / per_doc_ns(sj)
        t.row("… vs simdjson on-demand into the same struct", "", f"{fmt_ns(per_doc_ns(sj))}, {mb_s(sj):.0f} MB/s", fmt_ratio(r) + " its time", "<= 1.2x", r <= 1.2,
              chart=(f"{label}: awsml time / simdjson on-demand's", r, 1.2, False))


def deserialize_rows(t, d, boto, counts):
    if not d:
        t.row("deserialize", "not run (needs libsimdjson-dev, nlohmann-json3-dev)", "", "")
        return
    a = d["awsml/corpus"]
    t.row("deserialize, corpus (56 responses, half verbose): per document", f"{fmt_ns(per_doc_ns(a))}, {mb_s(a):.0f} MB/s", "", "")
    dom = d["boost_json_dom/corpus"]
    sj = d["simdjson_ondemand/corpus"]
    decode_target_rows(t, "decode", a, dom, sj, with_simdjson=False)
    null = d["boost_json_null_handler/corpus"]
    r = per_doc_ns(dom) / per_doc_ns(null)
    t.row("… (basic_parser, handler doing nothing: the floor of any basic_parser decoder, vs DOM)", "", f"{fmt_ns(per_doc_ns(null))}", fmt_ratio(r) + " faster than DOM", "")
    domm = d["boost_json_dom_mapping/corpus"]
    r = per_doc_ns(domm) / per_doc_ns(a)
    t.row("… vs Boost.JSON DOM + hand mapping", "", fmt_ns(per_doc_ns(domm)), fmt_ratio(r) + " faster", "")
    nl = d["nlohmann_mapping/corpus"]
    r = per_doc_ns(nl) / per_doc_ns(a)
    t.row("… vs nlohmann::json parse + mapping", "", fmt_ns(per_doc_ns(nl)), fmt_ratio(r) + " faster", ">= 6x", r >= 6,
          chart=("decode: nlohmann + mapping time / awsml's", r, 6, True))
    decode_target_rows(t, "decode", a, dom, sj, with_dom=False)
    if ar := d.get("awsml_reused/corpus"):
        t.row("… awsml into one reused value (`from_json(text, out)`, memory kept between documents)",
              f"{fmt_ns(per_doc_ns(ar))}, {mb_s(ar):.0f} MB/s", "",
              f"{per_doc_ns(dom) / per_doc_ns(ar):.2f}x faster than DOM; {per_doc_ns(ar) / per_doc_ns(sj):.2f}x simdjson's time", "")
    instruction_row(t, counts)
    # The hard corpus: the targets hold on both (200 distinct GetMLModel responses generated by
    # benchmarks/largest_responses.hpp with hard values).
    if ah := d.get("awsml/hard_corpus"):
        t.row("deserialize, hard corpus (200 GetMLModel responses generated from the model: 17-digit doubles, int64 extremes, `\\u` escapes and surrogate pairs, raw UTF-8, unknown members): per document",
              f"{fmt_ns(per_doc_ns(ah))}, {mb_s(ah):.0f} MB/s", "", "")
        decode_target_rows(t, "decode, hard", ah, d["boost_json_dom/hard_corpus"], d["simdjson_ondemand/hard_corpus"])
    if "simdjson_ondemand/largest:GetMLModel" in d:
        ah, dom, sj = (d[f"{k}/largest:GetMLModel"] for k in ("awsml", "boost_json_dom", "simdjson_ondemand"))
        t.row(f"… one such document alone ({doc_bytes(ah) / 1024:.1f} KB), decoded again and again (the branch predictor and caches learn it)",
              f"{fmt_ns(per_doc_ns(ah))}, {mb_s(ah):.0f} MB/s", f"DOM {fmt_ns(per_doc_ns(dom))}; simdjson {fmt_ns(per_doc_ns(sj))}",
              f"{per_doc_ns(dom) / per_doc_ns(ah):.2f}x faster than DOM; {per_doc_ns(ah) / per_doc_ns(sj):.2f}x simdjson's time", "")
    al = d["awsml/large"]
    t.row("deserialize, large verbose response (123 KB)", f"{fmt_ns(per_doc_ns(al))}, {mb_s(al):.0f} MB/s",
          f"DOM {fmt_ns(per_doc_ns(d['boost_json_dom/large']))}; simdjson {fmt_ns(per_doc_ns(d['simdjson_ondemand/large']))}",
          f"{per_doc_ns(d['boost_json_dom/large']) / per_doc_ns(al):.2f}x faster than DOM; {per_doc_ns(al) / per_doc_ns(d['simdjson_ondemand/large']):.2f}x simdjson's time")
    s = d["awsml/sample"]
    if boto:
        bp = boto["parse"]["us_per_doc"] * 1e3
        r = bp / per_doc_ns(s)
        t.row("deserialize the README's verbose sample (3.4 KB) vs botocore's JSON parser", fmt_ns(per_doc_ns(s)), fmt_ns(bp), fmt_ratio(r) + " faster", ">= 25x", r >= 25,
              chart=("decode: botocore time / awsml's", r, 25, True))


def largest_outputs(d, dataset="largest"):
    """{operation: (awsml, DOM)} for each operation's generated largest output
    (benchmarks/largest_responses.hpp), in the operations' (alphabetical) order."""
    prefix = f"awsml/{dataset}:"
    out = {}
    for name in sorted(d):
        if name.startswith(prefix):
            op = name[len(prefix):]
            dom = d.get(f"boost_json_dom/{dataset}:{op}")
            if dom:
                out[op] = (d[name], dom)
    return out


def doc_bytes(b):
    return b["bytes_per_second"] / b["items_per_second"]


def fmt_bytes(n):
    return f"{n / 1024:.0f} KB" if n >= 10240 else f"{n:.0f} B"


def time_ratio(a, dom):
    """awsml's time over the DOM parse's: below 1, awsml is faster."""
    return per_doc_ns(a) / per_doc_ns(dom)


def read_by(a):
    return "read by the optimistic reader" if a.get("optimistic") else "the optimistic reader declines: basic_parser decodes it"


def instruction_ratios(counts):
    """{data set: awsml's instructions per document / the DOM's} under valgrind (scripts/bench)."""
    out = {}
    for name, c in (counts or {}).items():
        awsml = (c["awsml"] - c["setup"]) / c["passes"]
        dom = (c["boost_json_dom"] - c["setup"]) / c["passes"]
        out[name] = awsml / dom
    return out


def spread(ratios):
    """min (which), median, max (which) of {name: ratio}."""
    low, high = min(ratios, key=ratios.get), max(ratios, key=ratios.get)
    return f"min {ratios[low]:.2f}x ({low}), median {statistics.median(ratios.values()):.2f}x, max {ratios[high]:.2f}x ({high})"


def ns_per_byte(b):
    return per_doc_ns(b) / doc_bytes(b)


def per_byte_ratios(ops):
    """{operation: awsml's time per byte / GetMLModel's}, and the DOM's same ratios."""
    base, base_dom = (ns_per_byte(b) for b in ops["GetMLModel"])
    return ({op: ns_per_byte(a) / base for op, (a, _) in ops.items()},
            {op: ns_per_byte(dom) / base_dom for op, (_, dom) in ops.items()})


def per_byte_rows(t, streams, ops):
    """The per-operation target: no operation's output takes more time per byte to decode than
    GetMLModel's by more than 1.5x. Measured on each operation's stream (bench_deserialize's
    "stream:": distinct largest outputs adding up to 1 MiB, so that every operation is read over
    as much text); the largest output alone, decoded again and again, is shown beside it. The
    DOM's same ratio shows how much of it is the content."""
    if "GetMLModel" in streams:
        ratios, dom_ratios = per_byte_ratios(streams)
        worst = max(ratios, key=ratios.get)
        t.row("decode time per byte, each operation's stream of distinct largest outputs (1 MiB, hard values) / GetMLModel's",
              spread(ratios), f"the DOM's own ratio: {spread(dom_ratios)}", f"{ratios[worst]:.2f}x ({worst})",
              "<= 1.5x", ratios[worst] <= 1.5, chart=("per byte vs GetMLModel", ratios[worst], 1.5, False))
    if "GetMLModel" in ops:
        ratios, dom_ratios = per_byte_ratios(ops)
        t.row("… the same per byte, each largest output alone, decoded again and again (the branch predictor and caches learn a small one)",
              spread(ratios), f"the DOM's own ratio: {spread(dom_ratios)}", "", "")


def largest_rows(t, d, counts):
    ops = largest_outputs(d)
    if not ops:
        return
    ratios = {op: time_ratio(a, dom) for op, (a, dom) in ops.items()}
    slower = sorted(op for op, r in ratios.items() if r > 1)
    faster = sorted(op for op, r in ratios.items() if r <= 1)
    which = f" (all but {', '.join(faster)})" if len(slower) > len(faster) else f" ({', '.join(slower)})" if slower else ""
    fallback = sum(not a.get("optimistic") for a, _ in ops.values())
    instructions = instruction_ratios(counts)
    hard_instructions = {k.split(":", 1)[1]: r for k, r in instructions.items() if k.startswith("largest:")}
    t.row(f"deserialize the largest output of each of the {len(ops)} operations (hard values, unknown members; "
          f"{fmt_bytes(min(doc_bytes(a) for a, _ in ops.values()))} to {fmt_bytes(max(doc_bytes(a) for a, _ in ops.values()))}): "
          f"awsml time / DOM time", (f"the optimistic reader declines {fallback} of {len(ops)}: basic_parser decodes them" if fallback
           else f"the optimistic reader takes all {len(ops)}"),
          "Boost.JSON `json::parse` of the same bytes",
          f"{spread(ratios)}; slower than the DOM: {len(slower)} of {len(ops)}{which}", "")
    per_byte_rows(t, largest_outputs(d, "stream"), ops)
    if hard_instructions:
        slower = sum(r > 1 for r in hard_instructions.values())
        t.row("… cross-check without timing noise: awsml instructions / DOM instructions (valgrind)", "", "",
              f"{spread(hard_instructions)}; more than the DOM: {slower} of {len(hard_instructions)}", "")
    typical = largest_outputs(d, "largest_typical")

    def page_row(op, style, a, dom):
        r = instructions.get(f"largest{'' if style == 'hard' else '_typical'}:{op}")
        t.row(f"… {op}, page of {a['page_results']:.0f} results ({fmt_bytes(doc_bytes(a))}, {style})",
              f"{fmt_ns(per_doc_ns(a))}, {mb_s(a):.0f} MB/s", f"{fmt_ns(per_doc_ns(dom))}, {mb_s(dom):.0f} MB/s",
              f"{time_ratio(a, dom):.2f}x the DOM's time" + (f" ({r:.2f}x its instructions)" if r else "") + f"; {read_by(a)}", "")

    for op, (a, dom) in ops.items():
        if a.get("page_results"):
            page_row(op, "hard", a, dom)
            if op in typical:
                page_row(op, "typical values", *typical[op])


def print_operations(d, counts):
    """One row per operation's largest output (and per Describe* page in the typical style, and
    per stream): awsml::from_json<Op::output> vs json::parse."""
    rows = [(op, "hard", a, dom) for op, (a, dom) in largest_outputs(d).items()]
    rows += [(op, "typical", a, dom) for op, (a, dom) in largest_outputs(d, "largest_typical").items()]
    rows += [(op, "stream (hard, 1 MiB)", a, dom) for op, (a, dom) in largest_outputs(d, "stream").items()]
    if not rows:
        return
    rows.sort(key=lambda r: (r[0], r[1]))
    instructions = instruction_ratios(counts)
    print("\n| operation (largest output) | style | bytes (a stream's: per document) | awsml | Boost.JSON DOM | awsml time / DOM time | instructions (valgrind) | how awsml reads it |")
    print("|---|---|---|---|---|---|---|---|")
    for op, style, a, dom in rows:
        r = instructions.get(f"largest{'_typical' if style == 'typical' else ''}:{op}") if style in ("hard", "typical") else None
        print(f"| {op} | {style} | {doc_bytes(a):.0f} | {fmt_ns(per_doc_ns(a))} | {fmt_ns(per_doc_ns(dom))} | "
              f"{time_ratio(a, dom):.2f}x | {f'{r:.2f}x' if r else '-'} | {read_by(a)} |")


def memory_rows(t, m):
    if not m:
        return
    a = m["heap_awsml/corpus"]
    budget = a["strings_plus_maps_per_doc"]
    excess = max(a["worst_excess"], m["heap_awsml/large"]["worst_excess"])
    t.row("allocations per document (corpus)", f"{a['allocs_per_doc']:.1f}",
          f"strings + maps present {budget:.1f} (of which need the heap: {a['needed_per_doc']:.1f}); "
          f"DOM {m['heap_boost_json_dom/corpus']['allocs_per_doc']:.1f}, nlohmann {m['heap_nlohmann_mapping/corpus']['allocs_per_doc']:.1f}, "
          f"simdjson {m['heap_simdjson_ondemand/corpus']['allocs_per_doc']:.1f}",
          f"worst document: {excess:+.0f} beyond one per string or map",
          f"<= one per string or map + {ALLOCATION_CONSTANT}", excess <= ALLOCATION_CONSTANT)
    if reused := m.get("heap_awsml_reused/corpus"):
        t.row("… into one reused value (`from_json(text, out)`)", f"{reused['allocs_per_doc']:.1f}", "", "", "")
    l = m["heap_awsml/large"]
    t.row("allocations, large verbose response", f"{l['allocs_per_doc']:.0f}",
          f"strings + maps {l['strings_plus_maps_per_doc']:.0f} (need the heap: {l['needed_per_doc']:.0f}); simdjson {m['heap_simdjson_ondemand/large']['allocs_per_doc']:.0f}", "")
    t.row("peak live heap while decoding the large response (result included)", f"{l['peak_heap_bytes'] / 1024:.0f} KiB",
          f"DOM {m['heap_boost_json_dom/large']['peak_heap_bytes'] / 1024:.0f} KiB; nlohmann + mapping {m['heap_nlohmann_mapping/large']['peak_heap_bytes'] / 1024:.0f} KiB; "
          f"simdjson {m['heap_simdjson_ondemand/large']['peak_heap_bytes'] / 1024:.0f} KiB (+ its reused parser buffers)",
          f"{l['peak_heap_bytes'] / m['heap_boost_json_dom/large']['peak_heap_bytes']:.2f}x DOM's", "")
    t.row("peak RSS of the memory benchmark process (getrusage maxrss)", f"{m['process_maxrss']['maxrss_kb'] / 1024:.1f} MiB", "", "")


def serialize_rows(t, s):
    if not s:
        return
    for what in ("request", "response"):
        a = s[f"awsml_to_json/{what}"]
        reused = s[f"awsml_to_json_reused/{what}"]
        printer = s[f"boost_json_serialize/{what}"]
        build = s[f"boost_json_build_and_serialize/{what}"]
        t.row(f"serialize the {what} (`to_json`)", f"{fmt_ns(ns(a))} ({fmt_ns(ns(reused))} into a reused string)",
              f"`json::serialize` of a built DOM {fmt_ns(ns(printer))}; build DOM + serialize {fmt_ns(ns(build))}",
              f"{ns(printer) / ns(a):.2f}x / {ns(build) / ns(a):.2f}x as fast")


def sign_rows(t, s, boto):
    if not s:
        return
    cached, uncached, floor = ns(s["signer_cached"]), ns(s["signer_no_cache"]), ns(s["openssl_floor"])
    if "minimal_sigv4" in s:
        m = ns(s["minimal_sigv4"])
        t.row("sign GetMLModel (SigV4), key cached", fmt_ns(cached),
              f"minimal complete SigV4 signer, key cached (`benchmarks/baseline_signer.hpp`) {fmt_ns(m)}",
              fmt_ratio(cached / m) + " its time", "<= 1.3x", cached / m <= 1.3,
              chart=("sign: awsml time / a minimal complete signer's", cached / m, 1.3, False))
        t.row("… vs the cryptography alone (OpenSSL floor: 2 SHA-256 + 1 HMAC of the same sizes)", "", fmt_ns(floor),
              fmt_ratio(cached / floor) + " its time", "")
    else:
        t.row("sign GetMLModel (SigV4), key cached", fmt_ns(cached), f"OpenSSL floor (2 SHA-256 + 1 HMAC) {fmt_ns(floor)}",
              fmt_ratio(cached / floor) + " the floor's time", "")
    t.row("… vs the key derived each time (`signer(0)`)", "", fmt_ns(uncached), fmt_ratio(uncached / cached) + " faster", ">= 2x",
          uncached / cached >= 2, chart=("sign: key derived each time / cached", uncached / cached, 2, True))
    pieces = [("canonical headers", "piece_canonical_headers"), ("secret fingerprint (SHA-256, per call)", "piece_secret_fingerprint"),
              ("key derivation (4 HMACs)", "piece_derive_key")]
    t.row("… pieces of it: " + "; ".join(f"{label} {fmt_ns(ns(s[key]))}" for label, key in pieces if key in s), "", "", "")
    if boto:
        b = boto["sign"]["us_per_sign"] * 1e3
        t.row("… vs botocore `SigV4Auth.add_auth`", "", fmt_ns(b), fmt_ratio(b / cached) + " faster", ">= 30x", b / cached >= 30,
              chart=("sign: botocore time / awsml's", b / cached, 30, True))


def e2e_setup_text(setup):
    """How the end-to-end run placed its processes (scripts/bench writes e2e_setup.json)."""
    if not setup:
        return ""
    if setup.get("pinned"):
        return f"; client on CPU {setup['client_cpu']}, the emulator (release build) on CPU {setup['server_cpu']}"
    return f"; processes not pinned ({setup.get('why', 'unknown why')})"


def e2e_rows(t, e, boto, setup=None):
    if not e:
        return
    b = e["e2e_blocking"]
    failed = sum(r.get("failures", 0) for r in e.values())
    if failed:
        t.row(f"**{failed:.0f} end-to-end calls failed** (bench_e2e printed why): the end-to-end rows are suspect", "", "", "")
    be = boto.get("e2e") if boto else None
    if be:
        r = b["calls_per_s"] / be["calls_per_s"]
        t.row(f"end to end over loopback, blocking, one keep-alive connection{e2e_setup_text(setup)}: calls/s", f"{b['calls_per_s']:.0f}",
              f"boto3 {be['calls_per_s']:.0f}", fmt_ratio(r), ">= 20x", r >= 20,
              chart=("end to end: calls/s / boto3's", r, 20, True))
        r = be["cpu_us_per_call"] / b["cpu_us_per_call"]
        t.row("… client CPU per call", f"{b['cpu_us_per_call']:.1f} µs", f"boto3 {be['cpu_us_per_call']:.0f} µs",
              f"1/{r:.1f}", "<= 1/30", r >= 30, chart=("end to end: boto3 CPU per call / awsml's", r, 30, True))
    else:
        t.row("end to end, blocking: calls/s (boto3 not run)", f"{b['calls_per_s']:.0f}", "", "")
    for n in (64, 1000):
        a = e.get(f"e2e_async/{n}")
        if a:
            t.row(f"end to end, asynchronous, {n} in flight on one thread{e2e_setup_text(setup)}: calls/s", f"{a['calls_per_s']:.0f}",
                  f"blocking {b['calls_per_s']:.0f}", f"{a['calls_per_s'] / b['calls_per_s']:.2f}x; CPU {a['cpu_us_per_call']:.1f} µs/call; {a.get('connections', 0):.0f} connections", "")


def compile_rows(t, c):
    if not c:
        return
    d = c["deps_only"]
    modes = [("header-only", c["with_awsml"], 2.5)]
    if "with_awsml_compiled" in c:
        modes.append(("compiled mode", c["with_awsml_compiled"], 1.3))
    for mode, a, target in modes:
        r = a / d
        t.row(f"compile time, one GetMLModel call, {mode}, `g++ {c['flags']} -c` (median of {c['runs']})",
              f"{a:.1f} s", f"dependency-only TU {d:.1f} s", fmt_ratio(r), f"<= {target}x", r <= target,
              chart=(f"compile time, {mode} / dependencies only", r, target, False))


def gnuplot_text(text):
    return text.replace('"', '\\"')


def write_chart(t, path, caption):
    """The targeted ratios of the table as an SVG bar chart, drawn by gnuplot."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        print("report.py: gnuplot not found (scripts/install-deps installs gnuplot-nox); no chart", file=sys.stderr)
        return
    rows = list(reversed(t.charted))  # gnuplot draws the first row at the bottom
    with tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False) as data:
        for i, (label, ratio, target, higher, ok) in enumerate(rows):
            note = f"{ratio:.2f}x, target {'>=' if higher else '<='} {target:g}x: {'met' if ok else 'missed'}"
            data.write(f'{i} "{gnuplot_text(label)} ({"higher" if higher else "lower"} is better)" {ratio:.6g} {target:.6g} '
                       f'{min(ratio, 1):.6g} {max(ratio, 1):.6g} {int(ok)} "{note}" {max(ratio, target) * 1.15:.6g}\n')
    height = 90 + 34 * len(rows)
    script = f"""
set terminal svg size 1000,{height} dynamic font "sans,12" background "#ffffff"
set output "{gnuplot_text(path)}"
set title "{gnuplot_text(caption)}" font "sans,12"
set logscale x
set xrange [0.25:400]
set yrange [-0.7:{len(rows) - 0.3}]
set xtics (0.5, 1, 2, 5, 10, 20, 50, 100)
set format x "%gx"
set xlabel "ratio (log scale; each bar starts at parity, 1x)"
set grid xtics lc rgb "#dddddd"
set key outside bottom center horizontal
set lmargin 52
set rmargin 3
set style fill solid 0.85 noborder
set arrow from 1, graph 0 to 1, graph 1 nohead lc rgb "#888888" dt 2
plot "{gnuplot_text(data.name)}" using ($7 == 1 ? $3 : 1/0):1:5:6:($1 - 0.32):($1 + 0.32):ytic(2) with boxxyerror lc rgb "#2e9e44" title "met", \\
     "" using ($7 == 0 ? $3 : 1/0):1:5:6:($1 - 0.32):($1 + 0.32) with boxxyerror lc rgb "#d43d2f" title "missed", \\
     "" using 4:1:($1 - 0.45):($1 + 0.45) with yerrorbars pt 7 ps 0 lw 3 lc rgb "#111111" title "target", \\
     "" using 9:1:8 with labels left font "sans,10" notitle
"""
    try:
        subprocess.run([gnuplot], input=script, text=True, check=True)
    finally:
        os.unlink(data.name)
    print(f"\nChart of the {len(rows)} targeted ratios: {path}", file=sys.stderr)


def main():
    results = sys.argv[1]
    machine = load(results, "machine.json") or {}
    d = best(load(results, "deserialize.json"))
    m = best(load(results, "memory.json"))
    s = best(load(results, "serialize.json"))
    g = best(load(results, "sign.json"))
    e = best(load(results, "e2e.json"))
    boto = load(results, "boto3.json")
    c = load(results, "compile.json")
    if machine:
        print(f"Machine: {machine['cpu']}, {machine['nproc']} cores (load average {machine.get('load', '?')} "
              f"when the run started); {machine['compiler']}; "
              f"boto3 {boto['boto3'] if boto else '-'} on Python {boto['python'] if boto else '-'}.\n")
    t = table()
    deserialize_rows(t, d, boto, load(results, "instructions.json"))
    largest_counts = load(results, "instructions_largest.json")
    largest_rows(t, d, largest_counts)
    memory_rows(t, m)
    serialize_rows(t, s)
    sign_rows(t, g, boto)
    e2e_rows(t, e, boto, load(results, "e2e_setup.json"))
    compile_rows(t, c)
    t.print()
    print(f"\nTargets: {t.met} met, {t.missed} missed.")
    if "--operations" in sys.argv[2:]:
        print_operations(d, largest_counts)
    if "--chart" in sys.argv[2:]:
        when = machine.get("date", "")
        caption = (f"awsml against baselines measured in the same run, best of 5 repetitions\\n{machine.get('cpu', '?')}, "
                   f"{machine.get('nproc', '?')} cores, load average {machine.get('load', '?')} at the start"
                   f"{', ' + when if when else ''}")
        write_chart(t, sys.argv[sys.argv.index("--chart") + 1], caption)


if __name__ == "__main__":
    main()
