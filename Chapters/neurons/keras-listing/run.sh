#!/usr/bin/env bash
# Runs article 000's listing (§5.2, copied unchanged into article-000-listing.py)
# under the TensorFlow that `pip install tensorflow` installs today and under
# the last one with Keras 2, each in a virtual environment of its own, and
# prints the versions and the last line the run printed (its error, if any).
# Needs Python 3.11 and PyPI; about 1 GB of downloads. Chapter 1 cites what
# it printed (results.txt: this script's output; the region markers let the
# chapter include it).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "// region: results"
for requirement in "tensorflow-cpu" "tensorflow-cpu==2.15.*"; do
  python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q "$requirement" >/dev/null
  versions="$("$work/venv/bin/python" -c 'import tensorflow as tf, keras; print("TensorFlow", tf.__version__, "with Keras", keras.__version__)' 2>/dev/null)"
  output="$(TF_CPP_MIN_LOG_LEVEL=3 "$work/venv/bin/python" "$here/article-000-listing.py" 2>&1)"
  echo "$versions: exit $?: $(printf '%s\n' "$output" | grep -v '^\s*$' | tail -1 | sed 's/^ *//')"
  rm -rf "$work/venv"
done
echo "// endregion"
