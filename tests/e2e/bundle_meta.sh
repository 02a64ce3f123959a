#!/bin/sh
# bundle_meta.sh -- every bundle carries metadata/arsip.xml and
# metadata/events.xml (r22-anri): both validate against their schemas,
# say what the manifest and the bag say, are covered by the tag
# manifest, stay byte-identical with SOURCE_DATE_EPOCH, and hold no
# secret and no local path.
# usage: bundle_meta.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000
schemas=$src/templates/schemas
limit=120

if ! command -v xmllint >/dev/null 2>&1; then
    skip_all "xmllint is not installed (libxml2-utils)"
fi

# attr FILE ELEMENT ATTR: the attribute's value, through xmllint's XPath
attr() {
    xmllint --xpath "string(//*[local-name()='$2']/@$3)" "$1" 2>/dev/null
}
# elem FILE ELEMENT: the element's text
elem() {
    xmllint --xpath "string(//*[local-name()='$2'])" "$1" 2>/dev/null
}
# same NAME GOT WANT
same() {
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: '$2', want '$3'"; fi
}

for ex in example example-pemdi; do
    m=$src/templates/example/manifest.xml
    [ "$ex" = example-pemdi ] && m=$src/templates/example-pemdi/manifest.xml
    b=$tmp/$ex
    run "$ex: pack" "$dossier" pack "$m" -o "$b"
    expect "$ex: pack" 0
    a=$b/metadata/arsip.xml
    e=$b/metadata/events.xml
    for f in "$a" "$e"; do
        name=$(basename "$f" .xml)
        if xmllint --noout --nonet --schema "$schemas/$name.xsd" "$f" \
            >/dev/null 2>"$tmp/lint"; then
            ok "$ex: $name.xml validates against $name.xsd"
        else not_ok "$ex: $name.xml: $(snip "$tmp/lint")"; fi
        if grep -q "^[0-9a-f]*  metadata/$name.xml\$" "$b"/tagmanifest-*.txt; then
            ok "$ex: the tag manifest lists metadata/$name.xml"
        else not_ok "$ex: metadata/$name.xml not in the tag manifest"; fi
    done

    # the folder metadata/ is covered through its files
    run "$ex: verify" "$dossier" verify "$b"
    expect "$ex: verify passes with metadata/" 0

    # jumlah is the Payload-Oxum; tanggal the Bagging-Date
    oxum=$(sed -n 's/^Payload-Oxum: //p' "$b/bag-info.txt" | tr -d '\r')
    same "$ex: jumlah is the Payload-Oxum" \
        "$(attr "$a" jumlah bita).$(attr "$a" jumlah berkas)" "$oxum"
    same "$ex: tanggal is the Bagging-Date" "$(elem "$a" tanggal)" \
        "$(sed -n 's/^Bagging-Date: //p' "$b/bag-info.txt")"
    same "$ex: nomor-arsip is the bundle id" "$(elem "$a" nomor-arsip)" \
        "$(sed -n 's/^External-Identifier: //p' "$b/bag-info.txt")"
    same "$ex: pencipta-arsip is the instance" "$(elem "$a" pencipta-arsip)" \
        "$(xmllint --xpath "string(//*[local-name()='instance']/@name)" "$m")"
    same "$ex: kurun-waktu is the period" \
        "$(attr "$a" kurun-waktu dari) $(attr "$a" kurun-waktu sampai)" \
        "$(attr "$m" period from) $(attr "$m" period to)"
    same "$ex: the classification is the manifest's" \
        "$(elem "$a" kode-klasifikasi) $(elem "$a" klasifikasi-akses) $(elem "$a" klasifikasi-keamanan)" \
        "$(attr "$m" archive classification) $(attr "$m" archive access) $(attr "$m" archive security)"
    same "$ex: bahasa is Indonesian by default" "$(attr "$a" bahasa kode)" id

    # the event log: every payload file with the payload manifest's digest
    sed -n 's/^\([0-9a-f]*\)  \(.*\)$/\2 \1/p' "$b/manifest-sha512.txt" | sort >"$tmp/want"
    xmllint --xpath "//*[local-name()='file']" "$e" 2>/dev/null |
        sed -n 's/.*path="\([^"]*\)" digest="\([^"]*\)".*/\1 \2/p' | sort >"$tmp/got"
    if [ -s "$tmp/want" ] && cmp -s "$tmp/want" "$tmp/got"; then
        ok "$ex: events.xml lists every payload digest of manifest-sha512.txt"
    else not_ok "$ex: events.xml digests differ from the payload manifest"; fi
    same "$ex: the algorithm is the manifest's" "$(attr "$e" fixity algorithm)" sha512
    same "$ex: the tool version is --version's" "dossier $(elem "$e" version)" \
        "$("$dossier" --version | head -n 1)"
    same "$ex: the event date is SOURCE_DATE_EPOCH" "$(elem "$e" eventDateTime)" \
        "2023-11-14T22:13:20Z"

    # nothing secret, no local path
    leak=''
    for s in $(sed -n 's/.* secret="\([^"]*\)".*/\1/p' "$m" | sort -u); do
        grep -qF -- "$s" "$a" "$e" && leak="$leak $s"
    done
    for p in "$src" "$tmp" "${HOME:-/nonexistent-home}"; do
        grep -qF -- "$p" "$a" "$e" && leak="$leak $p"
    done
    if [ -z "$leak" ]; then ok "$ex: no secret and no local path in the metadata"
    else not_ok "$ex: the metadata holds$leak"; fi

    # byte-identical across two packs
    run "$ex: pack again" "$dossier" pack "$m" -o "$b-2"
    if cmp -s "$a" "$b-2/metadata/arsip.xml" && cmp -s "$e" "$b-2/metadata/events.xml"; then
        ok "$ex: the metadata is byte-identical across two packs"
    else not_ok "$ex: the metadata differs between two packs"; fi
done

# the example gives the full retention; the Pemdi example none of it
same "example: retensi from the manifest" \
    "$(attr "$tmp/example/metadata/arsip.xml" retensi aktif) $(attr "$tmp/example/metadata/arsip.xml" retensi inaktif) $(attr "$tmp/example/metadata/arsip.xml" retensi nasib-akhir)" \
    "2 8 permanen"
same "example-pemdi: retensi marked not given" \
    "$(attr "$tmp/example-pemdi/metadata/arsip.xml" retensi diberikan)" tidak

# a bad classification stops pack with its finding
sed 's/access="terbatas"/access="publik"/' "$src/templates/example/manifest.xml" \
    >"$tmp/bad.xml"
cp -R "$src/templates/example/bukti" "$tmp/bukti"
run "bad access" "$dossier" check --format json "$tmp/bad.xml"
code "bad access" archive-invalid
run "pack with a bad access" "$dossier" pack "$tmp/bad.xml" -o "$tmp/bad"
expect "pack with a bad access" 1
if [ -e "$tmp/bad" ]; then not_ok "a bundle was written"; else ok "no bundle written"; fi

# init writes the element commented out; uncommented as it is, it checks
run "init" "$dossier" init "$tmp/ws" --instance "Pemerintah Kabupaten Uji" --year 2025
expect "init" 0
has "init writes <archive> commented out" '<!-- <archive classification="" access="terbatas"' \
    "$tmp/ws/manifest.xml"
sed 's/<!-- \(<archive [^>]*>\) -->/\1/' "$tmp/ws/manifest.xml" >"$tmp/ws/m2.xml"
has "the line uncomments" '^  <archive ' "$tmp/ws/m2.xml"
run "check the uncommented skeleton" "$dossier" check --format json "$tmp/ws/m2.xml"
lacks "empty values are not given, not wrong" 'archive-invalid\|retention-invalid'

finish
