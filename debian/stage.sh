#!/bin/sh
# Lays out the packages' files under STAGE from the built workspace: each program bundled into
# one ES module for /usr/lib/ltsp-update, with the package's paths defined in it, and the data
# files (translated when scripts/build-translations.sh makes them).
# STAGE/usr, STAGE/etc…: ltsp-update-manager's (see its .install); STAGE/gnome and STAGE/kde:
# the windows' packages' trees, as installed.
# usage: sh debian/stage.sh STAGE
set -eu
stage=$1
rm -rf "$stage"
lib=$stage/usr/lib/ltsp-update
mkdir -p "$lib/node_modules" "$stage/doc"

# Translations, when the workspace makes them (scripts/build-translations.sh OUT writes
# OUT/locale/LL/LC_MESSAGES/ltsp-update.mo and OUT/data/NAME, a data file with its translations
# merged in): the catalogues go to /usr/share/locale, and each data file below is taken from
# OUT/data when a merged one of the same name is there.
i18n=$stage/i18n
if [ -f scripts/build-translations.sh ]; then
    sh scripts/build-translations.sh "$i18n"
    if [ -d "$i18n/locale" ]; then
        for mo in "$i18n"/locale/*/LC_MESSAGES/ltsp-update.mo; do
            [ -f "$mo" ] || continue
            language=$(basename "$(dirname "$(dirname "$mo")")")
            install -D -m 644 "$mo" "$stage/locale/$language/LC_MESSAGES/ltsp-update.mo"
        done
    fi
fi
# The data file to install for source FILE: its merged translation when there is one.
merged() {
    if [ -f "$i18n/data/$(basename "$1")" ]; then echo "$i18n/data/$(basename "$1")"; else echo "$1"; fi
}
# install_data SOURCE DEST: a data file (translated when it can be) at DEST, mode 644.
install_data() { install -D -m 644 "$(merged "$1")" "$2"; }

# Each program's code bundled into DIR/NAME.bundle.mjs, and its own bin script beside it,
# importing that bundle in place of the workspace's dist folder. Native modules stay modules
# beside them (EXTERNAL…); a --define NAME=JSON among them goes to scripts/bundle.mjs too.
program() {
    dir=$1 name=$2 bin=$3 entry=$4
    shift 4
    mkdir -p "$dir"
    node scripts/bundle.mjs --no-sourcemap --define 'LTSP_UPDATE_ENGINE="/usr/sbin/ltsp-chroot"' \
        --metafile "$stage/doc/$name.meta.json" "$entry" "$dir/$name.bundle.mjs" "$@"
    # Debian runs scripts through the interpreter's own path, not env (policy 10.4).
    sed -e '1s|^#!/usr/bin/env node|#!/usr/bin/node|' -e "s|'\.\./dist/[^']*'|'./$name.bundle.mjs'|" "$bin" > "$dir/$name.mjs"
    grep -q "'./$name.bundle.mjs'" "$dir/$name.mjs" || { echo "stage: $bin does not import from ../dist" >&2; exit 1; }
    chmod 755 "$dir/$name.mjs"
}

# The engine, and the notifier. fs-ext is native: a module beside them (the windows use it too).
program "$lib" ltsp-chroot packages/engine/bin/ltsp-chroot.js packages/engine/src/cli/main.ts fs-ext
# dbus-next's optional native socket module and X11 address lookup are not used: the session bus address is in the environment.
program "$lib" ltsp-update-notifier packages/notifier/bin/ltsp-update-notifier.js packages/notifier/dist/index.js fs-ext usocket x11
fs_ext=$lib/node_modules/fs-ext
mkdir -p "$fs_ext/build/Release"
cp node_modules/fs-ext/package.json node_modules/fs-ext/fs-ext.js "$fs_ext/"
install -m 644 node_modules/fs-ext/build/Release/fs_ext.node "$fs_ext/build/Release/fs_ext.node"

# The windows: each bundled from its compiled entry (the workspace's own bundle of it has the
# checkout's paths), with its toolkit's module and addon (debian/copy-modules.mjs).
gnome=$stage/gnome/usr/lib/ltsp-update
program "$gnome" ltsp-update-gnome apps/gnome/bin/ltsp-update-gnome.js apps/gnome/dist/application.js node-gtk fs-ext
node debian/copy-modules.mjs "$gnome/node_modules" node-gtk > "$stage/doc/modules.txt"
kde=$stage/kde/usr/lib/ltsp-update
# The KDE window's glib-watch addon (apps/kde/native/glib-watch.c: it turns Qt only when Qt has
# work) is our own, not an npm module's: it goes beside the bundle, which is told where.
program "$kde" ltsp-update-kde apps/kde/bin/ltsp-update-kde.js apps/kde/dist/main.js \
    --define 'LTSP_UPDATE_GLIB_WATCH="/usr/lib/ltsp-update/glib-watch.node"' @nodegui/nodegui fs-ext
install -m 644 apps/kde/native/build/glib-watch.node "$kde/glib-watch.node"
node debian/copy-modules.mjs "$kde/node_modules" @nodegui/nodegui >> "$stage/doc/modules.txt"
# Addons are libraries, not programs (lintian: shared-library-is-executable).
find "$stage" -name '*.node' -exec chmod 644 {} +

# Every npm module inside the bundles, with its version and licence, for debian/copyright.
node debian/third-party.mjs "$stage"/doc/*.meta.json > "$stage/doc/third-party.txt"
printf '\nnpm modules installed as they are, beside the windows (name, version: licence)\n\n' >> "$stage/doc/third-party.txt"
sort -u "$stage/doc/modules.txt" >> "$stage/doc/third-party.txt"
rm "$stage"/doc/*.meta.json "$stage/doc/modules.txt"

# The engine's and the notifier's data files.
notifier=packages/notifier/data
install_data "$notifier/ltsp-update-refresh.service" "$stage/systemd/ltsp-update-refresh.service"
install_data "$notifier/ltsp-update-refresh.timer" "$stage/systemd/ltsp-update-refresh.timer"
install_data packages/engine/data/org.ltsp.update-manager.policy "$stage/polkit/org.ltsp.update-manager.policy"
install_data "$notifier/99ltsp-update-apt-hook" "$stage/etc/apt/apt.conf.d/99ltsp-update"
install_data "$notifier/ltsp-update.default" "$stage/etc/default/ltsp-update"
install_data "$notifier/ltsp-update-notifier.desktop" "$stage/etc/xdg/autostart/ltsp-update-notifier.desktop"

# The windows' data files: launcher, metainfo, icon; GNOME's D-Bus activation.
share=$stage/gnome/usr/share data=apps/gnome/data
install_data "$data/org.ltsp.UpdateManager.desktop" "$share/applications/org.ltsp.UpdateManager.desktop"
install_data "$data/org.ltsp.UpdateManager.metainfo.xml" "$share/metainfo/org.ltsp.UpdateManager.metainfo.xml"
install_data "$data/org.ltsp.UpdateManager.service" "$share/dbus-1/services/org.ltsp.UpdateManager.service"
install_data "$data/icons/hicolor/scalable/apps/org.ltsp.UpdateManager.svg" "$share/icons/hicolor/scalable/apps/org.ltsp.UpdateManager.svg"
share=$stage/kde/usr/share data=apps/kde/data
install_data "$data/org.ltsp.UpdateManager.KDE.desktop" "$share/applications/org.ltsp.UpdateManager.KDE.desktop"
install_data "$data/org.ltsp.UpdateManager.KDE.metainfo.xml" "$share/metainfo/org.ltsp.UpdateManager.KDE.metainfo.xml"
install_data "$data/icons/hicolor/scalable/apps/org.ltsp.UpdateManager.KDE.svg" "$share/icons/hicolor/scalable/apps/org.ltsp.UpdateManager.KDE.svg"

# The manuals and completion the engine's build generates, when it does.
if [ -d packages/engine/dist/man ]; then cp -r packages/engine/dist/man "$stage/man"; fi
if [ -d packages/engine/dist/completion ]; then cp -r packages/engine/dist/completion "$stage/completion"; fi
