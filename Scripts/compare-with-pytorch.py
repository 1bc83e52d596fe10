#!/usr/bin/env python3
"""Times a course workload against PyTorch side by side, on this machine, now.

Runs our chapter and the peer script (../shared/peers/torch_peers.py) in
alternation, `--rounds` times each, and prints each run's seconds per epoch,
the medians and their ratio. Alternating means both see the same machine;
still, run it on an otherwise idle machine (a second job on 2 cores slows
PyTorch's OpenMP threads many times over) and read the load it reports.

    swift build -c release
    python3 Scripts/compare-with-pytorch.py cnn --epochs 1 --rounds 3

Needs Debian's python3-torch and libopenblas0-openmp (see the peers' RESULTS.md).
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


def our_epochs(chapter, epochs):
    with tempfile.TemporaryDirectory() as out:
        executable = os.path.join(ROOT, ".build", "release", chapter)
        if not os.path.exists(executable):
            sys.exit(f"compare-with-pytorch: {executable} is missing; build it with: swift build -c release")
        subprocess.run([executable, "--epochs", str(epochs), "--out", out], check=True,
                       stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "metrics.json")) as file:
            return json.load(file)["epoch_seconds"]


def torch_epochs(peers, workload, epochs):
    result = subprocess.run(["/usr/bin/python3", os.path.join(peers, "torch_peers.py"), "--workload", workload,
                             "--epochs", str(epochs)], check=True, capture_output=True, text=True)
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return [event["train_seconds"] for event in events if "train_seconds" in event]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("workload", choices=sorted(WORKLOADS))
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--peers", default=os.path.join(ROOT, "..", "shared", "peers"))
    args = parser.parse_args()
    if not os.path.exists(os.path.join(args.peers, "torch_peers.py")):
        sys.exit(f"compare-with-pytorch: no torch_peers.py in {args.peers}; pass --peers FOLDER")
    chapter, peer_workload = WORKLOADS[args.workload]
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
                      "ratio": round(ours_median / theirs_median, 3)}))


if __name__ == "__main__":
    main()
