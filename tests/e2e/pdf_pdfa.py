#!/usr/bin/env python3
"""pdf_pdfa.py -- is a PDF the PDF/A-2b (or 2u) file dossier claims?

No PDF/A validator is packaged for Debian, so this checks, from
`qpdf --json`, each rule src/pdfa.c implements, and prints every failure
as "FAIL <clause>: what" (clauses of ISO 19005-2, the PDF/A-2 standard,
as veraPDF names them; ISO 32000-1 for /Lang and the structure types).

usage: pdf_pdfa.py FILE.pdf [--lang id-ID|en-US] [--structure]
  --lang       the catalog's /Lang and dc:language must be this
  --structure  also the logical structure: H1, H2, a Table with TH, and
               /Alt on every Figure (one at least when the PDF has images)
Exit 0 when every rule holds, 1 when one fails, 2 on a usage error.
"""
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
}
failures = []


def fail(clause, what):
    failures.append((clause, what))
    same = sum(1 for c, _ in failures if c == clause)
    # the first few of each clause, then how many more at the end
    if same <= 5:
        print("FAIL %s: %s" % (clause, what))


def qpdf(*args, binary=False):
    r = subprocess.run(["qpdf"] + list(args), capture_output=True)
    # 3: warnings only
    if r.returncode not in (0, 3):
        sys.exit("pdf_pdfa.py: qpdf %s: %s" % (" ".join(args), r.stderr.decode(errors="replace")))
    return r.stdout if binary else r.stdout.decode("utf-8", "replace")


def text(v):
    """A qpdf JSON v2 string value as text."""
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    if isinstance(v, str) and v.startswith("b:"):
        raw = bytes.fromhex(v[2:])
        if raw.startswith(b"\xfe\xff"):
            return raw[2:].decode("utf-16-be", "replace")
        return raw.decode("latin-1")
    return None


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    path = args[0]
    lang = None
    structure = "--structure" in args
    if "--lang" in args:
        lang = args[args.index("--lang") + 1]

    with open(path, "rb") as f:
        head = f.read(1024)
    j = json.loads(qpdf("--json=2", "--json-key=qpdf", path))
    objs = j["qpdf"][1]

    def obj(ref):
        if not isinstance(ref, str) or not ref.endswith(" R"):
            return ref
        o = objs.get("obj:" + ref)
        if o is None:
            return None
        return o.get("value", o.get("stream"))

    def d(ref):
        """A dictionary (a stream's own dictionary for a stream)."""
        o = obj(ref)
        if isinstance(o, dict) and "dict" in o and "/Length" in o.get("dict", {}):
            return o["dict"]
        return o if isinstance(o, dict) else {}

    def is_stream(ref):
        o = obj(ref)
        return isinstance(o, dict) and "dict" in o

    trailer = objs["trailer"]["value"]
    root = d(trailer.get("/Root"))
    info = d(trailer.get("/Info"))

    # 6.1.2: the header, and a comment of four bytes over 127 after it
    m = re.match(rb"%PDF-1\.[0-7]\r?\n?%([^\r\n]{4})", head)
    if not m or not all(b > 127 for b in m.group(1)[:4]):
        fail("6.1.2", "the header is not %PDF-1.n followed by a binary comment")
    # 6.1.3: an /ID and no /Encrypt
    ids = trailer.get("/ID")
    if not isinstance(ids, list) or len(ids) != 2:
        fail("6.1.3", "the trailer has no /ID of two strings")
    if "/Encrypt" in trailer:
        fail("6.1.3", "the trailer has /Encrypt")

    # 6.6.2.1: the XMP metadata stream
    xmp = None
    mref = root.get("/Metadata")
    if not is_stream(mref):
        fail("6.6.2.1", "the catalog has no /Metadata stream")
    else:
        md = d(mref)
        if md.get("/Type") != "/Metadata" or md.get("/Subtype") != "/XML":
            fail("6.6.2.1", "/Metadata is not /Type /Metadata /Subtype /XML")
        if "/Filter" in md:
            fail("6.6.2.1", "the metadata stream is filtered")
        num = mref.split()[0]
        data = qpdf("--show-object=" + num, "--filtered-stream-data", path, binary=True)
        try:
            xmp = ET.fromstring(data)
        except ET.ParseError as e:
            fail("6.6.2.1", "the XMP packet is not well-formed XML: %s" % e)

    desc = {}
    if xmp is not None:
        for de in xmp.iter("{%s}Description" % NS["rdf"]):
            for k, v in de.attrib.items():
                desc[k] = v
            for child in de:
                lis = list(child.iter("{%s}li" % NS["rdf"]))
                desc[child.tag] = lis[0].text if lis else (child.text or "")
                desc[child.tag + "#all"] = [li.text for li in lis]

    def x(prefix, name):
        return desc.get("{%s}%s" % (NS[prefix], name))

    # 6.6.4: the PDF/A identification
    part, conf = x("pdfaid", "part"), x("pdfaid", "conformance")
    if xmp is not None and part != "2":
        fail("6.6.4", "pdfaid:part is %r, not 2" % part)
    if xmp is not None and conf not in ("B", "U"):
        fail("6.6.4", "pdfaid:conformance is %r, not B or U" % conf)
    if xmp is not None:
        for prefix, name in (("dc", "title"), ("dc", "creator"), ("dc", "language"),
                             ("xmp", "CreateDate"), ("xmp", "ModifyDate"),
                             ("xmp", "MetadataDate"), ("pdf", "Producer"),
                             ("xmpMM", "DocumentID")):
            if not x(prefix, name):
                fail("6.6.2.1", "the XMP has no %s:%s" % (prefix, name))
        if lang and x("dc", "language") != lang:
            fail("6.6.2.1", "dc:language is %r, not %s" % (x("dc", "language"), lang))

    # 6.6.3: each Info entry equals its XMP twin
    pairs = {"/Title": ("dc", "title"), "/Author": ("dc", "creator"),
             "/Subject": ("dc", "description"), "/Keywords": ("pdf", "Keywords"),
             "/Creator": ("xmp", "CreatorTool"), "/Producer": ("pdf", "Producer")}
    for key, (prefix, name) in pairs.items():
        if key in info and text(info[key]) != x(prefix, name):
            fail("6.6.3", "Info %s %r differs from %s:%s %r"
                 % (key, text(info[key]), prefix, name, x(prefix, name)))
    for key, (prefix, name) in {"/CreationDate": ("xmp", "CreateDate"),
                                "/ModDate": ("xmp", "ModifyDate")}.items():
        if key not in info:
            continue
        v = text(info[key]) or ""
        m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(Z|[+-]\d\d'\d\d'?)?", v)
        if not m:
            fail("6.6.3", "Info %s %r is not a PDF date (D:YYYYMMDDHHmmSS...)" % (key, v))
            continue
        iso = "%s-%s-%sT%s:%s:%s" % m.groups()[:6]
        zone = m.group(7) or ""
        iso += "Z" if zone == "Z" else (zone[:3] + ":" + zone[4:6] if zone else "")
        if x(prefix, name) != iso:
            fail("6.6.3", "Info %s %r is not the instant of %s:%s %r"
                 % (key, v, prefix, name, x(prefix, name)))

    # 6.2.3: the output intent and its ICC profile
    intents = [d(i) for i in (obj(root.get("/OutputIntents")) or [])]
    pdfa = [i for i in intents if i.get("/S") == "/GTS_PDFA1"]
    if not pdfa:
        fail("6.2.3", "no /OutputIntents entry with /S /GTS_PDFA1")
    for i in pdfa:
        pref = i.get("/DestOutputProfile")
        if not is_stream(pref):
            fail("6.2.3", "the GTS_PDFA1 intent has no /DestOutputProfile stream")
            continue
        icc = qpdf("--show-object=" + pref.split()[0], "--filtered-stream-data",
                   path, binary=True)
        if len(icc) < 128 or icc[36:40] != b"acsp" or icc[16:20] != b"RGB ":
            fail("6.2.3", "/DestOutputProfile is not an RGB ICC profile")
        elif d(pref).get("/N") != 3:
            fail("6.2.3", "/DestOutputProfile's /N is not 3")

    # /Lang (ISO 32000-1 14.9.2; dc:language says the same)
    got = text(root.get("/Lang"))
    if got not in ("id-ID", "en-US") or (lang and got != lang):
        fail("14.9.2", "the catalog's /Lang is %r" % got)

    # every object: annotations, actions, images, fonts
    fonts = []
    images = 0
    for key, o in objs.items():
        if not key.startswith("obj:"):
            continue
        v = o.get("value", o.get("stream", {}).get("dict"))
        if not isinstance(v, dict):
            continue
        if v.get("/Type") == "/Annot" or ("/Rect" in v and "/Subtype" in v and "/Type" not in v):
            f = v.get("/F", 0)
            if not isinstance(f, int) or not f & 4 or f & (1 | 2 | 32):
                fail("6.3.2", "annotation %s has /F %r: not printed, or hidden" % (key[4:], f))
        if "/AA" in v:
            fail("6.5.2", "%s has additional actions (/AA)" % key[4:])
        if v.get("/S") == "/JavaScript" or "/JS" in v:
            fail("6.6.1", "%s is a JavaScript action" % key[4:])
        if v.get("/Subtype") == "/Image":
            images += 1
            if v.get("/Interpolate") is True:
                fail("6.2.8.3", "image %s has /Interpolate true" % key[4:])
        if v.get("/Type") == "/Font":
            fonts.append((key[4:], v))
        if v.get("/Type") == "/FontDescriptor" and not any(
                k in v for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            fail("6.2.11.4.1", "font %s is not embedded" % text(v.get("/FontName")) or v.get("/FontName"))
    names = d(root.get("/Names"))
    if "/JavaScript" in names:
        fail("6.6.1", "the catalog's name tree holds JavaScript")
    if conf == "U":
        for ref, v in fonts:
            if v.get("/Subtype") in ("/CIDFontType0", "/CIDFontType2"):
                continue
            if "/ToUnicode" not in v:
                fail("6.2.11.7.2", "font %s has no /ToUnicode, yet the file claims 2u" % ref)

    if structure:
        check_structure(root, d, obj, images)

    for clause in sorted({c for c, _ in failures}):
        n = sum(1 for c, _ in failures if c == clause)
        if n > 5:
            print("FAIL %s: %d more like these" % (clause, n - 5))
    return 1 if failures else 0


def check_structure(root, d, obj, images):
    """ISO 32000-1 14.7-14.8: the tags; 14.9.3: figures' alternate text."""
    if d(root.get("/MarkInfo")).get("/Marked") is not True:
        fail("6.7.2", "the catalog's /MarkInfo has no /Marked true")
    st = d(root.get("/StructTreeRoot"))
    if not st:
        fail("14.7.2", "the catalog has no /StructTreeRoot")
        return
    count = {}
    figures = []
    tables_with_th = 0

    def walk(k, depth, table):
        nonlocal tables_with_th
        if depth > 64:
            return
        v = obj(k)
        if isinstance(v, list):
            for item in v:
                walk(item, depth + 1, table)
            return
        if not isinstance(v, dict) or "/S" not in v:
            return
        s = v["/S"]
        count[s] = count.get(s, 0) + 1
        if s == "/Figure":
            figures.append(text(v.get("/Alt")) or "")
        if s == "/Table":
            table = [False]
        if s == "/TH" and table is not None and not table[0]:
            table[0] = True
            tables_with_th += 1
        if "/K" in v:
            walk(v["/K"], depth + 1, table)

    walk(st.get("/K"), 0, None)
    for s in ("/H1", "/H2", "/P", "/Table", "/TR", "/TD"):
        if not count.get(s):
            fail("14.8.4", "no %s element in the structure tree" % s)
    if not tables_with_th:
        fail("14.8.4.3.3", "no /Table has a header cell /TH")
    if images and not figures:
        fail("14.8.4.5", "the PDF has images but no /Figure element")
    for n, alt in enumerate(figures):
        if not alt.strip():
            fail("14.9.3", "figure %d has no /Alt text" % (n + 1))


if __name__ == "__main__":
    sys.exit(main())
