#!/usr/bin/env bash
# Check that Node.js 18+ and npm are available to build the stylesheet; explain what to install if not.
set -uo pipefail

major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if command -v npm >/dev/null 2>&1 && [ "$major" -ge 18 ]; then
  exit 0
fi

cat >&2 <<MSG

Building the stylesheet (GOV.UK Frontend, from the npm registry) needs Node.js 18 or newer and npm.
Found: node ${major/#0/none}, npm $(command -v npm >/dev/null 2>&1 && npm --version || echo none).

Install them, then run the command again:
  Debian or Ubuntu:  sudo apt-get install nodejs npm
  Or Node.js 20 LTS from https://nodejs.org/ (it includes npm)

MSG
exit 1
