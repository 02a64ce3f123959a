#!/bin/sh
# update-po.sh -- extract the translatable messages from the sources into
# po/dossier.pot and merge them into every po/<lang>.po.  Run after
# changing or adding user-facing messages, then translate the new entries.
set -eu
cd "$(dirname "$0")/.."

find src -name '*.c' | LC_ALL=C sort > po/POTFILES
# dsr_error_set() and dsr_error_sys() translate their message themselves
# (error.c), so their format arguments are messages too
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
    --keyword=dsr_error_set:5 --keyword=dsr_error_sys:4 \
    --flag=dsr_error_set:5:c-format --flag=dsr_error_sys:4:c-format \
    --add-comments=TRANSLATORS: --package-name=dossier \
    --no-wrap \
    --files-from=po/POTFILES -o po/dossier.pot
# the finding codes' descriptions, the fourth argument of X() in the
# table of include/dossier/finding.h, translated by 'help codes'
xgettext --from-code=UTF-8 --language=C --keyword= --keyword=X:4 \
    --package-name=dossier --no-wrap --join-existing \
    -o po/dossier.pot include/dossier/finding.h
# the generic texts of the error codes, X()'s second argument in error.h
xgettext --from-code=UTF-8 --language=C --keyword= --keyword=X:2 \
    --package-name=dossier --no-wrap --join-existing \
    -o po/dossier.pot include/dossier/error.h
for po in po/*.po; do
    msgmerge --quiet --update --backup=none --no-wrap --no-fuzzy-matching \
        "$po" po/dossier.pot
    # messages no longer in the code are dropped, not kept as #~
    msgattrib --no-obsolete --no-wrap -o "$po" "$po"
done
rm -f po/POTFILES
echo "update-po: $(grep -c '^msgid ' po/dossier.pot) messages"
