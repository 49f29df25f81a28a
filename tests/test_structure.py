"""The shape of the library, read from its source with ``ast`` (nothing is imported):

(a) ``geodata`` never imports Streamlit, streamlit-folium or the app (``app``, ``pages``,
    ``dashboard``), not even inside a function;
(b) each layer imports only itself and the layers before it, in the order text travels
    (``LAYERS``; imports inside functions count);
(c) no cycle among the imports a module runs when it is imported.

A new subpackage or top-level module has to be placed in ``LAYERS`` before the tests pass. A
break of (b) that is known and awaits a decision is listed, with the reason, in
``KNOWN_LAYER_BREAKS``; the test fails when it is fixed and the entry is left behind.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "geodata"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE

# The layers, first to last: a module may import its own layer and those before it. A name is a
# top-level module or subpackage of geodata ("__init__" is geodata/__init__.py). Layers that do
# not exist (yet) are skipped; when they appear they are checked where they stand here.
LAYERS: list[tuple[str, ...]] = [
    ("errors", "datafiles", "private_files"),  # the foundation every layer uses
    ("text",),
    ("corpus",),
    ("places",),
    ("dates",),
    ("events",),
    ("table",),
    ("store",),
    ("review",),
    ("ingest",),
    ("views",),
    ("cli", "__init__", "__main__"),  # the entry points see everything
]

FORBIDDEN = ("streamlit", "streamlit_folium", "app", "pages", "dashboard")

# Known breaks of rule (b), each reported and waiting for a decision: the test fails if one of
# them is fixed (so the entry is removed) or another appears. Keep this empty where possible.
KNOWN_LAYER_BREAKS: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the module imported, absolute (for a geodata module: the one whose code runs)
    line: int
    at_import: bool  # runs when the source module is imported (not in a function, not TYPE_CHECKING)

    def __str__(self) -> str:
        where = "" if self.at_import else " (inside a function or TYPE_CHECKING)"
        return f"{self.source} -> {self.target} ({self._path()}:{self.line}){where}"

    def _path(self) -> str:
        return MODULES[self.source].relative_to(ROOT.parent).as_posix()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


class _Reader(ast.NodeVisitor):
    """Every import statement and ``import_module``/``__import__`` call of a module, with whether it
    runs when the module is imported: function and lambda bodies and ``if TYPE_CHECKING:`` blocks do
    not; class bodies, decorators, default values, ``if``, ``try`` and ``with`` blocks do."""

    def __init__(self) -> None:
        self.at_import = True
        self.found: list[tuple[ast.AST, bool]] = []

    def _deferred(self, nodes: list[ast.stmt] | list[ast.expr]) -> None:
        saved, self.at_import = self.at_import, False
        for node in nodes:
            self.visit(node)
        self.at_import = saved

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self.visit(node.args)
        self._deferred(node.body)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.visit(node.args)
        self._deferred([node.body])

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            self._deferred(node.body)
            for statement in node.orelse:
                self.visit(statement)
        else:
            self.generic_visit(node)

    def _record(self, node: ast.AST) -> None:
        self.found.append((node, self.at_import))
        self.generic_visit(node)

    visit_Import = visit_ImportFrom = visit_Call = _record


def _owning_module(name: str) -> str:
    """The deepest geodata module ``name`` lies in (``geodata.text.normalize.normalize`` ->
    ``geodata.text.normalize``); an outside name as it is."""
    candidate = name
    while candidate and candidate not in MODULES:
        candidate = candidate.rpartition(".")[0]
    return candidate or name


def _package_of(module: str) -> str:
    return module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]


def _targets(node: ast.AST, module: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [_owning_module(alias.name) for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            package = _package_of(module)
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}" if base else package
        targets = []
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            targets.append(submodule if submodule in MODULES else _owning_module(base))
        return targets
    if isinstance(node, ast.Call):  # importlib.import_module("x") and __import__("x") with a constant
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else function.id if isinstance(function, ast.Name) else ""
        if name in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            value = node.args[0].value
            if isinstance(value, str) and not value.startswith("."):
                return [_owning_module(value)]
    return []


def _imports_of(module: str) -> list[Import]:
    reader = _Reader()
    reader.visit(ast.parse(MODULES[module].read_text(encoding="utf-8"), filename=str(MODULES[module])))
    found: dict[tuple[str, int, bool], Import] = {}
    for node, at_import in reader.found:
        for target in _targets(node, module):
            if target != module:
                line = getattr(node, "lineno", 0)
                found.setdefault((target, line, at_import), Import(module, target, line, at_import))
    return sorted(found.values(), key=lambda item: (item.line, item.target))


IMPORTS: list[Import] = [item for module in MODULES for item in _imports_of(module)]
INTERNAL: list[Import] = [item for item in IMPORTS if item.target in MODULES]


def layer_of(module: str) -> int | None:
    name = module.split(".")[1] if "." in module else "__init__"
    if module == f"{PACKAGE}.__main__":
        name = "__main__"
    for index, names in enumerate(LAYERS):
        if name in names:
            return index
    return None


def _report(title: str, edges: list[Import] | list[str]) -> str:
    return f"{title}:\n" + "\n".join(f"  {edge}" for edge in edges)


# ------------------------------------------------------------------ the reader itself


def test_the_reader_sees_every_module_and_imports_inside_functions() -> None:
    assert {"geodata", "geodata.cli", "geodata.text", "geodata.places.finder", "geodata.views.map.build"} <= set(MODULES)
    cli = {(item.target, item.at_import) for item in IMPORTS if item.source == "geodata.cli"}
    assert ("geodata.errors", True) in cli
    assert ("geodata.table.exporters", False) in cli  # imported inside a command's function
    # a name imported from a package: the package; a submodule imported from a package: the submodule
    finder = {item.target for item in INTERNAL if item.source == "geodata.places.finder"}
    assert {"geodata.text", "geodata.text.phrase_index", "geodata.places.gazetteer"} <= finder
    layers = {item.target for item in INTERNAL if item.source == "geodata.views.map.layers"}
    assert {"geodata.views.map.layers.context", "geodata.views.map.layers.incidents"} <= layers
    assert "geodata.views.map.layers" not in {item.target for item in INTERNAL if item.source == "geodata.views.map.layers"}


def test_the_reader_tells_what_runs_at_import_time() -> None:
    source = '''
from __future__ import annotations
import json
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    import typed_only
else:
    import runtime_else
try:
    import in_try
except ImportError:
    import in_handler
class Holder:
    import in_class
    def method(self):
        import in_method
def function(default=__import__("in_default")):
    import in_function
    from . import sibling
later = lambda: __import__("in_lambda")
importlib.import_module("dynamic")
'''
    reader = _Reader()
    reader.visit(ast.parse(source))
    runs: dict[str, bool] = {}
    for node, at_import in reader.found:
        if isinstance(node, ast.Import | ast.ImportFrom):
            name = node.names[0].name
        elif node.args and isinstance(node.args[0], ast.Constant):
            name = node.args[0].value
        else:
            continue
        assert name not in runs
        runs[name] = at_import
    assert runs == {"annotations": True, "json": True, "TYPE_CHECKING": True, "typed_only": False, "runtime_else": True,
                    "in_try": True, "in_handler": True, "in_class": True, "in_method": False, "in_default": True,
                    "in_function": False, "sibling": False, "in_lambda": False, "dynamic": True}


def test_every_module_has_a_layer() -> None:
    unplaced = sorted({module for module in MODULES if layer_of(module) is None})
    assert not unplaced, _report("modules in no layer: add their subpackage to LAYERS in tests/test_structure.py", unplaced)


def test_every_existing_subpackage_and_module_is_named_once_in_the_layers() -> None:
    names = [name for layer in LAYERS for name in layer]
    assert len(names) == len(set(names))
    top = {module.split(".")[1] for module in MODULES if "." in module} | {"__init__"}
    assert top <= set(names), top - set(names)


# ------------------------------------------------------------------ the rules


def test_the_library_never_imports_streamlit_or_the_app() -> None:
    bad = [item for item in IMPORTS if item.target.split(".")[0] in FORBIDDEN]
    assert not bad, _report("geodata imports the app or Streamlit (the library must run without them)", bad)


def test_each_layer_imports_only_itself_and_earlier_layers() -> None:
    breaks = [item for item in INTERNAL
              if (layer_of(item.source) or 0) < (layer_of(item.target) or 0)]
    unknown = [item for item in breaks if (item.source, item.target) not in KNOWN_LAYER_BREAKS]
    order = " < ".join("/".join(layer) for layer in LAYERS)
    assert not unknown, _report(f"imports of a later layer (order: {order})", unknown)
    fixed = set(KNOWN_LAYER_BREAKS) - {(item.source, item.target) for item in breaks}
    assert not fixed, f"no longer broken, remove from KNOWN_LAYER_BREAKS: {sorted(fixed)}"


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for following in sorted(edges.get(node, ())):
            if following not in index:
                visit(following)
                low[node] = min(low[node], low[following])
            elif following in on_stack:
                low[node] = min(low[node], index[following])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return components


def test_cycles_are_found() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_at_import_time() -> None:
    edges: dict[str, set[str]] = {}
    for item in INTERNAL:
        if item.at_import:
            edges.setdefault(item.source, set()).add(item.target)
    cycles = _cycles(edges)
    lines = [str(item) for cycle in cycles for item in INTERNAL
             if item.at_import and item.source in cycle and item.target in cycle]
    assert not cycles, _report(f"import cycles among {cycles}", lines)


def test_a_layer_that_appears_later_is_checked_where_it_stands() -> None:
    # store, review and ingest may not exist yet: a module of theirs gets its place in the order
    table, views = layer_of("geodata.table.frame"), layer_of("geodata.views.map.build")
    assert table is not None and views is not None
    assert table < layer_of("geodata.store.database") < layer_of("geodata.review.queue") < views  # type: ignore[operator]
    assert layer_of("geodata.ingest") == layer_of("geodata.ingest.feeds")
    assert layer_of("geodata.errors") == layer_of("geodata.datafiles") == 0
    assert layer_of("geodata") == layer_of("geodata.cli") == layer_of("geodata.__main__") == len(LAYERS) - 1
    assert layer_of("geodata.unheard_of.module") is None


def test_a_place_reference_as_a_dict_has_every_field() -> None:
    import dataclasses

    from geodata.places.refs import PlaceRef

    ref = PlaceRef("hajin", "Hajin", "هجين", 34.69, 40.83, "town", 2000, True)
    assert ref.as_dict() == dataclasses.asdict(ref)
    assert list(ref.as_dict()) == [field.name for field in dataclasses.fields(PlaceRef)]
