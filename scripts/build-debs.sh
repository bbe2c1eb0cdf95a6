#!/bin/sh
# Builds the Debian packages from this checkout into build/deb (after the set-up and the build,
# which skip what is already done): dpkg-buildpackage -b, unsigned, then lintian on the result.
# usage: sh scripts/build-debs.sh
set -eu
cd "$(dirname "$0")/.."
out=$PWD/build/deb
rm -rf "$out"
mkdir -p "$out"
export TURBO_TELEMETRY_DISABLED=1
npx turbo run build --output-logs=errors-only
DEB_OUT="$out" dpkg-buildpackage -b --no-sign \
    --buildinfo-file="$out/ltsp-update-manager.buildinfo" --changes-file="$out/ltsp-update-manager.changes" \
    --changes-option=-u"$out" --buildinfo-option=-u"$out" \
    > "$out/build.log" 2>&1 || { tail -30 "$out/build.log" >&2; echo "build-debs: dpkg-buildpackage failed; the whole log is $out/build.log" >&2; exit 1; }
echo "build-debs: built $(cd "$out" && ls ./*.deb | tr '\n' ' ')into build/deb"
