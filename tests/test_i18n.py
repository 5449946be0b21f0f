"""The message catalog: complete, in step with the source, used the way ``geo.i18n`` says.

Four groups of checks, each reporting every offender at once (``file:line`` and the message):

- the English catalog (``geo/locale/en/LC_MESSAGES/messages.po``) against the messages that
  Babel extracts from the source with the mapping in ``babel.cfg``: every message translated
  (plural forms too), nothing obsolete, the same ``{placeholders}``, no Vietnamese letter in an
  English sentence (except inside «…» and in a short list of proper names);
- the source itself (AST): no translation at import time, only literal messages (or names of
  ``N_``-marked constants) passed to ``_()``, placeholders filled by name, ``_`` imported from
  ``geo.i18n``, caches of translated text keyed on the language, and no Vietnamese literal
  outside the catalog in the code that draws pages (``app.py``, ``views/``, ``ui/``);
- the glossary (``../shared/GLOSSARY.md``): the core Vietnamese terms always get the glossary's
  English term;
- :mod:`geo.i18n` itself: the ``language`` context, threads, ``parse_language``, the
  pseudo-language.
"""

from __future__ import annotations

import ast
import re
import string
import threading
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from geo import i18n
from geo.config import REPO_ROOT
from geo.i18n import PSEUDO, _, current_language, language, language_key, ngettext

PO_PATH = i18n.catalog_path("en")
GLOSSARY = REPO_ROOT.parent / "shared" / "GLOSSARY.md"

#: The letters only Vietnamese writes (lower case; texts are compared lower-cased).
VIETNAMESE_LETTER = re.compile(
    "[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]"
)
#: Proper names an English sentence keeps as they are, when its Vietnamese message has them too
#: (place names, and team names such as «Tổ 1», which are data).
PROPER_NAMES = tuple(
    re.compile(p)
    for p in (r"Hà Nam", r"Phủ Lý", r"Lê Hồng Phong", r"Tiếng Việt", r"Việt Nam", r"Tổ \d+")
)
#: A «quoted» span (a name, a column header or a page title the user sees as such).
QUOTED = re.compile(r"«[^«»]*»")

#: Function names that translate (``_`` is ``gettext``) and that only mark (``N_``).
TRANSLATE = {"_", "gettext", "ngettext"}
MARK = {"N_"}
#: Source folders and files the catalog is extracted from (``babel.cfg``).
SOURCE_ROOTS = ("app.py", "geo", "ui", "views")
#: Scripts that Streamlit runs from the top on every rerun (module level is run time there).
PAGE_SCRIPTS = {"app.py", "views/map.py", "views/data.py", "views/planner.py", "views/progress.py"}
#: Decorators whose result is kept between calls, hence between languages.
CACHE_DECORATORS = {"cache", "lru_cache", "cache_data", "cache_resource", "cached_property"}


# --- the catalog and the source's messages ----------------------------------------------------


@dataclass(frozen=True)
class Extracted:
    """One message as Babel's extractor found it in the source."""

    where: str
    msgid: str | tuple[str, ...]

    @property
    def key(self) -> str:
        return self.msgid if isinstance(self.msgid, str) else self.msgid[0]


@cache
def extracted() -> tuple[Extracted, ...]:
    """Every message of the source, with the mapping of ``babel.cfg`` (as ``pybabel extract``)."""
    with (REPO_ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    return tuple(
        Extracted(f"{filename}:{lineno}", message)
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(REPO_ROOT), method_map, options_map
        )
    )


@cache
def catalog():
    """The English catalog, read with Babel."""
    with PO_PATH.open("rb") as po:
        return read_po(po, locale="en", domain=i18n.DOMAIN)


def _entries():
    """The catalog's messages (without the header entry)."""
    return [m for m in catalog() if m.id]


def _key(msgid) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def _forms(value) -> tuple[str, ...]:
    """The forms of a msgid or msgstr: one string, or the tuple of plural forms."""
    if isinstance(value, str):
        return (value,)
    return tuple(value or ())


def placeholders(text: str) -> set[str]:
    """The ``{names}`` of a ``str.format`` template (raises ValueError on unbalanced braces).

    >>> sorted(placeholders("Đã nhập {n} dòng vào xã {name:>3}; {{không}}"))
    ['n', 'name']
    """
    return {field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field}


def test_the_source_has_messages_and_the_catalog_exists():
    assert PO_PATH.is_file(), f"{PO_PATH} is missing"
    assert len(extracted()) > 0


def test_every_message_of_the_source_has_an_english_translation():
    entries = {_key(m.id): m for m in _entries()}
    missing = []
    for message in extracted():
        entry = entries.get(message.key)
        if entry is None:
            missing.append(f"{message.where}: not in the catalog: {message.msgid!r}")
        elif entry.fuzzy:
            missing.append(f"{message.where}: fuzzy: {message.msgid!r}")
        elif isinstance(message.msgid, tuple) and not isinstance(entry.id, tuple):
            missing.append(f"{message.where}: plural in the source, singular in the catalog")
        elif isinstance(entry.id, tuple) and isinstance(message.msgid, str):
            missing.append(f"{message.where}: singular in the source, plural in the catalog")
        elif not all(form.strip() for form in _forms(entry.string)) or not _forms(entry.string):
            missing.append(f"{message.where}: no English: {message.msgid!r}")
    assert not missing, f"{len(missing)} messages without English:\n" + "\n".join(missing)


def test_the_catalog_has_no_message_the_source_no_longer_uses():
    used = {m.key for m in extracted()}
    obsolete = sorted(_key(m.id) for m in _entries() if _key(m.id) not in used)
    assert not obsolete, f"{len(obsolete)} obsolete messages:\n" + "\n".join(map(repr, obsolete))


def test_a_translation_has_the_placeholders_of_its_message():
    where = {m.key: m.where for m in extracted()}
    wrong = []
    for entry in _entries():
        origin = where.get(_key(entry.id), "(not in the source)")
        try:
            expected = placeholders(_forms(entry.id)[-1])
            for form in _forms(entry.string):
                if form and placeholders(form) != expected:
                    wrong.append(
                        f"{origin}: {entry.id!r} has {sorted(expected)}, "
                        f"{form!r} has {sorted(placeholders(form))}"
                    )
        except ValueError as exc:  # an unbalanced brace: .format would raise
            wrong.append(f"{origin}: {entry.id!r} / {entry.string!r}: {exc}")
    assert not wrong, "\n".join(wrong)


def vietnamese_left(english: str, msgid: str) -> list[str]:
    """The words of an English translation that still carry a Vietnamese letter.

    Not counted: «quoted» spans, ``{placeholders}``, and the proper names of
    :data:`PROPER_NAMES` that the Vietnamese message has too.

    >>> vietnamese_left("Hà Nam Provincial Police", "Công an tỉnh Hà Nam")
    []
    >>> vietnamese_left("Open «Dữ liệu» first", "Mở «Dữ liệu» trước")
    []
    >>> vietnamese_left("e.g. Tổ 1", "ví dụ: Tổ 1"), vietnamese_left("Tổ 1 is late", "Muộn")
    ([], ['tổ'])
    >>> vietnamese_left("Số liệu until {day}", "Số liệu đến {day}")
    ['số', 'liệu']
    """
    text = QUOTED.sub(" ", unicodedata.normalize("NFC", english))
    text = re.sub(r"\{[^{}]*\}", " ", text)
    for name in PROPER_NAMES:
        if name.search(msgid):
            text = name.sub(" ", text)
    return [word for word in text.lower().split() if VIETNAMESE_LETTER.search(word)]


def test_english_translations_have_no_vietnamese_letter():
    where = {m.key: m.where for m in extracted()}
    found = []
    for entry in _entries():
        for form in _forms(entry.string):
            words = vietnamese_left(form, " ".join(_forms(entry.id)))
            if words:
                found.append(f"{where.get(_key(entry.id), '?')}: {form!r} ({', '.join(words)})")
    assert not found, f"{len(found)} English texts with Vietnamese:\n" + "\n".join(found)


# --- how the source calls the catalog (AST) ---------------------------------------------------


def source_files() -> list[Path]:
    """The Python files the catalog is extracted from (``babel.cfg``)."""
    files: list[Path] = []
    for root in SOURCE_ROOTS:
        path = REPO_ROOT / root
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


def _rel(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix()


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _called_name(node: ast.Call) -> str | None:
    """``_`` for ``_(…)``, ``ngettext`` for ``i18n.ngettext(…)``; None for anything else."""
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "i18n"
    ):
        return func.attr
    return None


def _is_main_guard(node: ast.stmt) -> bool:
    """``if __name__ == "__main__":`` (run as a program, not at import)."""
    test = getattr(node, "test", None)
    return (
        isinstance(node, ast.If)
        and isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
    )


def import_time_calls(tree: ast.Module) -> Iterator[ast.Call]:
    """Calls of ``_``/``gettext``/``ngettext`` that run when the module is imported.

    The bodies of functions and lambdas run later; their decorators, default values and
    annotations, class bodies and the module's own statements run at import.

    >>> code = '''
    ... A = _("x")
    ... def f(a=_("y")):
    ...     return _("z")
    ... class C:
    ...     label = ngettext("{n} xã", "{n} xã", 2)
    ... if __name__ == "__main__":
    ...     print(_("w"))
    ... '''
    >>> [c.args[0].value for c in import_time_calls(ast.parse(code))]
    ['x', 'y', '{n} xã']
    """

    def visit(node: ast.AST) -> Iterator[ast.Call]:
        if isinstance(node, ast.Call) and _called_name(node) in TRANSLATE:
            yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            later = {id(stmt) for stmt in node.body}
            for child in ast.iter_child_nodes(node):
                if id(child) not in later:
                    yield from visit(child)
            return
        if isinstance(node, ast.Lambda):
            yield from visit(node.args)
            return
        for child in ast.iter_child_nodes(node):
            yield from visit(child)

    for stmt in tree.body:
        if not _is_main_guard(stmt):
            yield from visit(stmt)


def test_nothing_is_translated_at_import_time():
    """A module-level ``_()`` freezes the language of the first import for every session."""
    found = []
    for path in source_files():
        if _rel(path) in PAGE_SCRIPTS or path == REPO_ROOT / "geo" / "i18n.py":
            continue
        for call in import_time_calls(_tree(path)):
            found.append(f"{_rel(path)}:{call.lineno}: {ast.unparse(call)[:100]}")
    assert not found, (
        "translated at import time (mark the constant with N_() and call _() where it is "
        "shown):\n" + "\n".join(found)
    )


def bad_message_argument(call: ast.Call) -> str | None:
    """Why the message of a ``_()``/``N_()``/``ngettext()`` call is not one Babel can extract.

    >>> bad_message_argument(ast.parse('_("Bản đồ")').body[0].value) is None
    True
    >>> bad_message_argument(ast.parse('_(VERSIONS[v].label)').body[0].value) is None
    True
    >>> bad_message_argument(ast.parse('_(str(row["label"]))').body[0].value) is None
    True
    >>> bad_message_argument(ast.parse('_(f"Tổ {n}")').body[0].value)
    'an f-string'
    >>> bad_message_argument(ast.parse('_("Tải " + kind)').body[0].value)
    'an expression (+)'
    >>> bad_message_argument(ast.parse('_("{n} xã".format(n=n))').body[0].value)
    'a call (.format)'
    >>> bad_message_argument(ast.parse('ngettext("{n} xã", plural, n)').body[0].value)
    'argument 2 is not a literal string'
    """
    name = _called_name(call)
    if call.keywords or any(isinstance(a, ast.Starred) for a in call.args):
        return "keyword or starred arguments"
    if name == "ngettext":
        if len(call.args) != 3:
            return "ngettext takes (singular, plural, n)"
        for i, arg in enumerate(call.args[:2], start=1):
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                return f"argument {i} is not a literal string"
        return None
    if len(call.args) != 1:
        return "one argument expected"
    (arg,) = call.args
    if isinstance(arg, ast.Constant):
        return None if isinstance(arg.value, str) else "not a string"
    if name in MARK:
        return "N_() marks a literal string only"
    if isinstance(arg, ast.Call) and _is_str_of_constant(arg):
        arg = arg.args[0]  # str(row["label"]): the same constant
    if isinstance(arg, (ast.Name, ast.Attribute, ast.Subscript)):
        return None  # an N_-marked constant, shown where it is used
    if isinstance(arg, ast.JoinedStr):
        return "an f-string"
    if isinstance(arg, ast.BinOp):
        return f"an expression ({_op_symbol(arg.op)})"
    if isinstance(arg, ast.Call):
        func = arg.func
        return f"a call (.{func.attr})" if isinstance(func, ast.Attribute) else "a call"
    if isinstance(arg, ast.IfExp):
        return "a conditional (Babel sees neither branch: write _('a') if c else _('b'))"
    return f"a {type(arg).__name__}"


def _is_str_of_constant(call: ast.Call) -> bool:
    """``str(name)``, ``str(obj.attr)``, ``str(row["label"])``."""
    return (
        isinstance(call.func, ast.Name)
        and call.func.id == "str"
        and len(call.args) == 1
        and not call.keywords
        and isinstance(call.args[0], (ast.Name, ast.Attribute, ast.Subscript))
    )


def _op_symbol(op: ast.operator) -> str:
    return {ast.Add: "+", ast.Mod: "%", ast.Mult: "*"}.get(type(op), type(op).__name__)


def _catalog_calls(tree: ast.Module) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node) in TRANSLATE | MARK:
            yield node


def test_messages_are_literal_strings_or_marked_constants():
    found = []
    for path in source_files():
        if path == REPO_ROOT / "geo" / "i18n.py":
            continue
        for call in _catalog_calls(_tree(path)):
            reason = bad_message_argument(call)
            if reason:
                found.append(f"{_rel(path)}:{call.lineno}: {ast.unparse(call)[:100]}  ({reason})")
    assert not found, (
        "Babel only extracts literal strings; put the variable parts in with named "
        "placeholders and .format():\n" + "\n".join(found)
    )


def _parents(tree: ast.AST) -> dict[int, ast.AST]:
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _scope(node: ast.AST, parents: dict[int, ast.AST]) -> ast.AST:
    """The function (or module) whose body holds ``node``."""
    while (parent := parents.get(id(node))) is not None:
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
            return parent
        node = parent
    return node


def _format_problem(call: ast.Call, names: set[str], exact: bool) -> str | None:
    """What is wrong with ``template.format(…)`` for a template with ``names``."""
    if isinstance(call.func, ast.Attribute) and call.func.attr == "format_map":
        return None
    if any(k.arg is None for k in call.keywords):
        return None  # **mapping: trusted
    if call.args:
        return "positional .format arguments (name them)"
    given = {k.arg for k in call.keywords if k.arg}
    problems = []
    if names - given:
        problems.append("not filled: " + ", ".join(sorted(names - given)))
    if exact and given - names:
        problems.append("unknown: " + ", ".join(sorted(given - names)))
    return "; ".join(problems) or None


def unfilled_placeholders(tree: ast.Module) -> Iterator[tuple[int, str, str]]:
    """``(line, message, problem)`` for a literal message whose ``{names}`` are not filled.

    A message with placeholders is filled by ``.format(name=…)`` right away, or kept in a
    variable that a ``.format(…)`` of the same function fills (``**mapping`` is trusted); a
    function may also return it as a template, or hand it to a helper of the same module.

    >>> code = '''
    ... a = _("Đã nhập {n} dòng").format(n=3)
    ... st.caption(_("Đã nhập {n} dòng"))
    ... c = _("{n} xã, {m} tổ").format(n=1)
    ... def f(k):
    ...     d = ngettext("{n} xã", "{n} xã", k)
    ...     return d.format(n=k)
    ... def g(rows):
    ...     on_row = _("Dòng {row}: {detail}")
    ...     return [on_row.format(row=r) for r in rows]
    ... def h():
    ...     tip = _("Tổ {team}")
    ...     return tip
    ... def k(frame):
    ...     _more_than(frame, _("số kích hoạt ({big}) lớn hơn số đăng ký ({small})"))
    ... def _more_than(frame, template):
    ...     return template.format(big=1, small=0)
    ... class Pdf:
    ...     def __init__(self):
    ...         self.page_text = _("Trang {page}/{pages}")
    ...     def footer(self):
    ...         self.cell(self.page_text.format(page=1, pages="{nb}"))
    ... '''
    >>> sorted((line, problem) for line, _m, problem in unfilled_placeholders(ast.parse(code)))
    [(3, 'never filled (no .format)'), (4, 'not filled: m'), (9, 'not filled: detail')]
    """
    parents = _parents(tree)
    local_functions = {
        n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _called_name(node) in TRANSLATE):
            continue
        literals = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if not literals or not all(isinstance(v, str) for v in literals):
            continue
        try:
            names = set().union(*(placeholders(v) for v in literals))
        except ValueError:
            continue  # unbalanced braces: reported by the catalog test
        if not names:
            continue
        parent = parents.get(id(node))
        grand = parents.get(id(parent)) if parent is not None else None
        if (
            isinstance(parent, ast.Attribute)
            and parent.attr in {"format", "format_map"}
            and isinstance(grand, ast.Call)
        ):
            problem = _format_problem(grand, names, exact=True)
            if problem:
                yield node.lineno, literals[0], problem
            continue
        holder: ast.AST | None = parent
        while isinstance(holder, (ast.IfExp, ast.BoolOp)):
            holder = parents.get(id(holder))
        if isinstance(holder, ast.keyword):
            holder = parents.get(id(holder))
        if isinstance(holder, ast.Return):
            continue  # a template handed to the caller
        if (
            isinstance(holder, ast.Call)
            and isinstance(holder.func, ast.Name)
            and holder.func.id in local_functions
        ):
            continue  # a template handed to a helper of the module, which fills it
        targets = []
        if isinstance(holder, ast.Assign):
            targets = holder.targets
        elif isinstance(holder, ast.AnnAssign):
            targets = [holder.target]
        variables = {t.id for t in targets if isinstance(t, ast.Name)}
        attributes = {t.attr for t in targets if isinstance(t, ast.Attribute)}
        if not variables | attributes:
            yield node.lineno, literals[0], "never filled (no .format)"
            continue

        def holds(expr: ast.AST, variables=variables, attributes=attributes) -> bool:
            return any(
                (isinstance(n, ast.Name) and n.id in variables)
                or (isinstance(n, ast.Attribute) and n.attr in attributes)
                for n in ast.walk(expr)
            )

        # a local variable is filled in its function, an attribute anywhere in the module
        scope = _scope(node, parents) if variables else tree
        fills = [
            call
            for call in ast.walk(scope)
            if isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr in {"format", "format_map"}
            and holds(call.func.value)
        ]
        returned = any(isinstance(r, ast.Return) and r.value and holds(r) for r in ast.walk(scope))
        if not fills and not returned:
            held = ", ".join(sorted(variables | attributes))
            yield node.lineno, literals[0], f"kept in {held}, never filled"
        for call in fills:
            problem = _format_problem(call, names, exact=False)
            if problem:
                yield node.lineno, literals[0], problem


def test_placeholders_are_filled_by_name():
    found = []
    for path in source_files():
        if path == REPO_ROOT / "geo" / "i18n.py":
            continue
        for line, message, problem in unfilled_placeholders(_tree(path)):
            found.append(f"{_rel(path)}:{line}: {message!r}: {problem}")
    assert not found, "\n".join(found)


def _imports_catalog_name(tree: ast.Module, name: str) -> bool:
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.level != 0:
            continue
        names = {(alias.name, alias.asname) for alias in node.names}
        if node.module == "geo.i18n" and ((name, None) in names or (name, name) in names):
            return True
        if node.module == "geo" and any(n == "i18n" for n, _as in names):
            return True
    return False


def test_modules_that_translate_import_the_catalog():
    """``_`` must be :func:`geo.i18n.gettext`, not a throwaway variable or another gettext."""
    found = []
    for path in source_files():
        tree = _tree(path)
        if path == REPO_ROOT / "geo" / "i18n.py":
            continue
        names = {_called_name(c) for c in _catalog_calls(tree)} - {None}
        for name in sorted(n for n in names if isinstance(n, str)):
            if not _imports_catalog_name(tree, name):
                found.append(f"{_rel(path)}: calls {name}() without importing it from geo.i18n")
    assert not found, "\n".join(found)


#: Vietnamese literals the pages may hold outside the catalog: ``(file, text)``.
PAGE_LITERALS = {
    ("ui/widgets.py", r"\s*(?:[-–—~→]|\.\.|đến|den|tới|toi|to)?\s*"),  # what a user types
    # the anonymous user's name, stored in the audit log and the plans (data)
    ("views/data.py", "khách"),
    ("views/planner.py", "khách"),
}


def _docstring_nodes(tree: ast.Module) -> set[int]:
    nodes = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, nodes)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def untranslated_literals(tree: ast.Module) -> Iterator[ast.Constant]:
    """String literals with a Vietnamese letter outside ``_()``/``N_()``/``ngettext()`` and
    docstrings.

    >>> code = 'def f():\\n    "Trang «Bản đồ»."\\n    st.caption(_("Bản đồ") + "Đang tải")'
    >>> [c.value for c in untranslated_literals(ast.parse(code))]
    ['Đang tải']
    """
    skip = _docstring_nodes(tree)
    for call in _catalog_calls(tree):
        skip |= {id(n) for n in ast.walk(call)}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
            and VIETNAMESE_LETTER.search(node.value.lower())
        ):
            yield node


def test_pages_have_no_vietnamese_text_outside_the_catalog():
    """``app.py``, ``views/`` and ``ui/`` show text: every Vietnamese literal there is a message."""
    found = []
    for path in source_files():
        rel = _rel(path)
        if not (rel == "app.py" or rel.startswith(("views/", "ui/"))):
            continue
        for node in untranslated_literals(_tree(path)):
            if (rel, node.value) not in PAGE_LITERALS:
                found.append(f"{rel}:{node.lineno}: {node.value[:90]!r}")
    assert not found, "Vietnamese text outside _()/N_():\n" + "\n".join(found)


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def test_caches_of_translated_text_are_keyed_on_the_language():
    """A cached function that translates must take the language (``language_key()``) as an
    argument: otherwise the first session's language is served to everyone."""
    found = []
    for path in source_files():
        for node in ast.walk(_tree(path)):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if not any(_decorator_name(d) in CACHE_DECORATORS for d in node.decorator_list):
                continue
            translates = any(
                isinstance(n, ast.Call) and _called_name(n) in TRANSLATE for n in ast.walk(node)
            )
            params = {a.arg for a in [*node.args.args, *node.args.kwonlyargs]}
            if translates and not params & {"lang", "language", "_lang", "lang_key"}:
                found.append(
                    f"{_rel(path)}:{node.lineno}: {node.name}() translates but is "
                    "cached without the language in its key"
                )
    assert not found, "\n".join(found)


# --- the glossary ----------------------------------------------------------------------------

#: Core terms: a message with the Vietnamese term has the English one in its translation.
CORE_TERMS = {
    "tổ lưu động": "mobile team",
    "lượt làm việc": "visit",
    "chỉ tiêu": "quota",
    "số người chưa kích hoạt": "not yet activated",
    "chưa có số liệu": "no data",
    "ranh giới gần đúng": "approximate boundaries",
    "phiên bản ranh giới": "boundary version",
    "dòng bị từ chối": "rejected row",
    "báo cáo giao ban": "meeting pack",
    "hoàn tác": "undo",
}
#: English word orders as good as the glossary's own (``"3 rows rejected"``).
TERM_FORMS = {"rejected row": re.compile(r"rejected rows?|rows? rejected", re.IGNORECASE)}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


@cache
def glossary_rows() -> tuple[tuple[str, ...], ...]:
    """The cells of each row of the glossary's table."""
    if not GLOSSARY.is_file():
        pytest.skip(f"no glossary at {GLOSSARY}")
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("|") and not set(line) <= set("|-: "):
            rows.append(tuple(_fold(cell.strip()) for cell in line.strip("|").split("|")))
    return tuple(rows)


@pytest.mark.parametrize(("vi", "en"), sorted(CORE_TERMS.items()))
def test_the_core_terms_are_the_glossarys(vi, en):
    rows = glossary_rows()
    assert any(len(row) >= 3 and _fold(vi) in row[1] and _fold(en) in row[2] for row in rows), (
        f"the glossary has no row «{vi}» → «{en}»"
    )


def test_messages_use_the_glossarys_english_terms():
    glossary_rows()  # skips without the glossary
    where = {m.key: m.where for m in extracted()}
    found = []
    for entry in _entries():
        vi_text = _fold(" ".join(_forms(entry.id)))
        for vi, en in CORE_TERMS.items():
            if _fold(vi) not in vi_text:
                continue
            for form in _forms(entry.string):
                pattern = TERM_FORMS.get(en)
                ok = pattern.search(form) if pattern else _fold(en) in _fold(form)
                if form and not ok:
                    origin = where.get(_key(entry.id), "?")
                    found.append(f"{origin}: «{vi}» → {en!r} expected in {form!r}")
    assert not found, f"{len(found)} translations off the glossary:\n" + "\n".join(found)


# --- geo.i18n itself --------------------------------------------------------------------------


def test_language_restores_the_previous_one_even_after_an_error():
    assert current_language() == "vi"
    with language("en"):
        assert (current_language(), _("Bản đồ")) == ("en", "Map")
        with language("vi"):
            assert (current_language(), _("Bản đồ")) == ("vi", "Bản đồ")
        assert current_language() == "en"
        with pytest.raises(RuntimeError), language(PSEUDO):
            raise RuntimeError
        assert language_key() == "en"
    assert (current_language(), language_key(), _("Bản đồ")) == ("vi", "vi", "Bản đồ")


def test_two_threads_each_keep_their_own_language():
    both_set = threading.Barrier(2, timeout=10)

    def work(lang: str) -> tuple[str, str, str]:
        with language(lang):
            both_set.wait()  # both threads are inside their own ``with`` now
            seen = (current_language(), _("Bản đồ"), _("Tiến độ"))
            both_set.wait()
            return seen

    with ThreadPoolExecutor(max_workers=2) as pool:
        en, vi = pool.map(work, ["en", "vi"])
    assert en == ("en", "Map", "Progress")
    assert vi == ("vi", "Bản đồ", "Tiến độ")
    assert current_language() == "vi"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en", "en"),
        ("EN", "en"),
        ("en-US", "en"),
        ("en_GB", "en"),
        (" vi ", "vi"),
        ("vi-VN", "vi"),
        ("vi_VN", "vi"),
        ("fr", None),
        ("english", None),
        ("", None),
        (None, None),
        (1, None),
        (["en"], None),
    ],
)
def test_parse_language(value, expected):
    assert i18n.parse_language(value) == expected


def test_the_pseudo_language_brackets_every_message_and_formats_as_vietnamese():
    from geo.fmt import format_int, format_percent

    with language(PSEUDO):
        assert _("Bản đồ") == "⟦Bản đồ⟧"
        assert _("not in the catalog") == "⟦not in the catalog⟧"
        assert ngettext("{n} xã", "{n} xã", 1).format(n=1) == "⟦1 xã⟧"
        assert current_language() == "vi" and language_key() == PSEUDO
        assert (format_int(1923), format_percent(0.668)) == ("1.923", "66,8 %")


def test_unknown_language_raises_and_changes_nothing():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.set_language("fr")
    with pytest.raises(ValueError), language("fr"):
        pass  # pragma: no cover
    assert language_key() == "vi"


def test_english_falls_back_to_the_vietnamese_text_for_an_unknown_message():
    with language("en"):
        assert _("Một câu không có trong danh mục") == "Một câu không có trong danh mục"


def test_plural_messages_follow_the_count_in_english():
    plurals = [m for m in _entries() if isinstance(m.id, tuple) and all(_forms(m.string))]
    if not plurals:
        pytest.skip("the catalog has no plural message yet")
    for entry in plurals:
        singular, plural = entry.id
        with language("en"):
            assert ngettext(singular, plural, 1) == entry.string[0]
            assert ngettext(singular, plural, 2) == entry.string[1]
            assert ngettext(singular, plural, 0) == entry.string[1]
        with language("vi"):
            assert ngettext(singular, plural, 2) == plural
