#!/usr/bin/env sh
# Installs Debian's chromium for the browser tests, only when /usr/bin/chromium is missing.
# Idempotent and quiet; `playwright install` cannot download its own browser here, so the
# tests drive this one (executable_path="/usr/bin/chromium").
set -eu

CHROMIUM="${HOOKLINE_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_chromium: $CHROMIUM is missing and apt-get is not available; install chromium by hand." >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "ensure_chromium: installing chromium needs root (or sudo)." >&2
        exit 1
    fi
fi

echo "ensure_chromium: installing Debian's chromium (once)..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
"$CHROMIUM" --version
