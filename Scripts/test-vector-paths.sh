#!/usr/bin/env bash
# Runs the core's kernel-agreement tests in release builds, once for each
# vector extension this machine can run: AVX2 (x86-64-v3) and, where the CPU
# has it, AVX-512 (x86-64-v4). `swift test` builds in debug, which compiles
# no target CPU and so never runs the vector code that release builds run.
# Each target builds in a scratch folder of its own under .build/vector-paths.
set -euo pipefail
cd "$(dirname "$0")/.."

# The suites that compare a fast or fused kernel with its reference (the int8 kernels
# pick their instructions at run time, but their Swift wrappers are compiled per target).
filter='VectorKernelTests|ElementwiseTests|SoftmaxTests|CrossEntropyTests|LayerNormTests|RecurrentTests'
filter+='|AttentionTests|FusedAttentionTests|OptimizerTests|WinogradTests|DirectConvolutionTests'
filter+='|ConvolutionTests|PoolingTests|MatmulTests|TiledProductTests|VectorProductTests|BackwardInHalvesTests|Int8KernelTests'

# Whether /proc/cpuinfo lists every one of the given flags.
has_flags() {
  local flags
  flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
  for flag in "$@"; do [[ "$flags" == *" $flag "* ]] || return 1; done
}

run_target() {
  local target=$1 scratch=".build/vector-paths/$1" start=$SECONDS
  echo "== Vector kernels, release build for $target"
  COURSE_TARGET_CPU=$target swift build -c release --build-tests -Xswiftc -enable-testing --scratch-path "$scratch"
  COURSE_TARGET_CPU=$target swift test -c release -Xswiftc -enable-testing --skip-build --scratch-path "$scratch" \
    --filter "$filter"
  echo "== Vector kernels for $target passed in $((SECONDS - start)) s"
}

if [ "$(uname -m)" != x86_64 ]; then
  echo "== Not an x86-64 machine: the AVX2 and AVX-512 runs are skipped; testing the default release target"
  run_target baseline
  exit 0
fi
# The x86-64 levels as Package.swift reads them (lzcnt is "abm" in /proc/cpuinfo).
if has_flags avx avx2 bmi1 bmi2 f16c fma abm movbe xsave; then
  run_target x86-64-v3
else
  echo "== AVX2 run skipped: this CPU lacks AVX2 or FMA; testing the baseline release target"
  run_target baseline
fi
if has_flags avx512f avx512bw avx512cd avx512dq avx512vl; then
  run_target x86-64-v4
else
  echo "== AVX-512 run skipped: this CPU lacks avx512f, avx512bw, avx512cd, avx512dq or avx512vl"
fi
