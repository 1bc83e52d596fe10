#!/usr/bin/env python3
"""Times a course workload against PyTorch side by side, on this machine, now.

Runs our chapter and the peer script (../shared/peers/torch_peers.py) in
alternation, `--rounds` times each, and prints each run's seconds per epoch,
the medians and their ratio. Alternating means both see the same machine;
still, run it on an otherwise idle machine (a second job on 2 cores slows
PyTorch's OpenMP threads many times over) and read the load it reports.

    swift build -c release
    python3 Scripts/compare-with-pytorch.py cnn --epochs 1 --rounds 3

With `--seeds N` it compares final test accuracy instead of time (mlp or
cnn): both sides train from seeds 1 to N, one run each, and it prints every
seed's accuracies and both medians. One run's accuracy is partly the luck
of its seed, so compare distributions, not single runs:

    python3 Scripts/compare-with-pytorch.py mlp --epochs 10 --seeds 10

Needs Debian's python3-torch and libopenblas0-openmp (see the peers' RESULTS.md).
The result names the CPU it was measured on: a ratio holds for that CPU only.
For one round inside a chapter's own run, recorded in its metrics.json and
text, run the chapter with --compare-pytorch instead.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

WORKLOADS = {
    # our chapter, the peers' workload name, and our per-epoch key
    "mlp": ("cross-entropy", "mlp"),
    "cnn": ("cnn", "cnn"),
    "lstm": ("lstm", "lstm"),
    "transformer": ("attention", "transformer"),
}

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_average():
    with open("/proc/loadavg") as file:
        return file.read().split()[0]


def cpu_summary():
    """The CPU, as the chapters' metrics.json names it (machine.cpu): model, family, AVX-512, OPENBLAS_CORETYPE."""
    fields = {}
    with open("/proc/cpuinfo") as file:
        for line in file:
            if not line.strip() and fields:
                break  # the end of the first processor
            name, _, value = line.partition(":")
            fields.setdefault(name.strip(), value.strip())
    parts = [fields.get("model name") or "unknown"]
    if "cpu family" in fields and "model" in fields:
        parts.append(f"family {fields['cpu family']} model {fields['model']}")
    parts.append("with AVX-512" if "avx512f" in fields.get("flags", "").split() else "without AVX-512")
    if os.environ.get("OPENBLAS_CORETYPE"):
        parts.append(f"OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']}")
    return ", ".join(parts)


def our_metrics(chapter, epochs, seed=None):
    """The metrics.json of one run of our chapter."""
    with tempfile.TemporaryDirectory() as out:
        executable = os.path.join(ROOT, ".build", "release", chapter)
        if not os.path.exists(executable):
            sys.exit(f"compare-with-pytorch: {executable} is missing; build it with: swift build -c release")
        seed_flags = [] if seed is None else ["--seed", str(seed)]
        subprocess.run([executable, "--epochs", str(epochs), "--out", out] + seed_flags, check=True,
                       stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "metrics.json")) as file:
            return json.load(file)


def torch_events(peers, workload, epochs, seed=None):
    """The JSON events one run of the peer script prints, one per epoch and a summary."""
    seed_flags = [] if seed is None else ["--seed", str(seed)]
    result = subprocess.run(["/usr/bin/python3", os.path.join(peers, "torch_peers.py"), "--workload", workload,
                             "--epochs", str(epochs)] + seed_flags, check=True, capture_output=True, text=True)
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def our_epochs(chapter, epochs):
    return our_metrics(chapter, epochs)["epoch_seconds"]


def torch_epochs(peers, workload, epochs):
    return [event["train_seconds"] for event in torch_events(peers, workload, epochs) if "train_seconds" in event]


def compare_accuracy(args, chapter, peer_workload):
    ours, theirs = [], []
    for seed in range(1, args.seeds + 1):
        ours.append(our_metrics(chapter, args.epochs, seed)["test_accuracy"])
        theirs.append([e for e in torch_events(args.peers, peer_workload, args.epochs, seed)
                       if "test_accuracy" in e][-1]["test_accuracy"])
        print(f"seed {seed}: ours {ours[-1]:.4f}, PyTorch {theirs[-1]:.4f}", flush=True)
    print(json.dumps({"workload": args.workload, "epochs": args.epochs, "ours_test_accuracy": ours,
                      "pytorch_test_accuracy": theirs, "ours_median": statistics.median(ours),
                      "pytorch_median": statistics.median(theirs)}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("workload", choices=sorted(WORKLOADS))
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--peers", default=os.path.join(ROOT, "..", "shared", "peers"))
    parser.add_argument("--seeds", type=int, default=0,
                        help="compare test accuracy over seeds 1 to N instead of time (mlp or cnn)")
    args = parser.parse_args()
    if not os.path.exists(os.path.join(args.peers, "torch_peers.py")):
        sys.exit(f"compare-with-pytorch: no torch_peers.py in {args.peers}; pass --peers FOLDER")
    chapter, peer_workload = WORKLOADS[args.workload]
    if args.seeds:
        if args.workload not in ("mlp", "cnn"):
            sys.exit(f"compare-with-pytorch: --seeds compares test accuracy, which {args.workload} has not; "
                     "use mlp or cnn")
        return compare_accuracy(args, chapter, peer_workload)
    print(f"CPU: {cpu_summary()}", flush=True)
    ours, theirs = [], []
    for round_number in range(1, args.rounds + 1):
        before = load_average()
        ours += our_epochs(chapter, args.epochs)
        theirs += torch_epochs(args.peers, peer_workload, args.epochs)
        print(f"round {round_number}: load {before} -> {load_average()}; "
              f"ours {ours[-args.epochs:]} s, PyTorch {theirs[-args.epochs:]} s", flush=True)
        time.sleep(1)
    ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
    print(json.dumps({"workload": args.workload, "ours_epoch_seconds": ours, "pytorch_epoch_seconds": theirs,
                      "ours_median": round(ours_median, 3), "pytorch_median": round(theirs_median, 3),
                      "ratio": round(ours_median / theirs_median, 3), "cpu": cpu_summary()}))


if __name__ == "__main__":
    main()
