"""A sphinx-gallery image scraper for matplotlib figures made without pyplot.

``wgan_augment.evaluation.plots`` builds its figures as plain ``matplotlib.figure.Figure`` objects, so
that it never touches the caller's pyplot state; sphinx-gallery's own matplotlib scraper only sees
figures that pyplot manages. This one saves every such figure an example's code block leaves in a
variable, once, so the gallery's examples can use the library exactly as a user would.
"""

from __future__ import annotations

_SAVED: dict[str, set[int]] = {}


def scrape_figures(block, block_vars, gallery_conf, **kwargs):
    from matplotlib.figure import Figure
    from sphinx_gallery.scrapers import figure_rst

    saved = _SAVED.setdefault(str(block_vars["src_file"]), set())
    paths = []
    for value in list(block_vars["example_globals"].values()):
        # Figures with a canvas manager belong to pyplot, whose scraper runs after this one (and
        # closes them, which drops the manager: hence this scraper goes first).
        if isinstance(value, Figure) and value.canvas.manager is None and id(value) not in saved:
            saved.add(id(value))
            path = next(block_vars["image_path_iterator"])
            value.savefig(path, dpi=100, bbox_inches="tight")
            paths.append(path)
    return figure_rst(paths, gallery_conf["src_dir"])
