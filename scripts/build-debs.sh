#!/bin/sh
# Builds the Debian packages from this checkout into build/deb (after the build, which turbo
# skips when it is done): dpkg-buildpackage -b, unsigned. Nothing is rebuilt when the staged
# files (debian/stage.sh, a few seconds) and the packaging are what the last build had.
# usage: sh scripts/build-debs.sh
set -eu
cd "$(dirname "$0")/.."
out=$PWD/build/deb
export TURBO_TELEMETRY_DISABLED=1
npx turbo run build --output-logs=errors-only

# What the packages are made of: every staged file (path, mode, content), and the packaging
# itself (debian/ as git sees it, and the README the engine's package carries).
sh debian/stage.sh debian/stage
inputs=$( {
    find debian/stage -type f -printf '%p %m\n' | LC_ALL=C sort
    find debian/stage -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    git ls-files -z --cached --others --exclude-standard debian README.md | LC_ALL=C sort -z | xargs -0 sha256sum
} | sha256sum | cut -d' ' -f1)
if [ -f "$out/inputs.sha256" ] && [ "$(cat "$out/inputs.sha256")" = "$inputs" ] \
    && [ "$(ls "$out"/*.deb 2>/dev/null | wc -l)" -eq "$(grep -c '^Package:' debian/control)" ]; then
    echo "build-debs: build/deb is up to date"
    exit 0
fi

rm -rf "$out"
mkdir -p "$out"
DEB_OUT="$out" dpkg-buildpackage -b --no-sign \
    --buildinfo-file="$out/ltsp-update-manager.buildinfo" --changes-file="$out/ltsp-update-manager.changes" \
    --changes-option=-u"$out" --buildinfo-option=-u"$out" \
    > "$out/build.log" 2>&1 || { tail -30 "$out/build.log" >&2; echo "build-debs: dpkg-buildpackage failed; the whole log is $out/build.log" >&2; exit 1; }
echo "$inputs" > "$out/inputs.sha256"
echo "build-debs: built $(cd "$out" && ls ./*.deb | tr '\n' ' ')into build/deb"
