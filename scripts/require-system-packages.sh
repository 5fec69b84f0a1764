#!/usr/bin/env bash
# The test suite needs a few programs from Debian's packages: chromium and its headless shell (browser tests:
# docs/adr/0011-headless-shell-for-browser-tests.md), LibreOffice Writer
# (opening the report's DOCX, as a reader would), poppler-utils (reading the report's PDF text) and gettext
# (checking the translation catalogues: docs/translations.md).
# Install whichever is missing. Playwright never downloads a browser of its own here.
set -euo pipefail

declare -A needed=([chromium]=chromium [chromium-headless-shell]=chromium-headless-shell [soffice]=libreoffice-writer-nogui [pdftotext]=poppler-utils [msgfmt]=gettext)
missing=()
for program in "${!needed[@]}"; do
  command -v "$program" >/dev/null 2>&1 || missing+=("${needed[$program]}")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need these programs on PATH: ${missing[*]}. Install them with your system's package manager." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "The tests need: run 'apt-get install ${missing[*]}' as root, then try again." >&2
  exit 1
fi

echo "Installing for the tests (apt-get): ${missing[*]}..."
"${sudo[@]}" apt-get update -qq
for package in "${missing[@]}"; do
  # chromium as before, with its recommended fonts; LibreOffice without its many recommendations
  extra=()
  [ "$package" = chromium ] || extra=(--no-install-recommends)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${extra[@]}" "$package" >/dev/null
done
