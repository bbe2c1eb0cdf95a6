#!/bin/sh
# Installs what the project needs on Debian 12 and builds it; whatever is already there is skipped.
# usage: sh scripts/setup.sh [--test]    (--test adds what the test suite needs)
set -eu
cd "$(dirname "$0")/.."

# Debian packages the project needs: the engine's tools (systemd-nspawn confines every command
# run inside a chroot; lsinitramfs reads a new image's initrd for the boot check), a C++ toolchain for the native
# addons (fs-ext, node-gtk, nodegui), GTK 4 and libadwaita for the GNOME window, Qt 6 and cmake
# for the KDE window's nodegui addon (and GLib's development files for its glib-watch addon), distro-info-data, and pkexec (with polkitd), through which
# both windows, never root themselves, ask ltsp-chroot to act; debhelper and gettext to build the
# Debian packages, with their translations, that the set-up installs.
needs="debootstrap mount util-linux coreutils systemd-container initramfs-tools-core g++ make python3 pkg-config distro-info-data
libgirepository1.0-dev libcairo2-dev gir1.2-gtk-4.0 gir1.2-adw-1 libharfbuzz-gobject0
cmake qt6-base-dev qt6-svg-dev qt6-qpa-plugins libglib2.0-dev pkexec debhelper gettext"
# For the tests: qemu for emulation, Xvfb and xauth for windows and exec --x11, Debian's LTSP
# for the kernel and image steps, D-Bus, AT-SPI and imagemagick to drive and photograph windows,
# lintian and dpkg-repack to check the Debian packages and install them into a disposable server, the icon themes,
# validators (desktop-file-validate, appstreamcli), xprop and gdbus, zsh and man for the manuals and completion,
# strace to count the programs a check starts.
test_needs="qemu-user-static xvfb xauth ltsp squashfs-tools dbus dbus-x11 at-spi2-core lintian dpkg-repack
python3-pyatspi gir1.2-atspi-2.0 imagemagick xdotool adwaita-icon-theme breeze-icon-theme desktop-file-utils
appstream x11-utils libglib2.0-bin zsh man-db groff-base strace"
[ "${1:-}" = --test ] && needs="$needs $test_needs"

# Every stage says what it does as it starts: on a fresh machine the whole takes 10 to 20 minutes.
# Nothing here phones home: turbo's telemetry is off (npm's audit and funding calls too).
export TURBO_TELEMETRY_DISABLED=1

missing=""
for package in $needs; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing="$missing $package"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "setup: these Debian packages are missing:$missing; run this as root (sudo npm …)" >&2
        exit 77
    fi
    echo "setup: [1/5] Debian packages: installing$missing (a few minutes on a fresh machine)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "setup: [1/5] Debian packages: all there"
fi
# The translations' tests run the CLI and a window in Greek and Catalan: GNU gettext (and GLib)
# translate only under a locale the C library has, so those two are generated once.
if [ "${1:-}" = --test ] && [ "$(id -u)" = 0 ]; then
    for locale in el_GR ca_ES; do
        locale -a | grep -qx "$locale.utf8" || localedef -i "$locale" -f UTF-8 "$locale.UTF-8"
    done
fi

# npm dependencies (with fs-ext's and node-gtk's native builds), only when the lock file changed.
# The KDE window's native addons are left to the next stage, which can say how long they take.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: [2/5] npm dependencies: npm ci (about 2 minutes)"
    LTSP_UPDATE_ADDON_LATER=1 npm ci --no-audit --no-fund
else
    echo "setup: [2/5] npm dependencies: up to date"
fi
# The KDE window's addons: nodegui's, built against this Qt, and glib-watch, which turns Qt only
# when it has work. Each a no-op when it is in place, a copy from the build cache when Qt, GLib
# or node changed, else a source build (nodegui's about 8 minutes on 2 cores; glib-watch seconds).
echo "setup: [3/5] the KDE window's native addons"
node apps/kde/native/build-addon.mjs

echo "setup: [4/5] building the workspaces"
npx turbo run build --output-logs=errors-only

# As root, the Debian packages built from this checkout (scripts/build-debs.sh; nothing is rebuilt
# when their files are unchanged) and installed with apt (scripts/install-debs.sh; skipped when
# the installed ones are these builds): the programs, the polkit actions, the units, the desktop
# entries and the settings are then where the packages put them, as a user's would be. Remove
# them with `apt purge ltsp-update-manager ltsp-update-gnome ltsp-update-kde`.
if [ "$(id -u)" = 0 ]; then
    echo "setup: [5/5] the Debian packages: build and install"
    sh scripts/build-debs.sh
    sh scripts/install-debs.sh
fi
