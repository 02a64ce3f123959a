#!/bin/sh
# glossary.sh -- one glossary (docs/glossary.md) for the Indonesian text,
# and no local path in the PDF.  Every msgstr of po/id.po and the
# Indonesian PDF of both examples must use none of the glossary's "Do not
# use (id)" words (pdf_glossary.py); the checker itself must refuse a
# message that does.  The PDF, in either language, must not print where
# the manifest or the evidence lie on this machine: not the manifest's
# path as given (absolute or relative), not its folder, not the evidence
# root given with --evidence-root.
# usage: glossary.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
unset LANGUAGE LC_ALL LC_MESSAGES LANG
glossary=$src/docs/glossary.md
checker=$src/tests/e2e/pdf_glossary.py
cd "$tmp" || exit 1

command -v python3 >/dev/null 2>&1 || skip_all "no python3"

# --- the messages ------------------------------------------------------
if python3 "$checker" "$glossary" po "$src/po/id.po" >"$tmp/po.out" 2>&1; then
    ok "every msgstr of po/id.po follows the glossary"
else
    not_ok "po/id.po uses words the glossary refuses: $(snip "$tmp/po.out")"
fi

# the checker finds what it must, and leaves the literal names alone
cat >"$tmp/bad.po" <<'EOF'
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

msgid "a"
msgstr "Dossier ini disusun dari manifest"

msgid "b"
msgstr "level 3 yang diklaim belum memiliki bukti"

msgid "c"
msgstr "tidak ada paket yang ditulis"
EOF
cat >"$tmp/good.po" <<'EOF'
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

msgid "a"
msgstr "jalankan 'dossier check'; lalu dossier scan %s/manifest.xml"

msgid "b"
msgstr "tambahkan level=\"N\" dengan --level, <dossier ...>, MANIFEST"

msgid "c"
msgstr "tidak diterima program dossier: kode level-unsupported, I4-L{level}-{NN}"

msgid "d"
msgstr "bukti dukungnya ada di folder bukti dukung"
EOF
python3 "$checker" "$glossary" po "$tmp/bad.po" >"$tmp/bad.out" 2>&1
if [ $? -eq 1 ] && [ "$(grep -c "not in the glossary" "$tmp/bad.out")" -eq 5 ]; then
    ok "the checker refuses dossier, manifest, level, bukti alone and paket"
else
    not_ok "the checker missed a refused word: $(snip "$tmp/bad.out")"
fi
if python3 "$checker" "$glossary" po "$tmp/good.po" >"$tmp/good.out" 2>&1; then
    ok "the checker leaves commands, options, XML, codes and file names alone"
else
    not_ok "the checker refused a literal name: $(snip "$tmp/good.out")"
fi

# --- the PDFs --------------------------------------------------------------
command -v pdftotext >/dev/null 2>&1 || skip_all "no pdftotext"
for ex in example example-pemdi; do
    m=$src/templates/$ex/manifest.xml
    root=$src/templates/$ex/bukti
    # default language (id), the manifest by its absolute path
    run "render $ex" "$dossier" render "$m" -o "$tmp/$ex-id.pdf" --no-thumbnails
    if [ "$status" -ne 0 ]; then
        not_ok "render $ex exits $status: $(snip "$tmp/err")"
        continue
    fi
    pdftotext "$tmp/$ex-id.pdf" "$tmp/$ex-id.txt"
    if python3 "$checker" "$glossary" text "$tmp/$ex-id.txt" >"$tmp/t.out" 2>&1; then
        ok "the Indonesian PDF of $ex follows the glossary"
    else
        not_ok "the Indonesian PDF of $ex: $(snip "$tmp/t.out")"
    fi
    if grep -F -q -e "$src" "$tmp/$ex-id.txt"; then
        not_ok "the PDF of $ex prints the manifest's absolute path"
    else
        ok "the PDF of $ex does not print the manifest's absolute path"
    fi
    # a manifest named by a relative path, an evidence root by an absolute
    # one, in both languages
    mkdir -p "$tmp/cwd/$ex"
    cp "$m" "$tmp/cwd/$ex/manifest.xml"
    for lang in id en; do
        out=$tmp/$ex-$lang-path.pdf
        (cd "$tmp/cwd" && "$dossier" render "$ex/manifest.xml" \
            --evidence-root "$root" --lang "$lang" --no-thumbnails \
            -o "$out" >/dev/null 2>"$tmp/err")
        status=$?
        if [ "$status" -ne 0 ]; then
            not_ok "render $ex --lang $lang exits $status: $(snip "$tmp/err")"
            continue
        fi
        pdftotext "$out" "$tmp/path.txt"
        qpdf --qdf --object-streams=disable "$out" "$tmp/path.qdf" 2>/dev/null ||
            cp "$out" "$tmp/path.qdf"
        leak=
        for p in "$src" "$tmp" "$root" "$ex/manifest.xml" "templates/"; do
            if grep -F -q -e "$p" "$tmp/path.txt" ||
                grep -a -F -q -e "$p" "$tmp/path.qdf"; then
                leak="$leak '$p'"
            fi
        done
        if [ -z "$leak" ]; then
            ok "the $lang PDF of $ex prints no local path"
        else
            not_ok "the $lang PDF of $ex prints the local path$leak"
        fi
    done
    # both renders above must still name the manifest, by its file name
    if grep -q "(manifest.xml)" "$tmp/path.txt"; then
        ok "appendix A of $ex names the manifest by its file name"
    else
        not_ok "appendix A of $ex does not name manifest.xml"
    fi
done
finish
