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
