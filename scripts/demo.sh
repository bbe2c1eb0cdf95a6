#!/bin/sh
# The main job on a real chroot: the host's own LTSP chroots when it has any, else a demo
# base dir with a small Debian chroot, made once in a cache folder outside the repo.
set -eu
cd "$(dirname "$0")/.."
# The installed engine (scripts/setup.sh, as root, installs the packages it built).
ltsp_chroot=/usr/sbin/ltsp-chroot
if [ ! -x "$ltsp_chroot" ]; then
    echo "demo: $ltsp_chroot is not installed: run this as root (sudo npm start), which installs the packages" >&2
    exit 77
fi

demo_chroot=""
if $ltsp_chroot list >/dev/null 2>&1; then
    base_args=""
    echo "== The chroots of this LTSP server"
else
    demo=${LTSP_UPDATE_DEMO:-/var/cache/ltsp-update-demo}
    base="$demo/srv/ltsp"
    if [ ! -d "$base/bookworm" ]; then
        echo "== No LTSP chroots here: making a demo one in $base (debootstrap, about a minute, once)"
        read -r mirror security _ <<MIRRORS
$(node scripts/host-mirror.mjs)
MIRRORS
        # With the -updates and -security pockets, so it has real pending security updates.
        cached=$(sh test/fixtures/make-chroot.sh bookworm amd64 updates "$mirror" "$security")
        mkdir -p "$base"
        cp -a "$cached" "$base/bookworm.partial"
        mv "$base/bookworm.partial" "$base/bookworm"
    fi
    base_args="--base-dir $base --state-dir $demo/state"
    demo_chroot=bookworm
    echo "== The demo chroots in $base"
fi

echo "\$ ltsp-chroot list"
$ltsp_chroot list $base_args
first=$($ltsp_chroot list --json $base_args | node -e '
    const result = JSON.parse(require("fs").readFileSync(0, "utf8").trim().split("\n").at(-1));
    const runnable = result.chroots.find((chroot) => chroot.verdict === "native" || chroot.verdict === "compatible");
    process.stdout.write(runnable ? runnable.name : "");')
if [ -n "$first" ]; then
    echo
    echo "\$ ltsp-chroot exec $first -- sh -c '…'"
    $ltsp_chroot exec $base_args "$first" -- sh -c '. /etc/os-release; echo "Inside $PRETTY_NAME ($(dpkg --print-architecture)); /proc holds $(ls /proc | wc -l) entries"; invoke-rc.d --query ssh start 2>/dev/null; echo "invoke-rc.d ssh start: exit $? (101: daemons may not start here)"'
fi

echo
echo "\$ ltsp-chroot check --all"
$ltsp_chroot check --all $base_args || true
# Only the demo's own chroot is upgraded here; a server's real chroots are left for the administrator.
if [ -n "${demo_chroot:-}" ]; then
    echo
    echo "\$ ltsp-chroot upgrade $demo_chroot --yes"
    $ltsp_chroot upgrade "$demo_chroot" --yes $base_args
    echo
    echo "\$ ltsp-chroot status"
    $ltsp_chroot status $base_args
fi
