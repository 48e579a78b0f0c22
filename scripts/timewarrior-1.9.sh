#!/usr/bin/env bash
# Puts a Timewarrior with `timew import` (1.9, from Debian unstable) in target/timewarrior-1.9/,
# without touching the system's libraries: its own glibc and libstdc++ are unpacked beside it and
# a wrapper runs it through their loader. Debian 12 ships Timewarrior 1.4.3, which has no
# `import`; tests/timew.rs uses this one to check that `timew import` accepts Cockpit's export.
set -euo pipefail
cd "$(dirname "$0")/.."
dest="$PWD/target/timewarrior-1.9"
if [ -x "$dest/timew" ] && "$dest/timew" --version >/dev/null 2>&1; then
    exit 0
fi
if [ "$(uname -m)" != x86_64 ]; then
    echo "timewarrior-1.9.sh: only x86_64 is set up" >&2
    exit 1
fi
if ! apt-cache madison timewarrior 2>/dev/null | grep -q ' 1\.9'; then
    # Debian unstable's package index, pinned so that nothing is installed from it by accident.
    cat > /etc/apt/sources.list.d/cockpit-unstable.sources <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    printf 'Package: *\nPin: release a=unstable\nPin-Priority: 50\n' > /etc/apt/preferences.d/cockpit-unstable
    apt-get update -qq
fi
rm -rf "$dest" && mkdir -p "$dest/debs" "$dest/root"
(cd "$dest/debs" && apt-get download -qq timewarrior/unstable libc6/unstable libstdc++6/unstable libgcc-s1/unstable 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
for deb in "$dest"/debs/*.deb; do dpkg-deb -x "$deb" "$dest/root"; done
cat > "$dest/timew" <<'WRAPPER'
#!/bin/sh
root="$(cd "$(dirname "$0")" && pwd)/root"
lib="$root/usr/lib/x86_64-linux-gnu"
exec "$lib/ld-linux-x86-64.so.2" --library-path "$lib" "$root/usr/bin/timew" "$@"
WRAPPER
chmod +x "$dest/timew"
"$dest/timew" --version
