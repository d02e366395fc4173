"""The layout keeps its promises: no import cycles, no reaching into another module's private names,
one home for "fitted with labels?", and every module importable on its own."""

import ast
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"wgan_augment": ROOT / "wgan_augment", "wgan_augment_cli": ROOT / "cli"}


def _modules() -> dict[str, Path]:
    """Dotted name -> file, for every module of the library and the command line."""
    modules = {}
    for package, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            parts = [package, *path.relative_to(folder).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _imports(name: str, path: Path):
    """(imported module, imported name or None) for every import in the file, at any depth (lazy ones too)."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            for alias in node.names:
                yield source, alias.name


def _edges():
    """Module -> set of package modules it imports, and the private names imported across modules."""
    graph, private = {}, []
    for name, path in MODULES.items():
        targets = set()
        for source, imported in _imports(name, path):
            if source not in MODULES:
                continue
            submodule = f"{source}.{imported}"
            if imported is not None and submodule in MODULES:
                targets.add(submodule)  # "from package import module"
                continue
            targets.add(source)
            if imported and imported.startswith("_") and not imported.startswith("__"):
                private.append(f"{name} imports {imported} from {source}")
        graph[name] = targets - {name}
    return graph, private


def test_no_module_imports_another_modules_private_names():
    _, private = _edges()
    assert private == []


def test_the_package_modules_import_each_other_without_a_cycle():
    graph, _ = _edges()
    done, on_path = set(), []

    def visit(module):
        if module in on_path:
            raise AssertionError("import cycle: " + " -> ".join(on_path[on_path.index(module):] + [module]))
        if module in done:
            return
        on_path.append(module)
        for target in sorted(graph.get(module, ())):
            visit(target)
        on_path.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)
    assert "wgan_augment.persistence" not in graph["wgan_augment.augmenter"]


def test_fitted_with_labels_is_asked_of_the_conditioning_alone():
    asks_by_attribute = re.compile(r"hasattr\(.*classes_")
    assert [name for name, path in MODULES.items() if asks_by_attribute.search(path.read_text())] == []


# Modules of optional extras, importable only where the extra is installed (tests/test_sdv.py imports it).
_OPTIONAL = {"wgan_augment.sdv"} if importlib.util.find_spec("sdv") is None else set()


def test_every_module_imports_on_its_own():
    # One interpreter (torch loads once); before each module, every module of ours is forgotten, so
    # each import starts from nothing of the package, as `python -c "import MODULE"` would. The CLI's
    # __main__ runs the app when imported, so it is left out.
    script = "\n".join([
        "import importlib, sys",
        f"names = {sorted(name for name in MODULES if not name.endswith('__main__') and name not in _OPTIONAL)!r}",
        "for name in names:",
        "    for loaded in [m for m in sys.modules if m.split('.')[0] in ('wgan_augment', 'wgan_augment_cli')]:",
        "        del sys.modules[loaded]",
        "    importlib.import_module(name)",
    ])
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("module", ["wgan_augment.augmenter", "wgan_augment.persistence", "wgan_augment.kinds"])
def test_core_modules_import_from_a_fresh_interpreter(module):
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True, cwd=ROOT, timeout=120)


def _package_of(module: str) -> str:
    return module.rsplit(".", 1)[0]


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_private_modules_are_imported_only_inside_their_own_package():
    # A private module (or wing) answers to its package; the rest of the code goes through the package's
    # __init__, so that a wing can be rearranged without touching its users.
    graph, _ = _edges()
    crossings = sorted(f"{importer} imports {target}" for importer, targets in graph.items() for target in targets
                       if target.rsplit(".", 1)[-1].startswith("_") and not target.endswith("__main__")
                       and not _inside(importer, _package_of(target)))
    assert crossings == []


def _private_names_defined(tree: ast.AST) -> set[str]:
    """Private functions, methods, classes and attributes (``self._x = ...``, ``_x = ...``) a file defines."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute):
                    names.add(target.attr)
                elif isinstance(target, ast.Name):
                    names.add(target.id)
    return {name for name in names if name.startswith("_") and not name.startswith("__")}


def test_no_module_reaches_into_another_modules_private_methods_or_attributes():
    # ``model._sample_rows(...)`` from another module ties it to the augmenter's insides; a private name of ours
    # may be read through an object (not self or cls) only in the module that defines it.
    trees = {name: ast.parse(path.read_text()) for name, path in MODULES.items()}
    defined = {name: _private_names_defined(tree) for name, tree in trees.items()}
    ours = set().union(*defined.values())
    reaches = set()
    for name, tree in trees.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Attribute) and node.attr in ours and node.attr not in defined[name]):
                continue
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                continue  # inherited from one of ours: the subclass's own business
            reaches.add(f"{name} uses .{node.attr}")
    assert sorted(reaches) == []


def test_the_wings_keep_the_top_level_short_and_no_module_grows_past_700_lines():
    flat_private = sorted(path.stem for path in PACKAGES["wgan_augment"].glob("_*.py") if path.stem != "__init__")
    assert len(flat_private) <= 8, flat_private
    lengths = {name: len(path.read_text().splitlines()) for name, path in MODULES.items()}
    assert {name: length for name, length in lengths.items() if length > 700} == {}
    assert lengths["wgan_augment.augmenter"] <= 650
