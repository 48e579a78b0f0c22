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
# The mirror this machine's apt already uses for the Debian archive (not its security mirror), read
# from the deb822 files in sources.list.d/ and the one-line sources.list (and *.list), leaving out
# this script's own file. A URI listed for the release's codename wins; then one whose path ends in
# /debian; deb.debian.org only when neither is configured. $1 is apt's configuration folder.
debian_mirror() {
    local etc="$1" codename f files=() mirror=""
    codename="$( (. /etc/os-release && echo "${VERSION_CODENAME:-}") 2>/dev/null || true)"
    for f in "$etc"/sources.list.d/*.sources; do
        [ -f "$f" ] && [ "${f##*/}" != cockpit-unstable.sources ] && files+=("$f")
    done
    if [ "${#files[@]}" -gt 0 ]; then
        # One line "URI<TAB>suites" per URI of each enabled stanza of type deb.
        mirror="$(awk 'BEGIN { RS = ""; FS = "\n" }
            {
                types = ""; uris = ""; suites = ""; enabled = "yes"; key = ""
                for (i = 1; i <= NF; i++) {
                    line = $i
                    if (line ~ /^#/) continue
                    if (line ~ /^[ \t]/) val = line
                    else if (match(line, /^[^:]+:/)) {
                        key = tolower(substr(line, 1, RLENGTH - 1)); val = substr(line, RLENGTH + 1)
                    } else continue
                    if (key == "types") types = types " " val
                    else if (key == "uris") uris = uris " " val
                    else if (key == "suites") suites = suites " " val
                    else if (key == "enabled") { enabled = tolower(val); gsub(/[ \t]/, "", enabled) }
                }
                if ((types " ") !~ /[ \t]deb[ \t]/ || enabled == "no") next
                n = split(uris, u, /[ \t]+/)
                for (j = 1; j <= n; j++) if (u[j] != "") print u[j] "\t" suites
            }' "${files[@]}")"
    fi
    files=()
    for f in "$etc/sources.list" "$etc"/sources.list.d/*.list; do
        [ -f "$f" ] && files+=("$f")
    done
    if [ "${#files[@]}" -gt 0 ]; then
        # "deb [options] URI suite components...": the same "URI<TAB>suite" line.
        mirror="$mirror"$'\n'"$(awk '/^[ \t]*deb[ \t]/ {
                line = $0; sub(/^[ \t]*deb[ \t]+/, "", line); sub(/^\[[^]]*\][ \t]*/, "", line)
                split(line, w, /[ \t]+/); if (w[1] != "") print w[1] "\t " w[2]
            }' "${files[@]}")"
    fi
    printf '%s\n' "$mirror" | awk -F '\t' -v codename="$codename" '
        $1 == "" || $1 ~ /security/ { next }
        !found && codename != "" {
            n = split($2, s, /[ \t]+/)
            for (i = 1; i <= n; i++) if (s[i] == codename) found = $1
        }
        !other && $1 ~ /\/debian\/?$/ { other = $1 }
        END {
            if (found != "") print found
            else if (other != "") print other
            else print "http://deb.debian.org/debian"
        }'
}
if ! apt-cache madison timewarrior 2>/dev/null | grep -q ' 1\.9'; then
    mirror="$(debian_mirror /etc/apt)"
    # Debian unstable's package index, pinned so that nothing is installed from it by accident.
    cat > /etc/apt/sources.list.d/cockpit-unstable.sources <<SOURCES
Types: deb
URIs: $mirror
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
