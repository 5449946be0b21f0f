"""Every text a page shows comes from the catalog: AppTests in the pseudo-language and in English.

In :data:`geo.i18n.PSEUDO` every catalog message comes out as ``⟦message⟧``. Each page (and each
state that needs a click: a commune's panel, the comparison, an upload, an undo, a built and a
saved plan, the meeting pack) is run in it; every text of the AppTest tree is collected (titles,
markdown, captions, alerts, metric labels and values, button and widget labels, help,
placeholders, options, tabs, expanders, dataframe headers and text cells, the map's legend and
tooltip labels, the charts' titles). With the ``⟦…⟧`` spans removed, what is left may hold only
digits, punctuation, units, what :mod:`geo.fmt` writes from Babel's locale data (weekday names,
the "điểm %" unit) and DATA: the names of communes, districts and teams, place names, notes,
file and user names, read from the page's own store and boundaries and the uploaded file
(never typed here). Anything else did not go through the catalog; the test lists it per page and
state, grouped by the words at fault. Each chart must also carry the language's number locale
(``config.locale``: Vega formats in the browser, en-US by default).

The same states are run in English: no Vietnamese letter may remain outside data names. And a
page run in the pseudo-language then in English on the same store must not get the first run's
``⟦…⟧`` texts back from a cache that ignores the language.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.proto.Block_pb2 import Block as BlockProto
from streamlit.testing.v1 import AppTest

from geo.config import Settings
from geo.i18n import PSEUDO
from tests.samples import VISITS_CSV_ONE_BAD_ROW
from tests.shared_data import DATA_DIR, needs_data
from tests.views.helpers import page_test

#: Letters only Vietnamese writes (texts are compared lower-cased).
VIETNAMESE_LETTER = re.compile(
    "[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]"
)
#: Words a page may show outside the catalog: units and the product's name.
UNITS = {"km", "m", "dpi", "VNeID"}
#: A catalog message in the pseudo-language (innermost first: messages nest).
BRACKETED = re.compile(r"⟦[^⟦⟧]*⟧")
DATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
)
FILE_NAME = re.compile(r"[\w.-]+\.(?:csv|xlsx|xls|pdf|png|docx|zip|geojson)\b", re.IGNORECASE)
#: Streamlit markdown directives: ``:material/map:``, ``:red[…]``, emoji short codes.
DIRECTIVE = re.compile(r":material/[a-z_]+:|:[a-z]+(?=\[)|:[a-z_]+:")
WORD = re.compile(r"[^\W\d_]+")
DAY = re.compile(r"\b\d{2}/\d{2}/\d{4}\b|^\d{4}-\d{2}-\d{2}")
#: Columns of the store's tables and the boundaries that hold data, not UI text.
DATA_COLUMNS = (
    "name",
    "full_name",
    "district_name",
    "team",
    "place_name",
    "note",
    "file_name",
    "user",
    "username",
    "display_name",
    "created_by",
    "published_by",
    "undone_by",
)
#: Dataframes larger than this are sampled (their first rows and every distinct text).
MAX_ROWS = 300


# --- collecting the texts of an AppTest tree ----------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """One text on the page and where it is (element type and field)."""

    where: str
    text: str


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"style", "script"}:
            self._skip += 1
        for name, value in attrs:
            if name in {"title", "alt", "aria-label", "placeholder"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in {"style", "script"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data)


def html_texts(markup: str) -> list[str]:
    """The visible texts of an HTML fragment (and its ``title``/``alt`` attributes).

    >>> html_texts('<style>b{x:1}</style><div title="Chú giải"><b>⟦Tổ⟧</b> 3 &amp; 4</div>')
    ['Chú giải', '⟦Tổ⟧', ' 3 & 4']
    """
    parser = _TextOfHtml()
    parser.feed(markup)
    return parser.parts


def _walk(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


#: Proto fields that a person reads, per element (besides options and the special cases).
TEXT_FIELDS = ("label", "body", "help", "placeholder", "text", "caption", "title", "delta")


def _frame_texts(where: str, proto) -> Iterator[Shown]:
    """Headers, index labels and text cells of a dataframe (display values when styled)."""
    frame = convert_arrow_bytes_to_pandas_df(proto.arrow_data.data)
    config = json.loads(proto.columns) if getattr(proto, "columns", "") else {}
    styled = proto.arrow_data.styler.display_values if proto.arrow_data.HasField("styler") else b""
    shown = convert_arrow_bytes_to_pandas_df(styled) if styled else frame
    for column in frame.columns:
        names = column if isinstance(column, tuple) else (column,)
        conf = config.get(str(column)) or {}
        if conf.get("hidden"):
            continue
        if conf.get("label"):
            yield Shown(f"{where} header", str(conf["label"]))
        else:
            yield from (Shown(f"{where} header", str(n)) for n in names if str(n))
        if conf.get("help"):
            yield Shown(f"{where} header help", str(conf["help"]))
        for option in (conf.get("type_config") or {}).get("options") or []:
            yield Shown(f"{where} «{column}» option", str(option))
    for name in frame.index.names:
        if name:
            yield Shown(f"{where} index name", str(name))
    texts: set[str] = set()
    head = shown.head(MAX_ROWS)
    for column in head.columns:
        conf = config.get(str(column)) or {}
        if conf.get("hidden"):
            continue
        texts |= {v for v in head[column].tolist() if isinstance(v, str)}
    if frame.index.dtype == object:
        texts |= {v for v in frame.index[:MAX_ROWS].tolist() if isinstance(v, str)}
    yield from (Shown(f"{where} cell", t) for t in sorted(texts))


def _chart_texts(where: str, spec: dict) -> Iterator[Shown]:
    """Titles, axis and legend titles, tooltip titles and text marks of a Vega-Lite spec."""

    def visit(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in {"datasets", "data", "$schema", "usermeta", "config"}:
                    continue
                visit(v, k)
        elif isinstance(node, list):
            for item in node:
                visit(item, key)
        elif isinstance(node, str) and key in {"title", "text", "subtitle", "description"}:
            yield_list.append(Shown(f"{where} {key}", node))

    yield_list: list[Shown] = []
    visit(spec)
    yield from yield_list


def _chart_data_texts(where: str, proto) -> Iterator[Shown]:
    """Text values of the datasets of a chart (series and legend entries come from them)."""
    datasets = [proto.data] if proto.HasField("data") else []
    datasets += [d.data for d in proto.datasets]
    for data in datasets:
        if not data.data:
            continue
        frame = convert_arrow_bytes_to_pandas_df(data.data)
        for column in frame.columns:
            values = {v for v in frame[column].head(MAX_ROWS).tolist() if isinstance(v, str)}
            yield from (Shown(f"{where} data «{column}»", v) for v in sorted(values))


_ALIASES = re.compile(r"let aliases = (\[.*?\]);")
_TOOLTIP = re.compile(r"\.bindTooltip\(\s*`(.*?)`", re.DOTALL)
_PROPERTIES = re.compile(r'"properties":\s*(\{[^{}]*\})')
#: Properties of a map feature shown in its tooltip that are not data (labels and values).
MAP_LABEL_PROPERTIES = ("loai", "giatri")


def _map_texts(args: dict) -> Iterator[Shown]:
    """The tooltip labels and shown values of a streamlit-folium map, and its HTML tooltips."""
    script = args.get("script", "") + (args.get("feature_group") or "") + args.get("html", "")
    for match in _ALIASES.finditer(script):
        for alias in json.loads(match.group(1)):
            yield from (Shown("map tooltip label", t) for t in html_texts(alias))
    values: set[str] = set()
    for match in _PROPERTIES.finditer(script):
        props = json.loads(match.group(1))
        values |= {str(props[k]) for k in MAP_LABEL_PROPERTIES if props.get(k)}
    yield from (Shown("map tooltip value", v) for v in sorted(values))
    tips: set[str] = set()
    for match in _TOOLTIP.finditer(script):
        tip = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), match.group(1))
        tips |= {" ".join(t.split()) for t in html_texts(tip)}
    yield from (Shown("map marker tooltip", t) for t in sorted(tips))


def visible_texts(at: AppTest) -> list[Shown]:
    """Every text of the page's element tree a person can read, with where it is."""
    out: list[Shown] = []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", None) or type(node).__name__
        if proto is None:
            continue
        if isinstance(proto, BlockProto):
            block = proto.WhichOneof("type")
            inner = getattr(proto, block) if block else None
            for name in ("label", "title", "help"):
                value = getattr(inner, name, "") if inner is not None else ""
                if value:
                    out.append(Shown(f"{block} {name}", value))
            continue
        if kind == "exception":
            out.append(Shown("EXCEPTION", f"{proto.type}: {proto.message}"))
            continue
        if kind in {"dataframe", "arrow_data_frame", "data_editor", "table", "arrow_table"}:
            if hasattr(proto, "arrow_data"):
                out += _frame_texts(kind, proto)
            continue
        if kind in {"arrow_vega_lite_chart", "vega_lite_chart"} or hasattr(proto, "spec"):
            spec = getattr(proto, "spec", "")
            if spec:
                out += _chart_texts("chart", json.loads(spec))
                out += _chart_data_texts("chart", proto)
            continue
        if kind == "component_instance":
            if "folium" in getattr(proto, "component_name", ""):
                out += _map_texts(json.loads(proto.json_args))
            continue
        if kind == "html":
            out += [Shown("html", t) for t in html_texts(proto.body)]
            continue
        for name in TEXT_FIELDS:
            value = getattr(proto, name, None)
            if not (isinstance(value, str) and value):
                continue
            if name == "body" and re.search(r"<[a-z][^>]*>", value):
                out += [Shown(f"{kind} {name}", t) for t in html_texts(value)]
            else:
                out.append(Shown(f"{kind} {name}", html.unescape(value)))
        options = getattr(proto, "options", None)
        if options is not None and not isinstance(options, str):
            for option in options:
                text = option if isinstance(option, str) else getattr(option, "content", "")
                if text:
                    out.append(Shown(f"{kind} option", text))
    return out


# --- what may remain outside the catalog ---------------------------------------------------------


@dataclass
class DataNames:
    """The data a page may show as it is: names from its store and its boundaries."""

    names: set[str] = field(default_factory=set)

    def add_frame(self, frame: pd.DataFrame) -> None:
        for column in DATA_COLUMNS:
            if column in frame.columns:
                self.names |= {str(v).strip() for v in frame[column].dropna() if str(v).strip()}

    def add(self, *values: str) -> None:
        self.names |= {v for v in values if v}

    @property
    def pattern(self) -> re.Pattern:
        """One regex of every name, longest first, each standing as whole words."""
        alternatives = "|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if alternatives else re.compile("$^")


def format_words() -> set[str]:
    """What :mod:`geo.fmt` writes in Vietnamese besides digits: weekday names, units.

    These follow the language without the catalog (Babel's locale data), so the
    pseudo-language, which formats as Vietnamese, shows them unbracketed.

    >>> sorted(format_words())[:3]
    ['Chủ Nhật', 'Thứ Ba', 'Thứ Bảy']
    """
    from geo.fmt import format_signed_points, format_weekday
    from geo.i18n import language

    with language("vi"):
        words = {format_weekday(dt.date(2023, 3, 13) + dt.timedelta(days=i)) for i in range(7)}
        words |= set(WORD.findall(format_signed_points(0.012)))
    return words


def store_data_names(db_url: str, data_dir: Path | None, versions: tuple[str, ...]) -> DataNames:
    """The names a page on this store and data directory may show unchanged (and the words
    of :func:`format_words`)."""
    from geo.places.boundaries import load_boundaries
    from geo.store import Store

    data = DataNames()
    data.add(*format_words())
    store = Store(db_url)
    try:
        for frame in (store.communes(), store.teams(), store.visits(), store.batches()):
            data.add_frame(frame)
        data.add_frame(store.accounts())  # usernames, display names, teams
        data.add_frame(store.plans())
        data.add_frame(store.audit_log())
    finally:
        store.close()
    for version in versions:
        data.add_frame(load_boundaries(version, data_dir).gdf)
    return data


def strip_known(text: str, data: re.Pattern) -> str:
    """``text`` without catalog spans, data names, dates, file names and markdown directives.

    >>> strip_known("⟦Tổ ⟦hộ⟧⟧ · Phường X: 12,5 % (2023-02-13) tổ_1.csv", re.compile("Phường X"))
    ' · : 12,5 % () '
    """
    text = unicodedata.normalize("NFC", html.unescape(text))
    previous = None
    while previous != text:
        previous, text = text, BRACKETED.sub("", text)
    text = data.sub("", text)
    text = FILE_NAME.sub("", text)
    text = DATE.sub("", text)
    return DIRECTIVE.sub("", text)


def foreign_words(text: str, data: re.Pattern) -> list[str]:
    """Words of ``text`` that neither the catalog nor the data explain.

    >>> foreign_words("⟦Đã nhập {n} dòng⟧ · 1.923 km", re.compile("$^"))
    []
    >>> foreign_words("⟦Tải⟧ (PDF) hộ gia đình", re.compile("$^"))
    ['PDF', 'hộ', 'gia', 'đình']
    """
    return [w for w in WORD.findall(strip_known(text, data)) if w not in UNITS]


def vietnamese_words(text: str, data: re.Pattern) -> list[str]:
    """Words of ``text`` with a Vietnamese letter, outside data names and file names.

    >>> vietnamese_words("Tổ 1 (DEMO): 3 visits, chưa", re.compile(r"Tổ 1 \\(DEMO\\)"))
    ['chưa']
    """
    text = data.sub("", unicodedata.normalize("NFC", html.unescape(text)))
    return [w for w in WORD.findall(FILE_NAME.sub("", text)) if VIETNAMESE_LETTER.search(w.lower())]


def report(shown: list[Shown], check: Callable[[str], list[str]], examples: int = 3) -> list[str]:
    """One line per kind of offence (where, the words at fault), with a few of its texts.

    >>> shown = [Shown("cell", f"{n} hộ") for n in range(5)] + [Shown("label", "⟦Tổ⟧")]
    >>> report(shown, lambda t: foreign_words(t, re.compile("$^")))
    ["  [cell] hộ: '0 hộ' | '1 hộ' | '2 hộ' (+2 more)"]
    """
    groups: dict[tuple[str, str], list[str]] = {}
    for item in shown:
        words = check(item.text)
        if item.where in {"EXCEPTION", "CHART LOCALE"}:
            words = [item.where.lower()]
        if words:
            key = (item.where, " ".join(dict.fromkeys(words)))
            texts = groups.setdefault(key, [])
            if item.text not in texts:
                texts.append(item.text)
    lines = []
    for (where, words), texts in groups.items():
        more = f" (+{len(texts) - examples} more)" if len(texts) > examples else ""
        shown_texts = " | ".join(repr(t[:200]) for t in texts[:examples])
        lines.append(f"  [{where}] {words}: {shown_texts}{more}")
    return lines


# --- the pages and their states -------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """A page and what to do before reading it (seeded session state, clicks...)."""

    page: str
    name: str
    steps: Callable[[AppTest], AppTest] = lambda at: at
    session: tuple[tuple[str, object], ...] = ()
    data_dir: Path | None = None
    versions: tuple[str, ...] = ("approximate",)
    #: A CSV file the steps upload: its cells are data (what the user typed).
    upload: bytes | None = None
    #: Who is signed in (a role of tests.views.helpers.as_user): the one whose job the state is.
    user: str = "commander"

    @property
    def id(self) -> str:
        return f"{self.page.removesuffix('.py')}:{self.name}"


def _click(key: str) -> Callable[[AppTest], AppTest]:
    def step(at: AppTest) -> AppTest:
        return at.button(key=key).click().run()

    return step


def _then(*steps: Callable[[AppTest], AppTest]) -> Callable[[AppTest], AppTest]:
    def step(at: AppTest) -> AppTest:
        for one in steps:
            at = one(at)
            assert not at.exception, at.exception
        return at

    return step


def _upload(at: AppTest) -> AppTest:
    at = at.file_uploader(key="data_upload").upload("tổ_1.csv", VISITS_CSV_ONE_BAD_ROW, "text/csv")
    at = at.run()
    assert len(at.metric) >= 2, "the upload shows no check report"
    return at


def _wrong_kind(at: AppTest) -> AppTest:
    return _upload(at.radio(key="data_kind").set_value("targets").run())


def _hand_edit(at: AppTest) -> AppTest:
    """Give the first visit to the team of the second one the same day: a clash to report.

    The editor («plan_edit») is found by its key and its columns by their data (team names,
    dates), so that the step works in every language.
    """
    (editor,) = [df for df in at.dataframe if "plan_edit" in df.proto.id]
    frame = editor.value
    teams = set(at.multiselect(key="plan_teams").options)
    team_col = next(c for c in frame.columns if set(frame[c].dropna()) <= teams)
    day_col = next(
        c
        for c in frame.columns
        if frame[c].map(lambda v: isinstance(v, dt.date) or bool(DAY.search(str(v)))).all()
    )
    first_day = frame[frame[day_col] == frame[day_col].iloc[0]]
    at.session_state["plan_edit"] = {
        "edited_rows": {0: {team_col: first_day[team_col].iloc[1]}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at = at.run()
    assert len(at.error) >= 1, "the hand edit made no clash to report"
    return at


PLAN = (("plan_days", 2), ("plan_time_limit", 5))

STATES = [
    State("map.py", "at rest"),
    State(
        "map.py",
        "a commune's panel, visits shown",
        session=(("selected_code", "13291"), ("show_visits", True)),
    ),
    State("map.py", "two dates compared", session=(("compare", True),)),
    State("map.py", "a name filter that finds nothing", session=(("gap_filter", "le hong phonk"),)),
    State("data.py", "at rest", user="clerk"),
    State(
        "data.py",
        "an upload checked",
        steps=_upload,
        upload=VISITS_CSV_ONE_BAD_ROW,
        user="clerk",
    ),
    State(
        "data.py",
        "an upload imported",
        steps=_then(_upload, _click("data_import")),
        upload=VISITS_CSV_ONE_BAD_ROW,
        user="clerk",
    ),
    State(
        "data.py",
        "a file of the wrong kind",
        steps=_wrong_kind,
        upload=VISITS_CSV_ONE_BAD_ROW,
        user="clerk",
    ),
    State("data.py", "an undo to confirm", steps=_click("data_undo_3"), user="clerk"),
    State(
        "data.py",
        "an import undone",
        steps=_then(_click("data_undo_3"), _click("data_undo_yes_3")),
        user="clerk",
    ),
    State("planner.py", "at rest", session=PLAN, user="planner"),
    State(
        "planner.py", "a schedule built", session=PLAN, user="planner", steps=_click("plan_build")
    ),
    State(
        "planner.py",
        "a hand edit with a clash",
        session=PLAN,
        user="planner",
        steps=_then(_click("plan_build"), _hand_edit),
    ),
    State(
        "planner.py",
        "a notice search that finds nothing",
        session=(*PLAN, ("plan_notice_code_search", "thanh haa")),
        user="planner",
        steps=_click("plan_build"),
    ),
    State(
        "planner.py",
        "a draft saved",
        session=PLAN,
        user="planner",
        steps=_then(_click("plan_build"), _click("plan_save")),
    ),
    State(
        "planner.py",
        "team details saved",
        session=PLAN,
        user="planner",
        steps=_click("plan_teams_save"),
    ),
    State(
        "planner.py",
        "a plan saved and published",
        session=PLAN,
        user="planner",
        steps=_then(_click("plan_build"), _click("plan_save_publish")),
    ),
    State("progress.py", "at rest"),
    State("progress.py", "the meeting pack built", steps=_click("progress_pack")),
    # refusals: the disabled buttons say why, in the language in use
    State("data.py", "every action refused to a leader", user="leader"),
    State(
        "data.py",
        "a team leader's upload of other teams",
        steps=_upload,
        upload=VISITS_CSV_ONE_BAD_ROW,
        user="team_leader",
    ),
    State("planner.py", "every action refused to a leader", session=PLAN, user="leader"),
    State("progress.py", "the meeting pack refused to a planner", user="planner"),
    # the administrators' pages, and what every other role gets there
    State("accounts.py", "at rest", user="admin"),
    State("audit.py", "at rest", user="admin"),
    State("accounts.py", "refused to a commander", user="commander"),
    State("password.py", "at rest", user="clerk"),
]
REAL_DATA_STATES = [
    State(
        "map.py",
        "real boundaries",
        data_dir=DATA_DIR,
        versions=("2020-2024", "2025-07", "approximate"),
    ),
    State(
        "progress.py",
        "real boundaries",
        data_dir=DATA_DIR,
        versions=("2020-2024", "2025-07", "approximate"),
    ),
]


#: How each language writes numbers: ``(decimal, thousands)`` (the pseudo-language formats as
#: Vietnamese).
NUMBER_SEPARATORS = {"vi": (",", "."), PSEUDO: (",", "."), "en": (".", ",")}


def chart_specs(at: AppTest) -> list[dict]:
    """The Vega-Lite specs of the page's charts."""
    return [
        json.loads(node.proto.spec)
        for node in _walk(at._tree)
        if getattr(node, "proto", None) is not None and getattr(node.proto, "spec", "")
    ]


def chart_locale_problems(specs: list[dict], lang: str) -> list[str]:
    """Charts whose axes and tooltips would write numbers or dates in another language.

    Vega formats on the client, in en-US unless the spec's ``config.locale`` says otherwise.

    >>> vi = {"config": {"locale": {"number": {"decimal": ",", "thousands": "."}}}}
    >>> chart_locale_problems([vi], "vi"), chart_locale_problems([{}], "en")
    ([], [])
    >>> chart_locale_problems([{"mark": "bar"}], "vi")
    ['chart 1: no config.locale.number: Vega writes numbers the en-US way (5,000)']
    >>> chart_locale_problems([vi], "en")
    ["chart 1: config.locale.number has decimal ',' and thousands '.', expected '.' and ','"]
    """
    decimal, thousands = NUMBER_SEPARATORS[lang]
    problems = []
    for i, spec in enumerate(specs, start=1):
        locale = (spec.get("config") or {}).get("locale") or {}
        number = locale.get("number")
        if number is None:
            if lang != "en":
                problems.append(
                    f"chart {i}: no config.locale.number: Vega writes numbers the en-US way (5,000)"
                )
        elif (number.get("decimal"), number.get("thousands")) != (decimal, thousands):
            problems.append(
                f"chart {i}: config.locale.number has decimal {number.get('decimal')!r} and "
                f"thousands {number.get('thousands')!r}, expected {decimal!r} and {thousands!r}"
            )
        names = " ".join(
            str(n)
            for key in ("days", "shortDays", "months", "shortMonths", "periods")
            for n in (locale.get("time") or {}).get(key, [])
        )
        if lang == "en" and VIETNAMESE_LETTER.search(names.lower()):
            problems.append(f"chart {i}: config.locale.time is Vietnamese: {names[:80]!r}")
    return problems


def run_state(
    state: State, lang: str, tmp_path: Path, *, fresh_caches: bool = True
) -> tuple[list[Shown], re.Pattern]:
    """Run ``state`` in ``lang`` on a fresh store; return the page's texts and its data names.

    Streamlit's caches live as long as the process: they are emptied first (unless
    ``fresh_caches`` is false), so that no other test's language leaks in.
    """
    if fresh_caches:
        st.cache_data.clear()
        st.cache_resource.clear()
    db_url = f"sqlite:///{tmp_path / 'page.db'}"
    settings = Settings(data_dir=state.data_dir, db_url=db_url)
    at = page_test(state.page, settings, 180, lang=lang, user=state.user)
    for key, value in state.session:
        at.session_state[key] = value
    at = at.run()
    assert not at.exception, at.exception
    at = state.steps(at)
    data = store_data_names(db_url, state.data_dir, state.versions)
    if state.upload is not None:
        data.add(
            *(c.strip() for line in state.upload.decode().splitlines() for c in line.split(","))
        )
    shown = visible_texts(at)
    shown += [Shown("CHART LOCALE", p) for p in chart_locale_problems(chart_specs(at), lang)]
    return shown, data.pattern


def _states(states):
    return [pytest.param(s, id=s.id) for s in states]


ALL_STATES = _states(STATES) + [
    pytest.param(s, id=s.id, marks=[needs_data, pytest.mark.shared_data]) for s in REAL_DATA_STATES
]


@pytest.mark.parametrize("state", ALL_STATES)
def test_every_text_on_the_page_comes_from_the_catalog(state, tmp_path):
    shown, data = run_state(state, PSEUDO, tmp_path)
    assert shown, "no text collected"
    lines = report(shown, lambda text: foreign_words(text, data))
    assert not lines, (
        f"{state.id}: {len(lines)} texts did not come from the catalog:\n" + "\n".join(lines)
    )


@pytest.mark.parametrize("state", ALL_STATES)
def test_the_english_page_has_no_vietnamese_outside_data(state, tmp_path):
    shown, data = run_state(state, "en", tmp_path)
    lines = report(shown, lambda text: vietnamese_words(text, data))
    assert not lines, f"{state.id}: {len(lines)} texts still Vietnamese:\n" + "\n".join(lines)


#: States whose caches (``ui.state``, ``st.cache_*``) hold text: boundaries, payloads, tables.
CACHE_STATES = (
    "map:at rest",
    "map:a commune's panel, visits shown",
    "data:at rest",
    "planner:a schedule built",
    "progress:the meeting pack built",
)


@pytest.mark.parametrize("state", _states([s for s in STATES if s.id in CACHE_STATES]))
def test_no_cache_serves_one_languages_text_to_another(state, tmp_path):
    """The same page on the same store in the pseudo-language, then in English: a cache keyed
    without the language hands the second session the first one's ``⟦…⟧`` texts."""
    run_state(state, PSEUDO, tmp_path)
    shown, _data = run_state(state, "en", tmp_path, fresh_caches=False)
    leaked = report([s for s in shown if "⟦" in s.text], lambda text: ["⟦…⟧"])
    assert not leaked, (
        f"{state.id}: texts cached in another language (key the cache on "
        "geo.i18n.language_key()):\n" + "\n".join(leaked)
    )
