#!/usr/bin/env python3
"""mkseed_tree.py -- turn a bag (a directory tree) into a seed for
tests/fuzz/fuzz_verify.c, in that target's record encoding:

    flags (1 byte: bit 0 = verify with the public key)
    then per entry: type (0 file, 1 directory, 2 link, 3 FIFO),
    name length (1 byte), name, and for files and links a 4-byte
    little-endian length and the content (the link's target).

usage: mkseed_tree.py BAG OUT.bin [--pubkey] [--stub-over N]
                      [--sign-key KEY.pem] [--add TYPE:NAME[=CONTENT]]...

--stub-over N   replace each payload file over N bytes (the dossier PDF,
                mostly) by a short stub, then write the payload manifests,
                Payload-Oxum and the tag manifests again, so that the bag
                stays valid and the seed small (the target's -max_len);
--sign-key KEY  sign the rewritten tag manifest again (openssl pkeyutl,
                Ed25519), as 'dossier pack --sign-key' does; the seeds in
                tests/fuzz/corpus/verify/ are signed with
                tests/fuzz/verify-test-key.pem, whose public half is built
                into fuzz_verify.c;
--add           an extra entry after the bag's own: TYPE is file, dir, link
                or fifo (e.g. --add link:data/x=../../secret.txt,
                --add fifo:data/pipe, --add file:extra.txt=hello).

The bag itself is not changed (a stubbed copy is made in a temporary
folder).  tests/fuzz/mkseeds_verify.sh made the seeds in
tests/fuzz/corpus/verify/ with it; scripts/fuzz.sh (seeds_verify) runs it
again before each fuzzing run.
"""

import argparse
import base64
import hashlib
import os
import shutil
import stat
import struct
import subprocess
import sys
import tempfile

TYPES = {"file": 0, "dir": 1, "link": 2, "fifo": 3}
STUB = b"%PDF-1.4\n% stub for a fuzz seed\n%%EOF\n"


def record(kind, name, content=None):
    raw = name.encode("utf-8", "surrogateescape")
    if len(raw) > 255:
        sys.exit("mkseed_tree: name over 255 bytes: %r" % name)
    out = bytes([kind, len(raw)]) + raw
    if kind in (0, 2):
        out += struct.pack("<I", len(content)) + content
    return out


def walk(root):
    """Every entry under root, parents before children, in name order."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel = os.path.relpath(dirpath, root)
        names = sorted(dirnames + filenames)
        for n in names:
            path = os.path.join(dirpath, n)
            name = n if rel == "." else rel + "/" + n
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                out.append(record(2, name, os.readlink(path).encode()))
            elif stat.S_ISDIR(st.st_mode):
                out.append(record(1, name))
            elif stat.S_ISFIFO(st.st_mode):
                out.append(record(3, name))
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    out.append(record(0, name, f.read()))
        # os.walk does not descend into links to directories: good
    return out


def manifest_alg(name):
    # manifest-sha512.txt -> sha512
    return name.rsplit("-", 1)[1][: -len(".txt")]


def encode_path(p):
    return p.replace("%", "%25").replace("\n", "%0A").replace("\r", "%0D")


def payload_files(bag):
    files = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(bag, "data")):
        dirnames.sort()
        for n in sorted(filenames):
            full = os.path.join(dirpath, n)
            if os.path.isfile(full) and not os.path.islink(full):
                files.append(os.path.relpath(full, bag))
    return sorted(files, key=lambda s: s.encode())


def digest(alg, path):
    h = hashlib.new(alg)
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def rewrite(bag, over, sign_key):
    """Stub big payload files, then rewrite manifests, Oxum, tag manifests."""
    for rel in payload_files(bag):
        full = os.path.join(bag, rel)
        if os.path.getsize(full) > over:
            with open(full, "wb") as f:
                f.write(STUB)
    files = payload_files(bag)
    top = sorted(os.listdir(bag))
    for m in [n for n in top if n.startswith("manifest-")]:
        alg = manifest_alg(m)
        with open(os.path.join(bag, m), "w", newline="\n") as f:
            for rel in files:
                f.write("%s  %s\n" % (digest(alg, os.path.join(bag, rel)),
                                      encode_path(rel)))
    info = os.path.join(bag, "bag-info.txt")
    if os.path.exists(info):
        total = sum(os.path.getsize(os.path.join(bag, r)) for r in files)
        with open(info, encoding="utf-8") as f:
            lines = f.read().split("\n")
        lines = ["Payload-Oxum: %d.%d" % (total, len(files))
                 if ln.startswith("Payload-Oxum:") else ln for ln in lines]
        with open(info, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines))
    for t in [n for n in top if n.startswith("tagmanifest-") and n.endswith(".txt")]:
        alg = manifest_alg(t)
        tags = [n for n in top if os.path.isfile(os.path.join(bag, n))
                and not n.startswith("tagmanifest-")]
        with open(os.path.join(bag, t), "w", newline="\n") as f:
            for n in sorted(tags, key=lambda s: s.encode()):
                f.write("%s  %s\n" % (digest(alg, os.path.join(bag, n)),
                                      encode_path(n)))
        sig = os.path.join(bag, t + ".sig")
        if os.path.exists(sig):
            if not sign_key:
                os.remove(sig)
                continue
            raw = subprocess.run(
                ["openssl", "pkeyutl", "-sign", "-rawin", "-inkey", sign_key,
                 "-in", os.path.join(bag, t)],
                check=True, stdout=subprocess.PIPE).stdout
            with open(sig, "w", newline="\n") as f:
                f.write(base64.b64encode(raw).decode() + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bag")
    ap.add_argument("out")
    ap.add_argument("--pubkey", action="store_true")
    ap.add_argument("--stub-over", type=int)
    ap.add_argument("--sign-key")
    ap.add_argument("--add", action="append", default=[])
    a = ap.parse_args()

    bag = a.bag
    tmp = None
    if a.stub_over is not None:
        tmp = tempfile.mkdtemp(prefix="mkseed-")
        bag = os.path.join(tmp, "bag")
        shutil.copytree(a.bag, bag, symlinks=True)
        rewrite(bag, a.stub_over, a.sign_key)
    try:
        recs = walk(bag)
    finally:
        if tmp:
            shutil.rmtree(tmp)
    for add in a.add:
        kind, _, rest = add.partition(":")
        name, _, content = rest.partition("=")
        if kind not in TYPES or not name:
            sys.exit("mkseed_tree: --add TYPE:NAME[=CONTENT], TYPE file, dir, "
                     "link or fifo")
        recs.append(record(TYPES[kind], name, content.encode()))
    with open(a.out, "wb") as f:
        f.write(bytes([1 if a.pubkey else 0]) + b"".join(recs))


if __name__ == "__main__":
    main()
