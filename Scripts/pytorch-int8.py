#!/usr/bin/env python3
"""PyTorch's own int8 version of chapter 8's network, beside the chapter's (Debian python3-torch; /usr/bin/python3).

The compression chapter runs this script when PyTorch can be imported. It reads the chapter's trained float32
weights (model-float32.safetensors, parsed here: the safetensors library is not needed), builds the same network
in PyTorch, quantizes it with PyTorch's eager-mode post-training static quantization (fused conv+ReLU and
linear+ReLU, the engine's default qconfig: per-channel symmetric int8 weights, histogram-calibrated uint8
activations) on the chapter's calibration images, and measures test accuracy and the float32 and int8 inference
times at batch 256 and batch 1, one pass of each in turn (as the chapter times its own), on the given threads. It
prints every pass's time; the chapter takes the medians and the paired ratios, and checks them, as for its own.
With more than one thread it times batch 1 once more in a process of its own on a single thread.

Usage: /usr/bin/python3 pytorch-int8.py --weights model-float32.safetensors --calibration calibration.f32
           --test test.f32 --labels labels.u8 [--threads 2] [--engine onednn] [--repetitions 35 251] [--seconds 20]
Images are raw little-endian float32, 28 x 28 per image (NHWC, one channel); labels one byte each.
Prints one JSON object on one line.
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import time

p = argparse.ArgumentParser()
p.add_argument("--weights", required=True)
p.add_argument("--calibration", required=True)
p.add_argument("--test", required=True)
p.add_argument("--labels", required=True)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--engine", default="onednn")
p.add_argument("--repetitions", type=int, nargs=2, default=[35, 251], help="timed passes at batch 256 and batch 1")
p.add_argument("--seconds", type=float, default=20, help="at most this long per batch size, after 5 passes of each")
p.add_argument("--batch-1-only", action="store_true", help="quantize, then time batch 1 only (the single-thread run)")
args = p.parse_args()
os.environ["OMP_NUM_THREADS"] = str(args.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.ao.quantization as quantization  # noqa: E402

torch.set_num_threads(args.threads)
torch.set_num_interop_threads(1)
if args.engine not in torch.backends.quantized.supported_engines:
    sys.exit(f"pytorch-int8.py: engine {args.engine} not in {torch.backends.quantized.supported_engines}")
torch.backends.quantized.engine = args.engine


def read_safetensors(path):
    """Every F32 tensor of a safetensors file, as numpy arrays of their shapes."""
    with open(path, "rb") as file:
        data = file.read()
    length = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + length])
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        raw = data[8 + length + start:8 + length + end]
        tensors[name] = np.frombuffer(raw, dtype="<f4").reshape(entry["shape"])
    return tensors


def images(path):
    """NHWC float32 images on disk, as NCHW tensors."""
    return torch.from_numpy(np.fromfile(path, dtype="<f4").reshape(-1, 28, 28, 1).transpose(0, 3, 1, 2).copy())


class Network(nn.Module):
    """Chapter 4's CNN in PyTorch's layout (NCHW), with the stubs where int8 begins and ends."""

    def __init__(self):
        super().__init__()
        self.quant, self.dequant = quantization.QuantStub(), quantization.DeQuantStub()
        self.conv1, self.relu1 = nn.Conv2d(1, 32, 3), nn.ReLU()
        self.conv2, self.relu2 = nn.Conv2d(32, 64, 3), nn.ReLU()
        self.conv3, self.relu3 = nn.Conv2d(64, 64, 3), nn.ReLU()
        self.dense1, self.relu4 = nn.Linear(576, 64), nn.ReLU()
        self.dense2 = nn.Linear(64, 10)
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        x = self.quant(x)
        x = self.pool(self.relu1(self.conv1(x)))
        x = self.pool(self.relu2(self.conv2(x)))
        x = torch.flatten(self.relu3(self.conv3(x)), 1)
        return self.dequant(self.dense2(self.relu4(self.dense1(x))))


def load(model, weights):
    """The chapter's weights: filters [k, k, in, out] to [out, in, k, k]; dense [in, out] to [out, in]. dense1
    reads the last convolution's 3x3x64 output in NHWC order (pixel, then channel); PyTorch flattens NCHW
    (channel, then pixel), so its rows are reordered."""
    dense1 = weights["layers.9.weight"].reshape(9, 64, 64).transpose(2, 1, 0).reshape(64, 576)
    values = {
        "conv1.weight": weights["layers.0.filter"].transpose(3, 2, 0, 1), "conv1.bias": weights["layers.0.bias"],
        "conv2.weight": weights["layers.3.filter"].transpose(3, 2, 0, 1), "conv2.bias": weights["layers.3.bias"],
        "conv3.weight": weights["layers.6.filter"].transpose(3, 2, 0, 1), "conv3.bias": weights["layers.6.bias"],
        "dense1.weight": dense1, "dense1.bias": weights["layers.9.bias"],
        "dense2.weight": weights["layers.11.weight"].T, "dense2.bias": weights["layers.11.bias"],
    }
    model.load_state_dict({name: torch.from_numpy(np.array(value, dtype=np.float32)) for name, value in values.items()})


def accuracy(model, test, labels):
    with torch.inference_mode():
        predictions = torch.cat([model(test[i:i + 500]).argmax(1) for i in range(0, len(test), 500)])
    return float((predictions == labels).double().mean())


def timed(model, batch):
    start = time.perf_counter()
    model(batch)
    return (time.perf_counter() - start) * 1e3


def compare_times(float_model, int8_model, batch, repetitions):
    """One float32 pass, then one int8 pass, in turn, over `repetitions` pairs or as many as fit in --seconds: the
    milliseconds of every pass, in order, so that the chapter computes the medians, the paired ratios and the medians
    check (whether the ratio of the medians agrees with the median of the paired ratios) as it does for its own."""
    float_times, int8_times = [], []
    with torch.inference_mode():
        float_model(batch), int8_model(batch)  # untimed: the first passes allocate and fill caches
        started = time.perf_counter()
        for _ in range(repetitions):
            float_times.append(timed(float_model, batch))
            int8_times.append(timed(int8_model, batch))
            # A loaded machine can make a pass hundreds of times slower: the chapter's run must still end.
            if len(float_times) >= 5 and time.perf_counter() - started > args.seconds:
                break
    return {"float_times_ms": float_times, "int8_times_ms": int8_times}


weights = read_safetensors(args.weights)
calibration, test = images(args.calibration), images(args.test)
labels = torch.from_numpy(np.fromfile(args.labels, dtype=np.uint8).astype(np.int64))
float_model = Network().eval()
load(float_model, weights)

started = time.perf_counter()
int8_model = Network().eval()
load(int8_model, weights)
int8_model = quantization.fuse_modules(
    int8_model, [["conv1", "relu1"], ["conv2", "relu2"], ["conv3", "relu3"], ["dense1", "relu4"]])
int8_model.qconfig = quantization.get_default_qconfig(args.engine)
quantization.prepare(int8_model, inplace=True)
with torch.inference_mode():
    for i in range(0, len(calibration), 250):
        int8_model(calibration[i:i + 250])
quantization.convert(int8_model, inplace=True)
quantize_seconds = time.perf_counter() - started

if args.batch_1_only:
    # The child run below: the same quantization, then only the passes of one image.
    print(json.dumps({"batch_1": compare_times(float_model, int8_model, test[:1], args.repetitions[1])}), flush=True)
    sys.exit(0)
result = {
    "torch_version": torch.__version__, "engine": args.engine, "threads": torch.get_num_threads(),
    "supported_engines": [engine for engine in torch.backends.quantized.supported_engines if engine != "none"],
    "weight_scheme": str(int8_model.conv2.weight().qscheme()).replace("torch.", ""),
    "activation_observer": type(quantization.get_default_qconfig(args.engine).activation()).__name__,
    "calibration_count": len(calibration), "test_count": len(test), "quantize_seconds": quantize_seconds,
    "float_test_accuracy": accuracy(float_model, test, labels), "int8_test_accuracy": accuracy(int8_model, test, labels),
    "int8_file_bytes": None,
}
# The size of PyTorch's int8 weights as it saves them (its own format, not safetensors).
path = args.test + ".int8.pt"
torch.save(int8_model.state_dict(), path)
result["int8_file_bytes"] = os.path.getsize(path)
os.remove(path)
for size, repetitions in zip([256, 1], args.repetitions):
    result[f"batch_{size}"] = compare_times(float_model, int8_model, test[:size], repetitions)
# One image again on a single thread. PyTorch splits even one image's convolutions over its OpenMP threads, and on a
# machine with other work a pass then waits for a thread that is not running: on the course machine, under load,
# milliseconds per pass where a process started on one thread takes about 0.25 ms, steadily. Calling
# torch.set_num_threads(1) in this process does not give that (the float32 passes stayed slow and unsteady), so a
# process of its own, started on one thread, times it; a user who times single images would try this setting.
if args.threads > 1:
    child = subprocess.run([sys.executable, *sys.argv, "--threads", "1", "--batch-1-only"], capture_output=True, text=True,
                           env={**os.environ, "OMP_NUM_THREADS": "1"})
    if child.returncode != 0:
        sys.exit(f"pytorch-int8.py: the single-thread run failed: {(child.stderr.strip().splitlines() or ['?'])[-1]}")
    result["batch_1_one_thread"] = json.loads(child.stdout.strip().splitlines()[-1])["batch_1"]
print(json.dumps(result), flush=True)
