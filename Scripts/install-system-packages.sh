#!/usr/bin/env bash
# Installs the Debian packages the course needs and that are missing, saying
# which. Safe to run again: it does nothing when everything is there.
set -euo pipefail

packages=(
  pkg-config        # finds the C libraries below for the Swift build
  libopenblas-dev   # matrix products (the CBLAS module)
  zlib1g-dev        # gzip-compressed data files (the CZlib module)
  gnuplot-nox       # figures: SVG files and terminal plots
  dataset-fashion-mnist  # the images of chapters 3 and 4
  fortunes fortunes-min  # the text of chapters 6 and 7
  libcmark-gfm-dev libcmark-gfm-extensions-dev  # the site's Markdown (the CMarkGFM module)
  katex             # the site's math, rendered at build time (with Debian's nodejs)
  chromium          # the site's browser test (headless)
  fonts-wqy-microhei  # a CJK font (1.6 MB, the smallest that draws Simplified Chinese): the Chinese pages' glyphs in the browser test
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "System packages: all ${#packages[@]} present."
  exit 0
fi

echo "Installing missing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "error: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
