#!/usr/bin/env bash
# Print the path of a Python 3.12+ interpreter that can create virtual environments,
# or explain what to install. Set PYTHON=/path/to/python to choose one yourself.
set -uo pipefail

usable() {
  "$1" -c 'import sys, ensurepip, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

if [ -n "${PYTHON:-}" ]; then
  if usable "$PYTHON"; then
    "$PYTHON" -c 'import sys; print(sys.executable)'
    exit 0
  fi
  echo "PYTHON=$PYTHON is not a Python 3.12 or newer with the venv module." >&2
  exit 1
fi

candidates=(python3.12 python3.13)
pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
for dir in "$pyenv_root"/versions/3.12* "$pyenv_root"/versions/3.13* "$pyenv_root"/versions/3.1[4-9]*; do
  [ -x "$dir/bin/python3" ] && candidates+=("$dir/bin/python3")
done
candidates+=(python3)

for candidate in "${candidates[@]}"; do
  if usable "$candidate"; then
    # Resolve pyenv shims and the like to the real interpreter.
    "$candidate" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done

cat >&2 <<MSG

coproduce needs Python 3.12 or newer (with its venv module), and none was found.
Tried: ${candidates[*]}

Install one, then run the command again:
  Debian 13 or Ubuntu 24.04:  sudo apt-get install python3.12 python3.12-venv   (or python3.13 python3.13-venv)
  Any Linux or macOS:         install pyenv (https://github.com/pyenv/pyenv), then: pyenv install 3.12
  Or point at one you have:   make demo PYTHON=/path/to/python3.12

MSG
exit 1
