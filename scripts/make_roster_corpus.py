"""Write the test corpus of rosters as county departments keep them (tests/fixtures/rosters/).

Each file is a 花名册 as it comes from a 组织部 or a township: Excel and WPS workbooks, CSV files in
UTF-8 (with and without a byte-order mark) and GBK, with the faults real ones have: title and 填报单位
rows above the header, a 填表说明 sheet first, 序号 columns, totals (合计), notes (注：...), sign-off
lines and blank rows, dates as 1986.03, 1992年2月, 2014-07, 19860315 or date cells, posts (职务) and
ranks (职级) in the words of the civil-service rules, village cadres, an unknown title, a missing
column, two people of one name, one person entered twice. Every name and number is made up.
tests/test_roster_corpus.py says what each must give (imported: headcount, units, ranks; or refused:
the line). Run from the repository's root::

    .venv/bin/python scripts/make_roster_corpus.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "rosters"
FIXED = dt.datetime(2025, 3, 31, 9, 0, 0)  # the workbooks' creation time: the same bytes each time
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张"
GIVEN = "明华建国志强丽娟伟芳军平红霞勇杰涛斌静敏洁"
# each township's leadership team: (职务, 职级) -> township_leader (7 a unit)
LEADERS = [
    ("党委书记", "一级主任科员"),
    ("镇长", "二级主任科员"),
    ("人大主席", "三级主任科员"),
    ("党委副书记", ""),
    ("副镇长", "四级主任科员"),
    ("党委委员、副镇长", "一级科员"),
    ("党委委员、纪委书记", ""),
]
# below the team: level-4 principal staff (2 a unit), then staff
LEVEL4 = [("", "四级主任科员"), ("", "二级主任科员")]
STAFF = [("", "一级科员"), ("科员", ""), ("", "二级科员"), ("办事员", ""), ("", "一级科员")]
HEADER = ["序号", "姓名", "性别", "出生年月", "参加工作时间", "学历", "所在单位", "职务", "职级", "备注"]


def people(units: list[str], staff_each: int, rng: random.Random, first: int = 0) -> list[dict[str, Any]]:
    """Cadres unit by unit: the leadership team, two level-4 principal staff, ``staff_each`` staff."""
    rows = []
    for unit in units:
        township = unit.endswith("乡")
        for post, rank in LEADERS + LEVEL4 + [STAFF[k % len(STAFF)] for k in range(staff_each)]:
            k = first + len(rows)
            senior = bool(post) or "主任科员" in rank
            born = rng.randint(1968, 1982) if senior else rng.randint(1985, 2000)
            post = post.replace("镇长", "乡长") if township else post
            rows.append({
                "name": SURNAMES[k % len(SURNAMES)] + GIVEN[(k * 7) % len(GIVEN)] + f"{k:03d}",
                "sex": "男女"[k % 2], "born": (born, rng.randint(1, 12)),
                "hired": (max(born + 20, 2000 if not senior else born + 20) + rng.randint(0, 3), rng.randint(1, 12)),
                "education": "大学", "unit": unit, "post": post, "rank": rank, "note": "",
            })  # fmt: skip
    return rows


def date_text(when: tuple[int, int], form: int) -> Any:
    """A year and month in one of the forms departments write."""
    year, month = when
    forms = [
        f"{year}.{month:02d}",
        f"{year}年{month}月",
        f"{year}-{month:02d}",
        f"{year}{month:02d}01",
        f"{year}/{month}",
    ]
    return forms[form % len(forms)]


def table(rows: list[dict[str, Any]], dates: str = "dot") -> list[list[Any]]:
    """The rows under ``HEADER``; dates as 1986.03 (``dot``), mixed forms (``mixed``) or date cells (``cell``)."""
    out = []
    for k, r in enumerate(rows):
        if dates == "cell":
            born, hired = dt.datetime(*r["born"], 1), dt.datetime(*r["hired"], 1)
        elif dates == "mixed":
            born, hired = date_text(r["born"], k), date_text(r["hired"], k + 2)
        else:
            born, hired = date_text(r["born"], 0), date_text(r["hired"], 0)
        out.append(
            [k + 1, r["name"], r["sex"], born, hired, r["education"], r["unit"], r["post"], r["rank"], r["note"]]
        )
    return out


def title_rows(county: str, width: int) -> list[list[Any]]:
    return [
        [f"{county}乡镇干部花名册（2025年）"] + [None] * (width - 1),
        ["填报单位：县委组织部（盖章）", None, None, None, None, None, "截止时间：2025年3月31日"]
        + [None] * (width - 7),
    ]


def tail_rows(n: int, width: int) -> list[list[Any]]:
    return [
        ["合计", None, None, None, None, None, f"{n}人"] + [None] * (width - 7),
        [None] * width,
        ["注：1.出生年月、参加工作时间按“1986.03”格式填写；2.职务按任职文件填写。"] + [None] * (width - 1),
        ["填表人：示例", None, None, None, "审核人：示例", None, None, "联系电话：0000-0000000"] + [None] * (width - 8),
    ]


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8") -> None:
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerows([["" if v is None else v for v in row] for row in rows])
    path.write_bytes(text.getvalue().encode(encoding))


def workbook(sheets: list[tuple[str, list[list[Any]]]], path: Path, merge_title: bool = True) -> None:
    book = Workbook()
    book.remove(book.active)
    book.properties.created = book.properties.modified = FIXED
    for name, rows in sheets:
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
        for cells in ws.iter_rows():
            for cell in cells:
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "yyyy.mm"
        if merge_title and rows and str(rows[0][0] or "").endswith("（2025年）"):
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    book.save(path)


def like_wps(path: Path) -> None:
    """Make a workbook look as WPS 表格 saves one: its application named, no sheet dimension, fixed zip times."""
    parts = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            parts[info.filename] = z.read(info.filename)
    app = parts["docProps/app.xml"].decode()
    parts["docProps/app.xml"] = re.sub(
        r"<Application>.*?</Application>", "<Application>WPS 表格</Application>", app
    ).encode()
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        parts[name] = re.sub(rb"<dimension ref=\"[^\"]*\"/>", b"", parts[name])
    stamp(path, parts)


def stamp(path: Path, parts: dict[str, bytes] | None = None) -> None:
    """Rewrite a workbook's zip with fixed entry times (the same bytes each time the corpus is made)."""
    if parts is None:
        with zipfile.ZipFile(path) as z:
            parts = {info.filename: z.read(info.filename) for info in z.infolist()}
    when = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    parts["docProps/core.xml"] = re.sub(
        rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + when, parts["docProps/core.xml"]
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=FIXED.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)


INSTRUCTIONS = [
    ["填表说明"],
    ["1. 本表填报全县乡镇（街道）在编在岗公务员。"],
    ["2. 出生年月、参加工作时间填写格式：1986.03。"],
    ["3. 职务按任职文件填写，多个职务用顿号隔开；职级按职务职级并行规定填写。"],
]


def main(out: Path = OUT) -> None:
    """Write every file of the corpus into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2025)
    width = len(HEADER)
    towns = ["城关镇", "东山乡", "西岭镇"]

    # 01 a plain UTF-8 CSV: header on row 1, four units (one a county body), dates 1986.03
    rows = people(towns + ["南湖街道"], 3, rng)
    write_csv(out / "01_plain_utf8.csv", [HEADER, *table(rows)])

    # 02 UTF-8 with BOM as Excel saves "CSV UTF-8": title and 填报单位 rows, 合计, notes, sign-off
    rows = people(towns, 4, rng)
    write_csv(out / "02_excel_bom_titles.csv", [*title_rows("示例县", width), HEADER, *table(rows), *tail_rows(len(rows), width)],
              "utf-8-sig")  # fmt: skip

    # 03 GBK as Excel saves "CSV" on a Chinese PC: mixed date forms, a blank row inside
    rows = people(towns, 2, rng)
    body = table(rows, "mixed")
    body.insert(10, [""] * width)
    write_csv(out / "03_gbk_mixed_dates.csv", [*title_rows("示例县", width), HEADER, *body], "gbk")

    # 04 an Excel workbook: 填表说明 first, the roster on the second sheet with date cells, title rows, 合计, notes
    rows = people(towns + ["北坡乡"], 3, rng)
    workbook([("填表说明", INSTRUCTIONS), ("花名册", [*title_rows("示例县", width), HEADER, *table(rows, "cell"),
                                                       *tail_rows(len(rows), width)])], out / "04_excel_instructions_first.xlsx")  # fmt: skip
    stamp(out / "04_excel_instructions_first.xlsx")

    # 05 a WPS workbook: a two-row header (现任职务职级 over 职务 and 职级), 1986.03 typed as numbers,
    #    header cells with line breaks and full-width spaces
    rows = people(towns, 3, rng)
    top = ["序号", "姓名", "性别", "出生\n年月", "参加工作\n时间", "学历", "所在单位", "现任职务职级", None, "备注"]
    below = [None] * 7 + ["职　务", "职级", None]
    body = [[k + 1, r["name"], r["sex"], float(f"{r['born'][0]}.{r['born'][1]:02d}"), date_text(r["hired"], 1),
             r["education"], r["unit"], r["post"], r["rank"], ""] for k, r in enumerate(rows)]  # fmt: skip
    workbook([("Sheet1", [*title_rows("示例县", width), top, below, *body, *tail_rows(len(rows), width)])],
             out / "05_wps_two_row_header.xlsx")  # fmt: skip
    like_wps(out / "05_wps_two_row_header.xlsx")

    # 06 village cadres listed with the township's (not civil servants: left out)
    rows = people(towns, 2, rng)
    for k, post in enumerate(["村党组织书记", "村委会主任", "桃源村党委书记", "社区居委会主任"]):
        rows.append({**rows[k + 10], "name": f"村干部{k:02d}", "post": post, "rank": ""})
    write_csv(out / "06_village_cadres.csv", [HEADER, *table(rows)])

    # 07 a title the shipped table does not know (扶贫专干 on two rows, 党政办主任 on one)
    rows = people(towns, 3, rng)
    rows[9]["post"], rows[20]["post"], rows[21]["post"] = "扶贫专干", "扶贫专干", "党政办主任"
    write_csv(out / "07_unknown_title.csv", [*title_rows("示例县", width), HEADER, *table(rows)], "utf-8-sig")
    write_csv(out / "07_own_titles.csv", [["title", "rank", "note"], ["扶贫专干", "staff", "本县岗位"],
                                          ["党政办主任", "level4", "本县岗位"]], "utf-8-sig")  # fmt: skip

    # 08 no 参加工作时间 column
    rows = people(towns, 2, rng)
    header = [h for h in HEADER if h != "参加工作时间"]
    write_csv(out / "08_missing_column.csv", [header, *[r[:4] + r[5:] for r in table(rows)]], "utf-8-sig")

    # 09 two people of one name, born in different years: two cadres
    rows = people(towns, 2, rng)
    rows[12] = {**rows[12], "name": "张伟"}
    rows[25] = {
        **rows[25],
        "name": "张伟",
        "born": (rows[12]["born"][0] + 5, 6),
        "hired": (rows[12]["born"][0] + 27, 7),
    }
    write_csv(out / "09_same_name_two_people.csv", [HEADER, *table(rows)], "utf-8-sig")

    # 10 one person entered twice (the same name, birth, joining and unit): refused
    rows = people(towns, 2, rng)
    rows.insert(18, dict(rows[5]))
    write_csv(out / "10_entered_twice.csv", [*title_rows("示例县", width), HEADER, *table(rows)], "utf-8-sig")

    # 11 bad dates below title rows: the row named as Excel shows it
    rows = people(towns, 2, rng)
    body = table(rows)
    body[4][3], body[14][4] = "1986.13", "待定"
    write_csv(out / "11_bad_dates.csv", [*title_rows("示例县", width), HEADER, *body])

    # 12 one sheet a township: the first holds a roster; --sheet picks another
    sheets = [(town, [HEADER, *table(people([town], 3 + k, rng), "cell")]) for k, town in enumerate(towns)]
    workbook(sheets, out / "12_sheet_per_township.xlsx")
    stamp(out / "12_sheet_per_township.xlsx")

    # 13 an old .xls (Excel 97-2003) file: asked to save it as .xlsx
    (out / "13_old_excel.xls").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))

    # 14 stages and current mentors named (by name and by row), English headers, no 职务
    rows = people(towns, 3, rng)
    head = ["no", "name", "born", "hired", "unit", "rank", "stage", "mentor"]
    body = [[k + 1, r["name"], f"{r['born'][0]}", f"{r['hired'][0]}", r["unit"], r["rank"] or "一级科员",
             "导师" if k in (0, 12) else "", ""] for k, r in enumerate(rows)]  # fmt: skip
    body[9][7], body[10][7], body[22][7] = rows[0]["name"], rows[0]["name"], "14"  # row 14 is rows[12]
    write_csv(out / "14_mentors_english_headers.csv", [head, *body])


def county_example(path: Path) -> None:
    """A whole county's roster as its 组织部 keeps it (scenarios/rosters/): eight units, for trying ``new --roster``.

    A 填表说明 sheet first; title and 填报单位 rows; dates as text and as date cells; posts and ranks in
    words; three village cadres; a 合计 row, notes and a sign-off line.
    """
    rng = random.Random(2027)
    width = len(HEADER)
    units = ["城关镇", "东山乡", "西岭镇", "南湖街道", "北坡乡", "青石镇", "白溪乡", "桃源镇"]
    rows = []
    for k, unit in enumerate(units):
        rows += people([unit], 18 + (k * 5) % 9, rng, first=len(rows))
    for k, post in enumerate(["村党组织书记", "村委会主任", "桃源村党委书记"]):
        rows.append({**rows[5 + 20 * k], "name": f"村干部{k:02d}", "post": post, "rank": ""})
    body = table(rows, "mixed")
    for k in range(0, len(body), 3):  # every third row's dates as date cells
        body[k][3], body[k][4] = dt.datetime(*rows[k]["born"], 1), dt.datetime(*rows[k]["hired"], 1)
    sheet = [*title_rows("示例县", width), HEADER, *body, *tail_rows(len(rows), width)]
    workbook([("填表说明", INSTRUCTIONS), ("乡镇干部", sheet)], path)
    stamp(path)


if __name__ == "__main__":
    main()
    county_example(OUT.parent.parent.parent / "scenarios" / "rosters" / "示例县乡镇干部花名册.xlsx")
