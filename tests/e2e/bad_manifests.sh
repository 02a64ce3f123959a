# shellcheck shell=sh
# bad_manifests.sh -- the malformed manifests of issue 19 (every XML syntax
# and schema problem a person makes), for check_bad_input.sh (the
# Indonesian message of each, no libxml2 text) and lang.sh (no English).
# Sourced; bad_manifests DIR writes DIR/NAME.xml for every case and
# DIR/cases, one line per case: NAME, a tab, a part of its message in
# Indonesian (the default language).

bad_manifests() {
    _d=$1
    mkdir -p "$_d"
    : >"$_d/cases"
    _root='<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" year="2024">'
    _inst='<instance name="Kabupaten Uji"/>'
    # _case NAME EXPECTED CONTENT: CONTENT through printf %b
    _case() {
        printf '%b' "$3" >"$_d/$1.xml"
        printf '%s\t%s\n' "$1" "$2" >>"$_d/cases"
    }
    _ind() { printf '%s\n%s\n<indicator id="1">\n%s\n</indicator>\n</dossier>\n' "$_root" "$_inst" "$1"; }

    # ---- syntax
    _case amp-owner "kolom 32: '&' di dalam teks atau nama harus ditulis '&amp;' (di dekat \"Hukum & HAM\")" \
        "$_root\n$_inst\n<indicator id=\"1\" owner=\"Hukum & HAM\"/>\n</dossier>\n"
    _case lt-text "'<' di dalam teks atau nilai harus ditulis '&lt;'" \
        "$(_ind '<assessment stage="mandiri" level="2">nilai < 3</assessment>')"
    _case mismatch "</assesment> tidak menutup <assessment> yang dibuka di baris 4: tulis </assessment>" \
        "$(_ind '<assessment stage="mandiri" level="2">x</assesment>')"
    _case unclosed "berkas berakhir sebelum <indicator> (dibuka di baris 3) ditutup" \
        "$_root\n$_inst\n<indicator id=\"1\">\n"
    _case unquoted "nilai name harus diapit tanda kutip: tulis name=\"...\"" \
        "$_root\n<instance name=Uji/>\n</dossier>\n"
    _case duplicate "name ditulis dua kali dalam satu tag" \
        "$_root\n<instance name=\"Uji\" name=\"Contoh\"/>\n</dossier>\n"
    _case no-equals "name tidak diikuti '=' sebelum nilainya" \
        "$_root\n<instance name \"Uji\"/>\n</dossier>\n"
    _case after-root "masih ada isi sesudah </dossier>" \
        "$_root\n$_inst\n</dossier>\ncatatan\n"
    _case nbsp "'&nbsp;' dikenal di HTML, tidak di XML" \
        "$_root\n<instance name=\"Kab.&nbsp;Uji\"/>\n</dossier>\n"
    _case latin1 "kolom 19: ada bita yang bukan UTF-8" \
        "$_root\n<instance name=\"Gr\\0374n\"/>\n</dossier>\n"
    _case utf16 "berkas disimpan sebagai UTF-16" '\0377\0376<\0d\0o\0'
    _case empty "berkas kosong" ''
    _case word "ini dokumen Word, Excel atau Office lain (berkas zip)" \
        'PK\003\004\024\000\006\000[Content_Types].xml'
    _case not-xml "berkas tidak diawali '<', jadi bukan XML" 'Kabupaten Uji 2024\n'
    # ---- schema
    _case level-words "level=\"tiga\" pada <assessment>: tingkat harus bilangan bulat 1 sampai 5" \
        "$(_ind '<assessment stage="mandiri" level="tiga"/>')"
    _case level-decimal "level=\"3.5\" pada <assessment>: tingkat harus bilangan bulat 1 sampai 5" \
        "$(_ind '<assessment stage="mandiri" level="3.5"/>')"
    _case level-seven "tingkat penilaian 7 di luar rentang 1 sampai 5" "$(_ind '<assessment stage="mandiri" level="7"/>')"
    _case stage-case "tahap ditulis dengan huruf kecil: tulis stage=\"mandiri\"" \
        "$(_ind '<assessment stage="Mandiri" level="3"/>')"
    _case date "tanggal harus ditulis YYYY-MM-DD: tulis from=\"2024-02-01\"" \
        "$_root\n$_inst\n<period from=\"01-02-2024\" to=\"2024-12-31\"/>\n</dossier>\n"
    _case index "indeks harus angka seperti 2,60 atau 2.60" \
        "$_root\n$_inst\n<target index=\"dua\"/>\n</dossier>\n"
    _case sha256 "SHA-256 harus 64 karakter heksadesimal" \
        "$(_ind '<evidence file="a.pdf" sha256="abc">t</evidence>')"
    _case year "tahun harus ditulis dengan empat angka" \
        "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"24\">\n$_inst\n</dossier>\n"
    _case element-typo "<evidance> bukan elemen manifes: maksudnya <evidence>?" \
        "$(_ind '<evidance file="a.pdf"/>')"
    _case attribute-typo "<indicator> tidak mengenal atribut ownr: maksudnya owner?" \
        "$_root\n$_inst\n<indicator id=\"1\" ownr=\"A\"/>\n</dossier>\n"
    _case missing-attribute "<assessment> memerlukan atribut level, bilangan bulat 1 sampai 5" \
        "$(_ind '<assessment stage="mandiri"/>')"
    _case wrong-place "<evidence> tidak boleh berada di <dossier>: tempatnya di dalam <indicator>" \
        "$_root\n$_inst\n<evidence file=\"a.pdf\"/>\n</dossier>\n"
    _case namespace "<dossier> harus menyebut namespace manifes" \
        "<dossier framework=\"spbe-2020\" year=\"2024\">\n$_inst\n</dossier>\n"
    _case root "elemen pertama berkas ini <html>, bukan <dossier>" '<html><body/></html>\n'
    # ---- issue 20: verdicts and items
    _case verdict-status "<verdict> memerlukan atribut status, diterima atau revisi" \
        "$(_ind '<verdict stage="dokumen"/>')"
    _case verdict-stage "tahap putusan harus salah satu dari dokumen, interviu, visitasi" \
        "$(_ind '<verdict stage="mandiri" status="revisi"/>')"
    _case verdict-kind "jenis harus salah satu dari tidak-tepat, belum-diunggah, otomatis-ditolak" \
        "$(_ind '<verdict stage="dokumen" status="revisi" kind="salah"/>')"
    _case item-spaces "tulis satu id butir seperti I4-L1-02, tanpa spasi" \
        "$(_ind '<response item="I1-L1-01 I1-L1-02">x</response>')"
}
