"""sheettool.py -- an independent reader and writer of dossier's
workbooks for the e2e tests (openpyxl, run by /usr/bin/python3).

  sheettool.py check FILE.xlsx LANG   every sheet read; layout, drop-downs,
                                      protection, locked and grey cells,
                                      the hidden sheets; one line per check
  sheettool.py owners FILE.xlsx       the owners on the indicators sheet
  sheettool.py edit IN.xlsx OUT.xlsx  the edit a person makes: indicator
                                      1's mandiri level 4 and explanation,
                                      indicator 2's owner "Bagian Hukum &
                                      HAM", evidence row 2's title
  sheettool.py roundtrip IN.xlsx OUT.xlsx
                                      a wider edit: "4,0" typed as indicator
                                      1's mandiri level, a new interviu
                                      stage for 2, 3's dokumen explanation
                                      cleared, a date typed in evidence row
                                      3, row 4's title, a new evidence row
  sheettool.py csv FILE.csv           a CSV export: BOM, RFC 4180, rows
Prints "ok - NAME" or "not ok - NAME: why" per check; exit 1 on a failure.
"""
import csv
import io
import sys
import warnings

import openpyxl

EDIT_OWNER = "Bagian Hukum & HAM"
EDIT_EXPLAIN = "Diperbarui oleh OPD: Perbup 18/2023 berlaku."
EDIT_TITLE = "Perbup 31/2022 (judul dari OPD)"

failed = False


def check(name, cond, why=""):
    global failed
    if cond:
        print("ok - " + name)
    else:
        failed = True
        print("not ok - %s: %s" % (name, why))


def names(lang):
    return ("Indicators", "Evidence") if lang == "en" else ("Indikator", "Bukti")


def cmd_check(path, lang):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wb = openpyxl.load_workbook(path)
    check("openpyxl reads it without a warning", not caught,
          "; ".join(str(w.message) for w in caught))
    ind, ev = names(lang)
    check("sheets in order", wb.sheetnames == [ind, ev, "_lists", "_dossier"],
          repr(wb.sheetnames))
    for ws in wb.worksheets:
        n = sum(1 for _ in ws.iter_rows(values_only=True))
        check("sheet %s read (%d rows)" % (ws.title, n), n >= 1)
    wi, we = wb[ind], wb[ev]
    check("hidden sheets", wb["_lists"].sheet_state == "hidden" and
          wb["_dossier"].sheet_state == "hidden" and
          wi.sheet_state == "visible",
          "%s %s" % (wb["_lists"].sheet_state, wb["_dossier"].sheet_state))
    check("export-time values", wb["_dossier"]["A1"].value == "dossier-export"
          and len(wb["_dossier"]["B2"].value or "") == 64)
    hdr = [c.value for c in wi[1]]
    want = "Owner" if lang == "en" else "Pengampu"
    check("headers in the language", hdr[2] == want, repr(hdr))
    check("headers frozen", wi.freeze_panes == "B2" and we.freeze_panes == "C2",
          "%s %s" % (wi.freeze_panes, we.freeze_panes))
    check("column widths set", all(
        (wi.column_dimensions[c].width or 0) > 5 for c in "ABCDEL"))
    for ws in (wi, we):
        check("%s protected" % ws.title, ws.protection.sheet)
        check("%s without password" % ws.title, not ws.protection.password)
    check("read-only cells locked and grey",
          wi["B2"].protection.locked and wi["L2"].protection.locked and
          we["F2"].protection.locked and
          wi["B2"].fill.fgColor.rgb.endswith("D9D9D9") and
          we["F2"].fill.fgColor.rgb.endswith("D9D9D9"),
          "%s %s" % (wi["B2"].protection.locked, wi["B2"].fill.fgColor.rgb))
    check("editable cells unlocked",
          not wi["C2"].protection.locked and not wi["D2"].protection.locked
          and not wi["E2"].protection.locked and
          not we["C2"].protection.locked and not we["D2"].protection.locked)
    dvs = {str(dv.sqref).split(":")[0]: dv for dv in wi.data_validations.dataValidation}
    lv = dvs.get("D2")
    check("level drop-down", lv is not None and lv.type == "list" and
          lv.formula1 == '"1,2,3,4,5"' and lv.errorStyle in (None, "stop"),
          repr(lv))
    ow = dvs.get("C2")
    check("owner drop-down from the hidden list", ow is not None and
          ow.type == "list" and "_lists" in ow.formula1, repr(ow))
    owners = [r[0] for r in wb["_lists"].iter_rows(values_only=True)]
    check("owner list holds the owners", len(owners) > 0 and
          owners == sorted(set(owners)), repr(owners))
    evdv = [str(dv.sqref) for dv in we.data_validations.dataValidation
            if dv.type == "list"]
    check("evidence level drop-down", any(s.startswith("D2") for s in evdv),
          repr(evdv))
    d = we["E2"].value
    check("evidence date is a date", hasattr(d, "year"), repr(d))
    sys.exit(1 if failed else 0)


def cmd_owners(path):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for row in ws.iter_rows(min_row=2, values_only=True):
        print(row[2] or "")


def cmd_edit(src, dst):
    wb = openpyxl.load_workbook(src)
    wi, we = wb.worksheets[0], wb.worksheets[1]
    rows = {str(r[0].value): r[0].row for r in wi.iter_rows(min_row=2)}
    wi.cell(rows["1"], 4).value = 4
    wi.cell(rows["1"], 5).value = EDIT_EXPLAIN
    wi.cell(rows["2"], 3).value = EDIT_OWNER
    we.cell(2, 3).value = EDIT_TITLE
    wb.save(dst)


def cmd_roundtrip(src, dst):
    import datetime
    wb = openpyxl.load_workbook(src)
    wi, we = wb.worksheets[0], wb.worksheets[1]
    rows = {str(r[0].value): r[0].row for r in wi.iter_rows(min_row=2)}
    wi.cell(rows["1"], 4).value = "4,0"
    wi.cell(rows["2"], 8).value = "2"
    wi.cell(rows["2"], 9).value = "Wawancara 2024."
    wi.cell(rows["3"], 7).value = None
    we.cell(3, 5).value = datetime.datetime(2025, 2, 1)
    we.cell(4, 3).value = ("Perbup 19/2023 (OPD), judul yang panjang sekali "
                           "karena diketik ulang lengkap oleh OPD")
    new = we.max_row + 1
    we.cell(new, 1).value = "19"
    we.cell(new, 2).value = "19-tim-koordinasi/sk-baru.pdf"
    we.cell(new, 3).value = "SK baru"
    we.cell(new, 4).value = "3"
    we.cell(new, 5).value = datetime.datetime(2025, 3, 1)
    wb.save(dst)


def cmd_csv(path):
    data = open(path, "rb").read()
    check("BOM", data.startswith(b"\xef\xbb\xbf"))
    check("CRLF line ends", b"\r\n" in data)
    text = data[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    check("RFC 4180 rows of one width", len(rows) > 1 and
          len(set(len(r) for r in rows)) == 1, repr(set(len(r) for r in rows)))
    print("rows %d" % (len(rows) - 1))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "check":
        cmd_check(sys.argv[2], sys.argv[3])
    elif cmd == "owners":
        cmd_owners(sys.argv[2])
    elif cmd == "edit":
        cmd_edit(sys.argv[2], sys.argv[3])
    elif cmd == "roundtrip":
        cmd_roundtrip(sys.argv[2], sys.argv[3])
    elif cmd == "csv":
        cmd_csv(sys.argv[2])
    else:
        sys.exit("unknown command " + cmd)
