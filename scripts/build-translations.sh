#!/bin/sh
# Merges the translations of po/ at build time, for a checkout and for the Debian packages:
#   OUT/locale/LL/LC_MESSAGES/ltsp-update.mo   one catalogue per language of po/LINGUAS
#   OUT/data/BASENAME                          each file of po/POTFILES.data with its translations
#                                              merged in (desktop entries: Name[LL]=…; metainfo and
#                                              the polkit policy: xml:lang elements)
# The sources stay where they are; OUT/data/BASENAME stands in for the source of that basename.
# Nothing is done when no input changed since the last run into OUT (a checksum of them all).
# usage: sh scripts/build-translations.sh [OUT]   (default OUT: build/i18n, relative to the checkout)
set -eu
cd "$(dirname "$0")/.."
out=${1:-build/i18n}
languages=$(sed -e 's/#.*//' po/LINGUAS | tr -s ' \t' '\n\n' | sed '/^$/d')
data=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' po/POTFILES.data)
# shellcheck disable=SC2086 # word splitting of the file lists is wanted
sum=$(cat scripts/build-translations.sh po/LINGUAS po/POTFILES.data po/its/* $(for ll in $languages; do echo "po/$ll.po"; done) $data | sha256sum | cut -d' ' -f1)
if [ -f "$out/.inputs" ] && [ "$(cat "$out/.inputs")" = "$sum" ]; then
    exit 0
fi
rm -f "$out/.inputs"
for ll in $languages; do
    mkdir -p "$out/locale/$ll/LC_MESSAGES"
    msgfmt --check --output-file="$out/locale/$ll/LC_MESSAGES/ltsp-update.mo" "po/$ll.po"
done
mkdir -p "$out/data"
for file in $data; do
    case $file in
        *.desktop) msgfmt --desktop -d po --template="$file" --output-file="$out/data/${file##*/}" ;;
        # po/its holds the polkit rules; metainfo's come with gettext and appstream.
        *) GETTEXTDATADIRS=$(pwd)/po msgfmt --xml -d po --template="$file" --output-file="$out/data/${file##*/}" ;;
    esac
done
echo "$sum" > "$out/.inputs"
