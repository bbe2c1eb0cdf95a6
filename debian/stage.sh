#!/bin/sh
# Lays out the packages' files under STAGE from the built workspace: each program bundled into
# one ES module for /usr/lib/ltsp-update, with the package's paths defined in it, and the data
# files with /usr/local/bin (where a checkout's set-up links ltsp-chroot) turned into /usr/sbin.
# usage: sh debian/stage.sh STAGE
set -eu
stage=$1
rm -rf "$stage"
lib=$stage/usr/lib/ltsp-update
mkdir -p "$lib/node_modules" "$stage/doc"

# The engine, and the notifier: each program's code bundled into NAME.bundle.mjs, and its own
# bin script beside it, importing that bundle in place of the workspace's dist folder.
# fs-ext is native, so it stays a module beside them.
program() {
    name=$1 bin=$2 entry=$3
    shift 3
    node scripts/bundle.mjs --no-sourcemap --define 'LTSP_UPDATE_ENGINE="/usr/sbin/ltsp-chroot"' \
        --metafile "$stage/doc/$name.meta.json" "$entry" "$lib/$name.bundle.mjs" "$@"
    # Debian runs scripts through the interpreter's own path, not env (policy 10.4).
    sed -e '1s|^#!/usr/bin/env node|#!/usr/bin/node|' -e "s|'\.\./dist/[^']*'|'./$name.bundle.mjs'|" "$bin" > "$lib/$name.mjs"
    grep -q "'./$name.bundle.mjs'" "$lib/$name.mjs" || { echo "stage: $bin does not import from ../dist" >&2; exit 1; }
    chmod 755 "$lib/$name.mjs"
}
program ltsp-chroot packages/engine/bin/ltsp-chroot.js packages/engine/src/cli/main.ts fs-ext
# dbus-next's optional native socket module and X11 address lookup are not used: the session bus address is in the environment.
program ltsp-update-notifier packages/notifier/bin/ltsp-update-notifier.js packages/notifier/dist/index.js fs-ext usocket x11
fs_ext=$lib/node_modules/fs-ext
mkdir -p "$fs_ext/build/Release"
cp node_modules/fs-ext/package.json node_modules/fs-ext/fs-ext.js "$fs_ext/"
install -m 644 node_modules/fs-ext/build/Release/fs_ext.node "$fs_ext/build/Release/fs_ext.node"

# Every npm module inside the bundles, with its version and licence, for debian/copyright.
node debian/third-party.mjs "$stage"/doc/*.meta.json > "$stage/doc/third-party.txt"
rm "$stage"/doc/*.meta.json

# Data files.
to_sbin() { sed 's#/usr/local/bin/ltsp-chroot#/usr/sbin/ltsp-chroot#g' "$1"; }
notifier=packages/notifier/data
mkdir -p "$stage/systemd" "$stage/polkit" "$stage/etc/apt/apt.conf.d" "$stage/etc/default" "$stage/etc/xdg/autostart"
to_sbin "$notifier/ltsp-update-refresh.service" > "$stage/systemd/ltsp-update-refresh.service"
to_sbin "$notifier/ltsp-update-refresh.timer" > "$stage/systemd/ltsp-update-refresh.timer"
to_sbin packages/engine/data/org.ltsp.update-manager.policy > "$stage/polkit/org.ltsp.update-manager.policy"
cp "$notifier/99ltsp-update-apt-hook" "$stage/etc/apt/apt.conf.d/99ltsp-update"
cp "$notifier/ltsp-update.default" "$stage/etc/default/ltsp-update"
cp "$notifier/ltsp-update-notifier.desktop" "$stage/etc/xdg/autostart/ltsp-update-notifier.desktop"
# The manuals and completion the engine's build generates, when it does.
if [ -d packages/engine/dist/man ]; then cp -r packages/engine/dist/man "$stage/man"; fi
if [ -d packages/engine/dist/completion ]; then cp -r packages/engine/dist/completion "$stage/completion"; fi
