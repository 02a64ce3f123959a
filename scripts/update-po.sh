#!/bin/sh
# update-po.sh -- extract the translatable messages from the sources into
# po/dossier.pot and merge them into every po/<lang>.po.  Run after
# changing or adding user-facing messages, then translate the new entries.
set -eu
cd "$(dirname "$0")/.."

find src -name '*.c' | LC_ALL=C sort > po/POTFILES
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
    --add-comments=TRANSLATORS: --package-name=dossier \
    --no-wrap \
    --files-from=po/POTFILES -o po/dossier.pot
for po in po/*.po; do
    msgmerge --quiet --update --backup=none --no-wrap --no-fuzzy-matching \
        "$po" po/dossier.pot
    # messages no longer in the code are dropped, not kept as #~
    msgattrib --no-obsolete --no-wrap -o "$po" "$po"
done
rm -f po/POTFILES
echo "update-po: $(grep -c '^msgid ' po/dossier.pot) messages"
