"""Reading comment exports: columns found by their aliases in any layout a listening tool or page
inbox writes, and every fault reported with file, row and column — across all files, with
nothing imported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.problems import ImportFailed, ImportProblem
from bot.listening.reader import NOT_STATED, normalise_header, parse_date, read_files
from bot.listening.runner import run_listening


def write(path: Path, *lines: str, encoding: str = "utf-8") -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding=encoding)
    return path


def read_one(path: Path):
    (found,) = read_files([path], {path: path.name})
    return found


def problems(*paths: Path) -> list[ImportProblem]:
    with pytest.raises(ImportFailed) as caught:
        read_files(list(paths), {p: p.name for p in paths})
    return caught.value.problems


# --------------------------------------------------------------------------------------------
# What is accepted
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [("Comment Text", "comment text"), ("Created_Time (UTC)", "created time"),
     ("  FULL   text ", "full text"), ("in_reply_to", "in reply to"), ("\ufeffDate", "date")],
)
def test_headers_are_normalised(header: str, expected: str) -> None:
    assert normalise_header(header) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-12", dt.date(2026, 3, 12)),
        ("2026-03-12T14:30:00Z", dt.date(2026, 3, 12)),
        ("2026-03-12T23:30:00+01:00", dt.date(2026, 3, 12)),
        ("2026-03-12 14:30", dt.date(2026, 3, 12)),
        ("12/03/2026", dt.date(2026, 3, 12)),
        ("12/03/2026 14:30", dt.date(2026, 3, 12)),
        ("12 Mar 2026", dt.date(2026, 3, 12)),
        ("12 March 2026", dt.date(2026, 3, 12)),
        ("Mar 12, 2026", dt.date(2026, 3, 12)),
        ("2026-03-12 14:30 UTC", dt.date(2026, 3, 12)),
        ("Thu Mar 12 14:30:00 +0000 2026", dt.date(2026, 3, 12)),
        ("yesterday", None),
        ("", None),
    ],
)
def test_dates(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_listening_tool_layout_with_title_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mentions.csv",
        "Mentions export (sample)",
        "Query: Brackenford,,,,,",
        "",
        "Date,Page Type,Author,Full Text,Url,Replied",
        "2026-01-10 09:00,twitter,jdawson,The bins were missed again,https://x.example/1,No",
        "2026-01-11 10:00,facebook,Janet Dawson,Thanks for the flood updates,https://f.example/2,yes",
        "2026-01-12 11:00,,Sam Smith,,https://f.example/3,",
    )
    found = read_one(path)
    assert found.rows_read == 3
    assert [c.row for c in found.comments] == [5, 6]
    first, second = found.comments
    assert (first.platform, first.author, first.replied) == ("X (Twitter)", "jdawson", False)
    assert (second.platform, second.text, second.replied) == ("Facebook", "Thanks for the flood updates", True)


def test_semicolons_utf16_and_aliases(tmp_path: Path) -> None:
    path = tmp_path / "inbox.csv"
    path.write_text(
        "Created Time;Message;Username;Answered\n12/03/2026;Is my council tax going up?;kim;1\n",
        encoding="utf-16",
    )
    (comment,) = read_one(path).comments
    assert comment.date == dt.date(2026, 3, 12)
    assert comment.platform == NOT_STATED
    assert comment.replied is True


def test_multi_line_cells_keep_spreadsheet_rows(tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", "date,comment", '2026-01-01,"line one', 'line two"', "2026-01-02,next")
    assert [c.row for c in read_one(path).comments] == [2, 3]


def test_organisation_own_rows_are_skipped(tmp_path: Path) -> None:
    path = write(
        tmp_path / "c.csv",
        "date,comment,type",
        "2026-01-01,When is my bin day?,comment",
        "2026-01-01,Your bin day is Tuesday,Page reply",
        "2026-01-02,Thanks!,",
    )
    found = read_one(path)
    assert found.rows_read == 3
    assert [c.text for c in found.comments] == ["When is my bin day?", "Thanks!"]


def test_preferred_text_column_wins(tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", "Date,Snippet,Full Text", "2026-01-01,short…,the whole comment")
    assert read_one(path).comments[0].text == "the whole comment"


# --------------------------------------------------------------------------------------------
# What is refused
# --------------------------------------------------------------------------------------------


def test_no_text_column(tmp_path: Path) -> None:
    (problem,) = problems(write(tmp_path / "a.csv", "Date,Likes", "2026-01-01,3"))
    assert problem.file == "a.csv"
    assert "no column of comment text" in problem.message


def test_no_date_column(tmp_path: Path) -> None:
    (problem,) = problems(write(tmp_path / "a.csv", "Message,Likes", "hello,3"))
    assert (problem.row, "no date column" in problem.message) == (1, True)


def test_bad_dates_name_row_and_column(tmp_path: Path) -> None:
    found = problems(write(
        tmp_path / "a.csv", "Posted At,Message", "2026-01-01,ok", "soon,bad", "03/25/2026,us style", ",empty"
    ))
    assert [(p.row, p.column) for p in found] == [(3, "Posted At"), (4, "Posted At"), (5, "Posted At")]
    assert "'soon' is not a date" in found[0].message
    assert "month first" in found[1].message
    assert found[2].message == "the date is empty"


def test_bad_replied_value(tmp_path: Path) -> None:
    (problem,) = problems(write(tmp_path / "a.csv", "Date,Message,Replied", "2026-01-01,hi,maybe"))
    assert (problem.row, problem.column) == (2, "Replied")
    assert "'maybe' is not yes or no" in problem.message


def test_duplicated_header(tmp_path: Path) -> None:
    (problem,) = problems(write(tmp_path / "a.csv", "Date,Message,message", "2026-01-01,a,b"))
    assert (problem.row, problem.column) == (1, "message")
    assert "appears twice (columns B and C)" in problem.message


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ((), "the file is empty"),
        (("Date,Message",), "the file has a header but no rows"),
        (("Date,Message", "2026-01-01,", "2026-01-02,  "), "no comments: the 'Message' column is empty in every row"),
    ],
)
def test_empty_files(tmp_path: Path, lines: tuple[str, ...], message: str) -> None:
    (problem,) = problems(write(tmp_path / "a.csv", *lines))
    assert problem.message == message


def test_not_csv(tmp_path: Path) -> None:
    workbook = tmp_path / "a.xlsx"
    workbook.write_bytes(b"PK\x03\x04 not really")
    disguised = tmp_path / "b.csv"
    disguised.write_bytes(b"PK\x03\x04 a workbook renamed")
    binary = tmp_path / "c.csv"
    binary.write_bytes(b"\x80\x81\x82 not text")
    found = problems(workbook, disguised, binary)
    assert [p.file for p in found] == ["a.xlsx", "b.csv", "c.csv"]
    assert "unsupported file type '.xlsx'" in found[0].message
    assert "not CSV text" in found[1].message
    assert "not UTF-8" in found[2].message


def test_problems_from_every_file_and_capped(tmp_path: Path) -> None:
    good = write(tmp_path / "good.csv", "Date,Message", "2026-01-01,fine")
    many = write(tmp_path / "many.csv", "Date,Message", *[f"day {n},text" for n in range(40)])
    none = write(tmp_path / "none.csv", "Likes", "3")
    with pytest.raises(ImportFailed) as caught:
        run_listening([good, many, none])
    found = caught.value.problems
    assert {p.file for p in found} == {"many.csv", "none.csv"}
    in_many = [p for p in found if p.file == "many.csv"]
    assert len(in_many) == 25
    assert in_many[-1].message == "… and 16 more problems like these in this file"
    assert "nothing was imported" in str(caught.value)


def test_no_files(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="no CSV files"):
        run_listening([tmp_path])
