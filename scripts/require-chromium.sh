#!/usr/bin/env bash
# The browser tests drive Debian's chromium. Install it when it is not on PATH.
# Playwright never downloads a browser of its own here.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "The browser tests need chromium on PATH. Install it with your system's package manager." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "The browser tests need chromium: run 'apt-get install chromium' as root, then try again." >&2
  exit 1
fi

echo "Installing chromium for the browser tests (apt-get)..."
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
command -v chromium
