#!/usr/bin/env bash
# Puts the npm packages log4brains 1.1.0 and madr 4.0.0 in target/adr-peer-tools/, a private npm
# prefix, without touching the system's global node_modules. Installed with the machine's npm
# (Node.js 20); does nothing when that log4brains already answers --version.
set -euo pipefail
cd "$(dirname "$0")/.."
dest="$PWD/target/adr-peer-tools"
if [ -x "$dest/node_modules/.bin/log4brains" ] && "$dest/node_modules/.bin/log4brains" --version >/dev/null 2>&1; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "adr-peer-tools.sh: npm is not installed (Node.js 20 with npm is needed)" >&2
    exit 1
fi
rm -rf "$dest" && mkdir -p "$dest"
npm install --prefix "$dest" --no-audit --no-fund log4brains@1.1.0 madr@4.0.0
"$dest/node_modules/.bin/log4brains" --version
