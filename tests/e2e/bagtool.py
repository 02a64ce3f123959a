#!/usr/bin/env python3
"""bagtool.py -- an independent BagIt 1.0 (RFC 8493) validator and the
bag surgery the bag.sh tests need, in the Python standard library only.
None of it shares code with dossier.

  bagtool.py validate BAG        exit 0 if BAG is a valid, complete bag
  bagtool.py rebag BAG           recompute every manifest, tag manifest
                                 and Payload-Oxum (after a deliberate edit)
  bagtool.py replace-entry ZIP NAME
                                 rewrite ZIP with entry NAME's bytes changed
                                 (index.xml left as it was)
  bagtool.py bomb ZIP MODE       write a hostile zip: index.xml plus
                                 bomb.bin, 64 MiB of zeros deflated, whose
                                 headers claim 1000 bytes (MODE small) or
                                 10**12 bytes (MODE huge)
  bagtool.py rename-indicator MANIFEST ID
                                 give the first indicator with evidence
                                 in MANIFEST the id ID
  bagtool.py evil-zip ZIP MODE   add to ZIP an entry index.xml lists (with
                                 its true size and SHA-256) whose name is
                                 unsafe (MODE dotdot, inner, dot, abs,
                                 backslash, drive, stream: an NTFS
                                 alternate data stream; unicode: stored as
                                 ../evil.txt, named evil.txt by an Info-ZIP
                                 Unicode Path field) or that is not a
                                 regular file (MODE symlink, dir; atari,
                                 vms, beos: a symlink made by that host) or
                                 not made by Unix (MODE fat); or a plain
                                 file (MODE plain, evil.txt)
  bagtool.py encrypt-flag ZIP    set only the "encrypted" bit of index.xml
  bagtool.py drop-entry ZIP      remove ZIP's first document and its line
                                 in index.xml (prints its name)
"""
import hashlib
import io
import os
import re
import struct
import sys
import zipfile
import zlib

ALGS = {"sha512": 128, "sha256": 64, "sha1": 40, "md5": 32}
REQUIRED_INFO = ["Source-Organization", "Contact-Name", "External-Description",
                 "External-Identifier", "Bagging-Date", "Bag-Group-Identifier",
                 "Bag-Size", "Payload-Oxum"]


def decode(path):
    return path.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def encode(path):
    return path.replace("%", "%25").replace("\n", "%0A").replace("\r", "%0D")


def digest(alg, path):
    h = hashlib.new(alg)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def payload_files(bag):
    out = []
    for root, dirs, files in os.walk(os.path.join(bag, "data")):
        dirs.sort()
        for name in files:
            full = os.path.join(root, name)
            out.append(os.path.relpath(full, bag).replace(os.sep, "/"))
    return sorted(out, key=lambda p: p.encode())


def read_tag(bag, name, problems):
    raw = open(os.path.join(bag, name), "rb").read()
    if b"\r" in raw:
        problems.append(f"{name}: has CR line ends")
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(f"{name}: starts with a BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(f"{name}: not UTF-8")
        text = raw.decode("utf-8", "replace")
    if text and not text.endswith("\n"):
        problems.append(f"{name}: no final LF")
    return text


def parse_manifest(bag, name, alg, problems):
    entries = {}
    for no, line in enumerate(read_tag(bag, name, problems).split("\n")[:-1], 1):
        m = re.fullmatch(r"([0-9a-fA-F]+)[ \t]+(.+)", line)
        if not m or len(m.group(1)) != ALGS[alg]:
            problems.append(f"{name}:{no}: malformed line")
            continue
        path = decode(m.group(2))
        if path.startswith("/") or ".." in path.split("/") or "%" in m.group(2).replace(
                "%0A", "").replace("%0D", "").replace("%25", ""):
            problems.append(f"{name}:{no}: bad path {path!r}")
        entries[path] = m.group(1).lower()
    return entries


def validate(bag):
    problems = []
    decl = read_tag(bag, "bagit.txt", problems)
    if decl != "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n":
        problems.append("bagit.txt: not the BagIt 1.0 declaration")
    info = {}
    for no, line in enumerate(read_tag(bag, "bag-info.txt", problems).split("\n")[:-1], 1):
        if line[:1] in (" ", "\t"):
            continue
        if ":" not in line:
            problems.append(f"bag-info.txt:{no}: no label")
            continue
        label, value = line.split(":", 1)
        info.setdefault(label.strip(), value.strip())
    for label in REQUIRED_INFO:
        if not info.get(label):
            problems.append(f"bag-info.txt: no {label}")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", info.get("Bagging-Date", "")):
        problems.append("bag-info.txt: Bagging-Date is not YYYY-MM-DD")
    files = payload_files(bag)
    size = sum(os.path.getsize(os.path.join(bag, p)) for p in files)
    if info.get("Payload-Oxum") != f"{size}.{len(files)}":
        problems.append(f"bag-info.txt: Payload-Oxum {info.get('Payload-Oxum')} "
                        f"but the payload is {size}.{len(files)}")
    manifests = [n for n in os.listdir(bag) if re.fullmatch(r"manifest-(\w+)\.txt", n)]
    tagmanifests = [n for n in os.listdir(bag) if re.fullmatch(r"tagmanifest-(\w+)\.txt", n)]
    if not manifests:
        problems.append("no payload manifest")
    for name in manifests:
        alg = name[len("manifest-"):-4]
        entries = parse_manifest(bag, name, alg, problems)
        for path in files:
            if path not in entries:
                problems.append(f"{path}: not in {name}")
        for path, want in entries.items():
            full = os.path.join(bag, path)
            if not os.path.isfile(full):
                problems.append(f"{path}: in {name} but missing")
            elif digest(alg, full) != want:
                problems.append(f"{path}: {alg} differs")
    for name in tagmanifests:
        alg = name[len("tagmanifest-"):-4]
        entries = parse_manifest(bag, name, alg, problems)
        for required in ["bagit.txt", "bag-info.txt"] + manifests:
            if required not in entries:
                problems.append(f"{required}: not in {name}")
        for path, want in entries.items():
            if path.startswith("data/"):
                problems.append(f"{name}: lists payload file {path}")
            full = os.path.join(bag, path)
            if not os.path.isfile(full) or digest(alg, full) != want:
                problems.append(f"{path}: {alg} in {name} differs")
    for p in problems:
        print(p)
    return 1 if problems else 0


def rebag(bag):
    files = payload_files(bag)
    for name in os.listdir(bag):
        m = re.fullmatch(r"manifest-(\w+)\.txt", name)
        if m:
            with open(os.path.join(bag, name), "w", newline="\n") as f:
                for p in files:
                    f.write(f"{digest(m.group(1), os.path.join(bag, p))}  {encode(p)}\n")
    size = sum(os.path.getsize(os.path.join(bag, p)) for p in files)
    path = os.path.join(bag, "bag-info.txt")
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"(?m)^Payload-Oxum: .*$", f"Payload-Oxum: {size}.{len(files)}", text)
    open(path, "w", encoding="utf-8", newline="\n").write(text)
    for name in os.listdir(bag):
        m = re.fullmatch(r"tagmanifest-(\w+)\.txt", name)
        if m:
            full = os.path.join(bag, name)
            lines = open(full, encoding="utf-8").read().split("\n")[:-1]
            with open(full, "w", newline="\n") as f:
                for line in lines:
                    tag = decode(line.split(None, 1)[1])
                    f.write(f"{digest(m.group(1), os.path.join(bag, tag))}  {encode(tag)}\n")
    return 0


def replace_entry(path, name):
    src = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == name:
                data = data[:-1] + bytes([data[-1] ^ 0x01])
            dst.writestr(info, data)
    src.close()
    open(path, "wb").write(out.getvalue())
    return 0


def bomb(path, mode):
    raw = bytes(64 << 20)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = comp.compress(raw) + comp.flush()
    crc = zlib.crc32(raw)
    claim = 1000 if mode == "small" else 10 ** 12
    index = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<index xmlns="urn:dossier:index:1" framework="spbe-2020" year="2024" '
             'indicator="47" instance="x">\n'
             f'<entry name="bomb.bin" file="bomb.bin" size="{claim}" '
             'media-type="application/octet-stream" sha256="'
             + "0" * 64 + '">bomb</entry>\n</index>\n').encode()
    entries = [(b"index.xml", 0, index, len(index), zlib.crc32(index)),
               (b"bomb.bin", 8, packed, claim, crc)]
    body, central = b"", b""
    for fname, method, data, usize, ecrc in entries:
        zip64 = usize >= 0xFFFFFFFF
        extra = struct.pack("<HHQQ", 1, 16, usize, len(data)) if zip64 else b""
        us = 0xFFFFFFFF if zip64 else usize
        cs = 0xFFFFFFFF if zip64 else len(data)
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, method, 0, 0x21,
                            ecrc, cs, us, len(fname), len(extra)) + fname + extra
        # made by Unix (3 << 8), a regular file (0o100644), as pack writes
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 3 << 8 | 45, 45, 0,
                               method, 0, 0x21, ecrc, cs, us, len(fname), len(extra),
                               0, 0, 0, 0o100644 << 16, len(body)) + fname + extra
        body += local + data
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 2, 2, len(central), len(body), 0)
    open(path, "wb").write(body + central + eocd)
    return 0


EVIL = {"dotdot": "../evil.txt", "inner": "a/../../evil.txt", "dot": "./evil.txt",
        "abs": "/tmp/evil.txt", "backslash": "..\\evil.txt", "drive": "C:evil.txt",
        "stream": "a/C:evil.txt",
        "symlink": "evil-link", "dir": "evil-dir/",
        "atari": "evil-atari-link", "vms": "evil-vms-link", "beos": "evil-beos-link",
        "fat": "evil-fat.txt", "unicode": "../evil.txt", "plain": "evil.txt"}
# the "made by" host of those modes (Info-ZIP's numbers): unzip reads the
# Unix mode of the first three, and pack writes Unix (3) only
HOST = {"atari": 5, "vms": 2, "beos": 16, "fat": 0}


def evil_info(mode, name, listed):
    """The ZipInfo of the evil entry of 'mode'."""
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.create_system = HOST.get(mode, 3)
    if mode == "unicode":
        info.extra = struct.pack("<HHBI", 0x7075, 5 + len(listed), 1,
                                 zlib.crc32(name.encode())) + listed.encode()
    if mode in ("symlink", "atari", "vms", "beos"):
        info.external_attr = 0o120777 << 16
    elif mode == "dir":
        info.external_attr = (0o40755 << 16) | 0x10
    else:
        info.external_attr = 0o100644 << 16
    return info


def evil_zip(path, mode):
    name = EVIL[mode]
    link = mode in ("symlink", "atari", "vms", "beos")
    data = b"/etc/passwd" if link else b"" if mode == "dir" else b"evil\n"
    # what libzip reads: the Info-ZIP Unicode Path field (0x7075) names it
    listed = "evil.txt" if mode == "unicode" else name
    src = zipfile.ZipFile(path)
    if any(i.flag_bits & 1 for i in src.infolist()):
        # packed with a passphrase: index.xml cannot be read, so the entry
        # is only appended, plain
        src.close()
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as dst:
            dst.writestr(evil_info(mode, name, listed), data)
        return 0
    entries = [(info, src.read(info)) for info in src.infolist()]
    src.close()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, raw in entries:
            if info.filename == "index.xml":
                text = raw.decode("utf-8")
                entry = (f'<entry name="{listed}" file="x/{mode}.txt" size="{len(data)}" '
                         f'media-type="text/plain" sha256="{hashlib.sha256(data).hexdigest()}"'
                         f'>evil</entry>\n')
                raw = text.replace("</index>", entry + "</index>").encode("utf-8")
            dst.writestr(info, raw)
        dst.writestr(evil_info(mode, name, listed), data)
    open(path, "wb").write(out.getvalue())
    return 0


def encrypt_flag(path):
    """Set the "encrypted" flag bit of index.xml in the zip 'path' (local
    and central header), nothing else: its other entries stay plain."""
    b = bytearray(open(path, "rb").read())
    k = b.find(b"PK\x03\x04")
    while k >= 0 and b[k + 30:k + 30 + 9] != b"index.xml":
        k = b.find(b"PK\x03\x04", k + 4)
    c = b.find(b"PK\x01\x02")
    while c >= 0 and b[c + 46:c + 46 + 9] != b"index.xml":
        c = b.find(b"PK\x01\x02", c + 4)
    if k < 0 or c < 0:
        print(f"{path}: no index.xml", file=sys.stderr)
        return 1
    b[k + 6] |= 1
    b[c + 8] |= 1
    open(path, "wb").write(bytes(b))
    return 0


def drop_entry(path):
    """Rewrite the zip 'path' without its first document and without that
    document's <entry> in index.xml, so that the two agree."""
    src = zipfile.ZipFile(path)
    entries = [(info, src.read(info)) for info in src.infolist()]
    src.close()
    victim = [i.filename for i, _ in entries if i.filename != "index.xml"][0]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, raw in entries:
            if info.filename == victim:
                continue
            if info.filename == "index.xml":
                raw = re.sub(rb'\s*<entry name="%s"[^>]*>[^<]*</entry>'
                             % re.escape(victim.encode()), b"", raw)
            dst.writestr(info, raw)
    open(path, "wb").write(out.getvalue())
    print(victim)
    return 0


def rename_indicator(path, new_id):
    """Give the first <indicator> with <evidence> in the manifest 'path'
    the id 'new_id' (its zip then is missing)."""
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r"<indicator\b[^>]*>.*?</indicator>", text, re.S):
        if "<evidence" in m.group(0):
            block = re.sub(r'\bid="[^"]*"', f'id="{new_id}"', m.group(0), count=1)
            text = text[:m.start()] + block + text[m.end():]
            open(path, "w", encoding="utf-8").write(text)
            return 0
    return 1


def main(argv):
    if len(argv) >= 3 and argv[1] == "validate":
        return validate(argv[2])
    if len(argv) >= 3 and argv[1] == "rebag":
        return rebag(argv[2])
    if len(argv) >= 4 and argv[1] == "replace-entry":
        return replace_entry(argv[2], argv[3])
    if len(argv) >= 4 and argv[1] == "bomb":
        return bomb(argv[2], argv[3])
    if len(argv) >= 4 and argv[1] == "rename-indicator":
        return rename_indicator(argv[2], argv[3])
    if len(argv) >= 3 and argv[1] == "encrypt-flag":
        return encrypt_flag(argv[2])
    if len(argv) >= 3 and argv[1] == "drop-entry":
        return drop_entry(argv[2])
    if len(argv) >= 4 and argv[1] == "evil-zip":
        return evil_zip(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
