# shellcheck shell=sh
# faults-lib.sh -- small manifests and checks shared by faults.sh and
# unprivileged.sh (POSIX sh).  Sourced after lib.sh.

# manifest DIR [INDICATOR-XML...]: DIR/m.xml with evidence root DIR/bukti
manifest() {
    d=$1
    shift
    mkdir -p "$d/bukti"
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo '<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">'
        echo '  <instance name="Kabupaten Uji"/>'
        echo '  <evidence-root path="bukti"/>'
        for x in "$@"; do printf '  %s\n' "$x"; done
        echo '</dossier>'
    } >"$d/m.xml"
}

# pdf FILE: a small file that starts like a PDF
pdf() { printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 1 1] >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' >"$1"; }

# evidence ID FILE: indicator ID, claimed level 2, with one evidence entry
evidence() {
    printf '%s' "<indicator id=\"$1\"><assessment stage=\"mandiri\" level=\"2\">x</assessment><evidence file=\"$2\" level=\"2\">t</evidence></indicator>"
}

# nothing_published NAME OUTDIR: no OUTDIR and no OUTDIR.tmp-* beside it
nothing_published() {
    if [ -e "$2" ]; then not_ok "$1: $2 exists"; else ok "$1: no $(basename "$2")"; fi
    if find "$(dirname "$2")" -maxdepth 1 -name "$(basename "$2").tmp-*" | grep -q .
    then not_ok "$1: a temporary directory was left"
    else ok "$1: no temporary directory left"; fi
}
