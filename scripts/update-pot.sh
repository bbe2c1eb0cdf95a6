#!/bin/sh
# Writes po/ltsp-update.pot, the template translators work from: every string the windows, their
# shared model, the CLI and the notifier mark with _(), _f(), _n(), N_(), Nn_(), gettext() or ngettext()
# (packages/engine/src/text/i18n.ts), then the words of the desktop entries, the metainfo and the
# polkit policy (scripts/build-translations.sh merges them back). Run it after changing a string;
# test/i18n/pot.test.ts fails while the template misses one.
# usage: sh scripts/update-pot.sh [OUTPUT]
set -eu
cd "$(dirname "$0")/.."
output=${1:-po/ltsp-update.pot}
# Sorted, so the template changes only when a string does.
sources=$(find apps/gnome/src apps/kde/src packages/engine/src packages/notifier/src -name '*.ts' | LC_ALL=C sort)
data=$(LC_ALL=C sort po/POTFILES.data)
xgettext --from-code=UTF-8 --language=JavaScript --keyword=_ --keyword=_f:1 --keyword=_n:1,2 --keyword=N_ --keyword=Nn_:1,2 \
    --keyword=gettext --keyword=ngettext:1,2 --add-comments=TRANSLATORS: --package-name=ltsp-update --sort-by-file \
    --output="$output" $sources
# Desktop entries: Name, GenericName, Comment and Keywords (xgettext knows the format).
# Metainfo and the polkit policy: through the ITS rules in po/its (po/its/ltsp-update.loc says which).
GETTEXTDATADIRS=$(pwd)/po xgettext --from-code=UTF-8 --add-comments --package-name=ltsp-update --sort-by-file \
    --join-existing --output="$output" $data
