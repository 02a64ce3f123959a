#!/bin/sh
# no_decoder.sh -- no image or PDF decoder can run in dossier's own
# process: the caller's side of previews (thumb.c, whose object is
# thumb.c.o in the core library) calls no function of gdk-pixbuf, libpng,
# libjpeg or poppler, nor the child's side (th_work(), th_warm(), in
# thumb_work.c and thumb_pdf.cc); preview_proc.c, which calls those only
# in the server and its children, calls no decoder itself.
# usage: no_decoder.sh LIBDOSSIERCORE.a
set -u
lib=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
cd "$tmp" || exit 1
for member in thumb.c.o preview_proc.c.o; do
    if ! ar x "$lib" "$member" 2>/dev/null || [ ! -s "$member" ]; then
        echo "not ok - $member: not in $lib"
        fail=1
        continue
    fi
    pattern='^(gdk_|g_object|png_|jpeg_|_ZN7poppler|th_pdf_|th_work|th_warm|th_begin)'
    [ "$member" = preview_proc.c.o ] && pattern='^(gdk_|g_object|png_|jpeg_|_ZN7poppler|th_pdf_)'
    found=$(nm -u "$member" | awk '{print $NF}' | grep -E "$pattern" | tr '\n' ' ')
    if [ -n "$found" ]; then
        echo "not ok - $member calls a decoder: $found"
        fail=1
    else
        echo "ok - $member calls no decoder"
    fi
done
# and the child's side does, or this test proves nothing
ar x "$lib" thumb_work.c.o 2>/dev/null
if nm -u thumb_work.c.o 2>/dev/null | grep -q 'gdk_pixbuf_loader_write'; then
    echo "ok - thumb_work.c.o decodes"
else
    echo "not ok - thumb_work.c.o: no decoder found"
    fail=1
fi
exit $fail
