#!/bin/sh
# Writes po/ltsp-update.pot, the template translators work from: every string the windows and
# their shared model mark with _(), gettext() or ngettext(). Run it after changing a string;
# test/i18n/pot.test.ts fails while the template misses one.
# usage: sh scripts/update-pot.sh [OUTPUT]
set -eu
cd "$(dirname "$0")/.."
output=${1:-po/ltsp-update.pot}
# Sorted, so the template changes only when a string does.
sources=$(ls apps/gnome/src/*.ts apps/kde/src/*.ts packages/engine/src/view-model/*.ts 2>/dev/null | sort)
xgettext --from-code=UTF-8 --language=JavaScript --keyword=_ --keyword=gettext --keyword=ngettext:1,2 \
    --add-comments=TRANSLATORS: --package-name=ltsp-update --sort-by-file \
    --output="$output" $sources
