#!/bin/sh
# Runs COMMAND as USER the way a person's session runs the update windows: unprivileged, reaching
# the engine through the real pkexec and a real polkit. Meant to run inside
#   unshare --mount --pid --fork --kill-child --mount-proc --propagation private
# so that the system bus, polkitd and every mount below vanish with it, and the host's own
# /run/dbus, polkit rules, /etc/ltsp and /var/lib/ltsp-update are never touched.
# usage: polkit-sandbox.sh RULES_DIR LTSP_CONF STATE_DIR REPO USER -- COMMAND…
# In COMMAND, the repository is at /mnt/repo (USER may not be able to reach REPO itself).
set -eu
rules=$1 conf=$2 state=$3 repo=$4 user=$5
shift 6

# A system bus of our own; pkexec finds it at the fixed path (a setuid program ignores
# DBUS_SYSTEM_BUS_ADDRESS), and the bus starts polkitd when pkexec first asks for it.
mount -t tmpfs -o mode=755 tmpfs /run/dbus
mount --bind "$rules" /etc/polkit-1/rules.d
# The engine under pkexec gets a clean environment: it finds the test's chroots and state
# where an installed system keeps them.
mount -t tmpfs -o mode=755 tmpfs /etc/ltsp
cp "$conf" /etc/ltsp/ltsp.conf
mkdir -p /var/lib/ltsp-update
mount --bind "$state" /var/lib/ltsp-update
mount -t tmpfs -o mode=755 tmpfs /mnt
mkdir /mnt/repo
mount --bind "$repo" /mnt/repo
dbus-daemon --system --fork

# Not exec: pkexec refuses a caller whose parent is pid 1 ("Refusing to render service to dead
# parents"), so COMMAND runs as a child and this shell waits, passing on a TERM.
setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups "$@" &
child=$!
trap 'kill -TERM $child 2>/dev/null' TERM INT
wait $child || true
wait $child
