#!/usr/bin/env bash
# Runs article 004's listing (§5.2, copied unchanged into article-004-listing.py)
# under `tensorflow-cpu`, the CPU build of what `pip install tensorflow`
# installs, today's and the last one with Keras 2, each in a virtual environment of its own. For each
# it prints the versions, the Python versions the wheel accepts, and how far
# the listing got: the line of the listing it stopped at and the last line of
# the error, or its result. The listing downloads digit MNIST with
# `mnist.load_data()`; where that download cannot be reached, it stops there.
# Then, under today's TensorFlow only, it runs the listing with one line
# swapped (`mnist = tf.keras.datasets.mnist` becomes `import local_data as
# mnist`, which reads Fashion-MNIST from $DATA, default the Debian package's
# files) and one line added at the end (the parameter count `summary()`
# reports), and prints what that run printed last: a full 5-epoch training.
# Needs Python 3.11 and PyPI (about 1 GB of downloads) and takes about ten
# minutes on two cores; arguments, if given, are existing Python interpreters
# with TensorFlow installed, used instead of fresh environments (the first one
# also does the swapped run). Chapter 4 cites what it printed (results.txt: this
# script's output; the region markers let the chapter include it).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export TF_CPP_MIN_LOG_LEVEL=3 PYTHONPATH="$here"

# The listing's output: the line of article-004-listing.py it stopped at, if any, and its last line.
report() {
  local output="$1" status="$2"
  local line
  line="$(printf '%s\n' "$output" | grep -o 'article-004-listing[^"]*\.py", line [0-9]*' | tail -1 | grep -o '[0-9]*$')"
  local last warnings
  last="$(printf '%s\n' "$output" | grep -v '^\s*$' | tail -1 | sed 's/^ *//')"
  # Python warnings, once each, up to their first full stop: what the version says of the listing's API.
  warnings="$(printf '%s\n' "$output" | grep -o '[A-Za-z]*Warning: [^.]*\.' | sort -u | sed 's/^/[/; s/$/] /' | tr -d '\n')"
  last="$warnings$last"
  if [ -n "$line" ]; then
    echo "exit $status at listing line $line ($(sed -n "${line}p" "$here/article-004-listing.py" | sed 's/^ *//')): $last"
  else
    echo "exit $status: $last"
  fi
}

describe() {
  "$1" -c 'import sys, tensorflow as tf, keras, importlib.metadata as m
for d in ("tensorflow", "tensorflow-cpu"):
    try: requires = m.metadata(d)["Requires-Python"]; break
    except m.PackageNotFoundError: requires = "?"
print("TensorFlow", tf.__version__, "with Keras", keras.__version__, "(Python " + requires + ", running " + sys.version.split()[0] + ")")' 2>/dev/null
}

# When and where, outside the region the chapter includes: the figures below hold for this run only.
echo "run on $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
echo "// region: results"
interpreters=("$@")
if [ ${#interpreters[@]} -eq 0 ]; then
  for requirement in "tensorflow-cpu" "tensorflow-cpu==2.15.*"; do
    venv="$work/venv-${#interpreters[@]}"
    python3 -m venv "$venv" && "$venv/bin/pip" install -q "$requirement" >/dev/null
    interpreters+=("$venv/bin/python")
  done
fi
for python in "${interpreters[@]}"; do
  output="$(cd "$work" && "$python" "$here/article-004-listing.py" 2>&1)"
  status=$?
  echo "$(describe "$python"): $(report "$output" "$status")"
done
sed -e 's/^mnist = tf.keras.datasets.mnist$/import local_data as mnist/' "$here/article-004-listing.py" > "$work/swapped.py"
echo "print('Total params:', model.count_params())" >> "$work/swapped.py"
output="$(cd "$work" && "${interpreters[0]}" "$work/swapped.py" 2>&1)"
status=$?
echo "$(describe "${interpreters[0]}"), Fashion-MNIST instead of the download: exit $status:" \
  "$(printf '%s\n' "$output" | grep -E '^(Test accuracy|Total params):' | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
echo "// endregion"
