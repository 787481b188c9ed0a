#!/usr/bin/env python3
"""Tables for docs/rq5.md from artifacts/rq5 (written by run.sh). Mean +- sample sd over the seeds found."""
import glob, json, os, statistics as st, sys

root = sys.argv[1] if len(sys.argv) > 1 else "artifacts/rq5"
models = [("dense", "irregular-dense"), ("irregular", "irregular-model"), ("column", "column-model"), ("filter_column", "filter_column-model")]
# Only complete seeds: every structure compressed and every model attacked.
seeds = sorted(d for d in glob.glob(os.path.join(root, "seed*"))
               if all(os.path.exists(os.path.join(d, f"attack-{k}-{t}.json")) for k in ("pgd", "fgsm") for _, t in models))

def load(p):
    with open(p) as f: return json.load(f)

def ms(v):
    if not v: return "n/a"
    return f"{st.mean(v):.2f}" + (f" ± {st.stdev(v):.2f}" if len(v) > 1 else "")

rows = {}  # (model, column) -> list per seed
cols = []
for sd in seeds:
    for name, tag in models:
        rate = 1.0 if name == "dense" else load(os.path.join(sd, name, "result.json"))["overall_rate"]
        rows.setdefault((name, "rate"), []).append(rate)
        for kind in ("pgd", "fgsm"):
            p = os.path.join(sd, f"attack-{kind}-{tag}.json")
            if not os.path.exists(p): continue
            a = load(p)
            rows.setdefault((name, "clean"), []).append(a["clean_accuracy"]) if kind == "pgd" else None
            for pt in a["points"]:
                c = f"{kind.upper()} {pt['eps']:g}"
                if kind == "fgsm" and pt["eps"] == 0: continue
                if c not in cols: cols.append(c)
                rows.setdefault((name, c), []).append(pt["robust_accuracy"])

print(f"Seeds: {len(seeds)} ({', '.join(os.path.basename(s) for s in seeds)}); test images per attack: 1000\n")
header = ["model", "rate", "clean"] + cols
print("| " + " | ".join(header) + " |"); print("|" + "---|" * len(header))
for name, _ in models:
    print("| " + " | ".join([name, ms(rows.get((name, 'rate'), [])).split(' ±')[0] + "x", ms(rows.get((name, 'clean'), []))] + [ms(rows.get((name, c), [])) for c in cols]) + " |")

print("\nWinner among the pruned structures per column (mean over seeds; margin to the runner-up; seeds won):\n")
pruned = [m for m, _ in models if m != "dense"]
for c in ["clean"] + cols:
    means = {m: st.mean(rows[(m, c)]) for m in pruned if rows.get((m, c))}
    if len(means) < 2: continue
    order = sorted(means, key=means.get, reverse=True)
    n = len(rows[(order[0], c)])
    won = sum(1 for i in range(n) if all(rows[(order[0], c)][i] >= rows[(m, c)][i] for m in pruned if len(rows.get((m, c), [])) == n))
    print(f"- {c}: {order[0]} {means[order[0]]:.2f}% vs {order[1]} {means[order[1]]:.2f}% (+{means[order[0]] - means[order[1]]:.2f} points; best in {won}/{n} seeds); last: {order[-1]} {means[order[-1]]:.2f}%")

tr = sorted(glob.glob(os.path.join(root, "transfer", "*", "result.json")))
if tr:
    print("\nTransfer (MNIST -> Fashion-MNIST, head replaced), target test accuracy %, one seed:\n")
    print("| source structure | source acc | source rate | frozen (rate) | re-pruned ADMM (rate) | dense fine-tuned |")
    print("|---|---|---|---|---|---|")
    for p in tr:
        r = load(p); m = {x["mode"]: x for x in r["modes"]}
        f = lambda k: f"{m[k]['target_accuracy']:.2f} ({m[k]['rate']:.1f}x)" if k in m else "n/a"
        print(f"| {r['source']['scheme'].replace('filtercolumn', 'filter_column')} | {r['source']['accuracy']:.2f} | {r['source']['rate']:.1f}x | {f('frozen')} | {f('readmm')} | {m['dense']['target_accuracy']:.2f} |")
