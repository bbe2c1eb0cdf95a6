#!/bin/sh
# Installs what the project needs on Debian 12 and builds it; whatever is already there is skipped.
# usage: sh scripts/setup.sh [--test]    (--test adds what the test suite needs)
set -eu
cd "$(dirname "$0")/.."

# command:package pairs; a command already on PATH means nothing to install.
needs="debootstrap:debootstrap mount:mount chroot:coreutils setarch:util-linux flock:util-linux
g++:g++ make:make python3:python3"
# qemu for the emulation tests, Xvfb and xauth for exec --x11, Debian's LTSP for the kernel and image steps.
test_needs="qemu-aarch64-static:qemu-user-static Xvfb:xvfb xauth:xauth mcookie:util-linux ltsp:ltsp mksquashfs:squashfs-tools"
[ "${1:-}" = --test ] && needs="$needs $test_needs"

missing=""
for pair in $needs; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
# Debian's release data, which release upgrades read (no command to look for).
[ -f /usr/share/distro-info/debian.csv ] || missing="$missing distro-info-data"
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "setup: these Debian packages are missing:$missing; run this as root (sudo npm …)" >&2
        exit 77
    fi
    echo "setup: installing$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# npm dependencies (with fs-ext's native build), only when the lock file changed.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
fi

npx turbo run build --output-logs=errors-only

# The commands on PATH, and the notifier's system parts: the refresh job's units, its
# settings, the apt hook and the session autostart entry (as root only).
if [ "$(id -u)" = 0 ]; then
    data=packages/notifier/data
    ln -sfn "$PWD/packages/engine/bin/ltsp-chroot.js" /usr/local/bin/ltsp-chroot
    ln -sfn "$PWD/packages/notifier/bin/ltsp-update-notifier.js" /usr/local/bin/ltsp-update-notifier
    install -D -m 644 "$data/ltsp-update-refresh.service" /etc/systemd/system/ltsp-update-refresh.service
    install -D -m 644 "$data/ltsp-update-refresh.timer" /etc/systemd/system/ltsp-update-refresh.timer
    install -D -m 644 "$data/99ltsp-update-apt-hook" /etc/apt/apt.conf.d/99ltsp-update
    install -D -m 644 "$data/ltsp-update-notifier.desktop" /etc/xdg/autostart/ltsp-update-notifier.desktop
    # The administrator's settings are never overwritten.
    [ -f /etc/default/ltsp-update ] || install -D -m 644 "$data/ltsp-update.default" /etc/default/ltsp-update
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload && systemctl enable --now ltsp-update-refresh.timer >/dev/null 2>&1 || true
    fi
fi
