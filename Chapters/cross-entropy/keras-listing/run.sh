#!/usr/bin/env bash
# Runs article 002's listing (§5.2 and §5.4, copied unchanged into
# article-002-listing.py) under the TensorFlow that `pip install tensorflow`
# installs today and under 2.15, the last one with Keras 2, and prints the
# versions and how far each run got (with-fashion-mnist.py: it feeds the listing
# Fashion-MNIST in place of MNIST, whose download is not reachable here).
# Pass Python interpreters that already have TensorFlow to use them; with none,
# each version is installed into a virtual environment of its own (Python 3.11
# and PyPI; about 1 GB of downloads). Needs Debian's dataset-fashion-mnist.
# Chapter 3 cites what it printed (results.txt: this script's output; the region
# markers let the chapter include it).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run() {
  local versions output
  versions="$("$1" -c 'import tensorflow as tf, keras; print("TensorFlow", tf.__version__, "with Keras", keras.__version__)' 2>/dev/null)"
  output="$(TF_CPP_MIN_LOG_LEVEL=3 "$1" "$here/with-fashion-mnist.py" 2>/dev/null)"
  echo "$versions: exit $?: $(printf '%s\n' "$output" | tail -1)"
}
echo "// region: results"
if [ "$#" -gt 0 ]; then
  for python in "$@"; do run "$python"; done
else
  for requirement in "tensorflow-cpu" "tensorflow-cpu==2.15.*"; do
    python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q "$requirement" >/dev/null
    run "$work/venv/bin/python"
    rm -rf "$work/venv"
  done
fi
echo "// endregion"
