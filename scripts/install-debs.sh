#!/bin/sh
# Installs the packages scripts/build-debs.sh built (build/deb/*.deb) with apt, as root; a package
# already installed with the same version, files, conffiles, maintainer scripts and dependencies
# is left as it is. First it takes away what an earlier set-up installed by hand (before the
# packages): links into a checkout, and copies that are byte for byte this checkout's, no
# package's own. Anything else there (an administrator's edit) stays, and a conffile the
# administrator changed keeps the administrator's version.
# usage: sh scripts/install-debs.sh
set -eu
cd "$(dirname "$0")/.."

# An earlier set-up's links and copies: gone when they are ours.
removed=0
for pair in ltsp-chroot:packages/engine/bin/ltsp-chroot.js ltsp-update-notifier:packages/notifier/bin/ltsp-update-notifier.js \
    ltsp-update-gnome:apps/gnome/bin/ltsp-update-gnome.js ltsp-update-kde:apps/kde/bin/ltsp-update-kde.js; do
    link=/usr/local/bin/${pair%%:*}
    case $(readlink "$link" 2>/dev/null) in
        */"${pair#*:}") rm -f "$link"; removed=$((removed + 1)) ;;
    esac
done
notifier=packages/notifier/data gnome=apps/gnome/data kde=apps/kde/data
for pair in \
    /usr/share/polkit-1/actions/org.ltsp.update-manager.policy:packages/engine/data/org.ltsp.update-manager.policy \
    /usr/share/applications/org.ltsp.UpdateManager.desktop:$gnome/org.ltsp.UpdateManager.desktop \
    /usr/share/metainfo/org.ltsp.UpdateManager.metainfo.xml:$gnome/org.ltsp.UpdateManager.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/org.ltsp.UpdateManager.svg:$gnome/icons/hicolor/scalable/apps/org.ltsp.UpdateManager.svg \
    /usr/share/applications/org.ltsp.UpdateManager.KDE.desktop:$kde/org.ltsp.UpdateManager.KDE.desktop \
    /usr/share/metainfo/org.ltsp.UpdateManager.KDE.metainfo.xml:$kde/org.ltsp.UpdateManager.KDE.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/org.ltsp.UpdateManager.KDE.svg:$kde/icons/hicolor/scalable/apps/org.ltsp.UpdateManager.KDE.svg \
    /etc/systemd/system/ltsp-update-refresh.service:$notifier/ltsp-update-refresh.service \
    /etc/systemd/system/ltsp-update-refresh.timer:$notifier/ltsp-update-refresh.timer \
    /etc/apt/apt.conf.d/99ltsp-update:$notifier/99ltsp-update-apt-hook \
    /etc/xdg/autostart/ltsp-update-notifier.desktop:$notifier/ltsp-update-notifier.desktop \
    /etc/default/ltsp-update:$notifier/ltsp-update.default; do
    file=${pair%%:*} ours=${pair#*:}
    [ -f "$file" ] && [ ! -L "$file" ] || continue
    # A package's file (ours installed, or anybody's) is dpkg's business.
    dpkg-query -S "$file" >/dev/null 2>&1 && continue
    # Set-ups before the packages installed these naming /usr/local/bin/ltsp-chroot, their link.
    if cmp -s "$file" "$ours" || sed 's#/usr/sbin/ltsp-chroot#/usr/local/bin/ltsp-chroot#g' "$ours" | cmp -s "$file" -; then
        rm -f "$file"; removed=$((removed + 1))
    else
        echo "install-debs: $file is not this checkout's copy; left in place" >&2
    fi
done
# systemctl enable's link to the unit copy taken away above.
wants=/etc/systemd/system/timers.target.wants/ltsp-update-refresh.timer
if [ "$(readlink "$wants" 2>/dev/null)" = /etc/systemd/system/ltsp-update-refresh.timer ] && [ ! -e /etc/systemd/system/ltsp-update-refresh.timer ]; then
    rm -f "$wants"; removed=$((removed + 1))
fi
[ "$removed" -eq 0 ] || echo "install-debs: took away $removed links and copies of an earlier set-up (the packages install them now)"

# The packages that differ from what dpkg has installed.
changed=""
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for deb in build/deb/*.deb; do
    package=$(dpkg-deb -f "$deb" Package)
    same=yes
    [ "$(dpkg-query -W -f='${Status} ${Version} ${Depends}' "$package" 2>/dev/null)" = "install ok installed $(dpkg-deb -f "$deb" Version) $(dpkg-deb -f "$deb" Depends)" ] || same=no
    if [ "$same" = yes ]; then
        rm -rf "$scratch/control" && dpkg-deb -e "$deb" "$scratch/control"
        for file in "$scratch"/control/*; do
            [ "${file##*/}" = control ] || cmp -s "$file" "/var/lib/dpkg/info/$package.${file##*/}" || same=no
        done
        # dpkg keeps each conffile's checksum as the package shipped it.
        if [ -f "$scratch/control/conffiles" ]; then
            while read -r conffile; do
                shipped=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ".$conffile" | md5sum | cut -d' ' -f1)
                dpkg-query -W -f='${Conffiles}\n' "$package" | grep -qx " $conffile $shipped" || same=no
            done < "$scratch/control/conffiles"
        fi
    fi
    [ "$same" = yes ] || changed="$changed ./$deb"
done
if [ -z "$changed" ]; then
    echo "install-debs: the installed packages are these builds"
    exit 0
fi
echo "install-debs: installing$changed"
# shellcheck disable=SC2086 # one word a package
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $changed > build/deb/install.log 2>&1 \
    || { tail -30 build/deb/install.log >&2; echo "install-debs: apt-get install failed; the whole log is build/deb/install.log" >&2; exit 1; }
