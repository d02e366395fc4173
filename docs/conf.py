"""Sphinx configuration: user guide and measurements in Markdown (MyST), an API reference generated
from the numpydoc docstrings, and a gallery of examples that the build runs.

Build from the repository root (warnings are errors, as in CI)::

    python -m sphinx -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import inspect
import os
import sys
from pathlib import Path

# One torch and BLAS thread for the gallery's fits: on a busy 2-core machine a second thread makes a
# small fit many times slower (the user guide, "Command line", "Threads"). Set before torch is imported.
for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))
sys.path.insert(0, str(DOCS / "_ext"))  # figure_scraper, for the gallery

import wgan_augment  # noqa: E402

project = "wgan-augment"
author = "wgan-augment contributors"
copyright = "wgan-augment contributors"
release = version = wgan_augment.__version__

extensions = [
    "myst_parser",
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx_gallery.gen_gallery",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "gallery/GALLERY_HEADER.rst"]
templates_path = ["_templates"]

# MyST: the pages are plain Markdown, so that they read well on GitHub too; definition lists (the
# index) and anchors on headings (links between pages) are all they need beyond it.
myst_enable_extensions = ["deflist"]
myst_heading_anchors = 3

# API reference: one stub page per public name, written by autosummary from the docstrings.
autosummary_generate = True
autosummary_imported_members = False
autosummary_ignore_module_all = False
autodoc_typehints = "none"  # numpydoc's Parameters sections say the types
# SDV (BUSL-1.1, the optional `sdv` extra) is not installed where the docs are built.
autodoc_mock_imports = ["sdv"]

numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# The gallery: short scripts that the build runs, each in well under a minute on 2 CPU cores.
sphinx_gallery_conf = {
    "examples_dirs": ["gallery"],
    "gallery_dirs": ["auto_examples"],
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"__init__\.py",
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "ExampleTitleSortKey",
    "matplotlib_animations": False,
    # The library's plots are figures made without pyplot: figure_scraper saves them.
    "image_scrapers": ("figure_scraper.scrape_figures", "matplotlib"),
    "min_reported_time": 5,
    "show_memory": False,
}

html_theme = "pydata_sphinx_theme"
html_title = f"wgan-augment {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    # The measurement pages' tables need the width the page-contents column would take (named one by
    # one: a page matching two wildcard patterns is a warning).
    "secondary_sidebar_items": {"**": ["page-toc"],
                                **{f"measurements/{page.stem}": [] for page in (DOCS / "measurements").glob("*.md")}},
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_static_path = ["_static"]
html_css_files = ["custom.css"]  # wider articles, for the measurement tables
html_show_sourcelink = False


def _skip_metadata_requests(app, what, name, obj, skip, options):
    # scikit-learn generates set_fit_request and friends on every estimator; their docstrings cite
    # scikit-learn's own glossary, and its API reference documents them.
    if name.startswith("set_") and name.endswith("_request"):
        return True
    return None


def _signature_of_init(app, what, name, obj, options, signature, return_annotation):
    # A class whose base is mocked (WGANSynthesizer: SDV is not installed here) shows the mock's
    # (*args, **kwargs); its own __init__ says what it takes.
    if what == "class" and signature == "(*args, **kwargs)" and "__init__" in vars(obj):
        parameters = list(inspect.signature(obj.__init__).parameters.values())[1:]  # without self
        return str(inspect.Signature(parameters)), return_annotation
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_metadata_requests)
    app.connect("autodoc-process-signature", _signature_of_init)
