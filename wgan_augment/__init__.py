"""wgan-augment: Wasserstein GANs with gradient penalty that make more rows for scarce data."""

__version__ = "0.2.0"

# Public name -> the module that defines it. Importing torch takes seconds, so names are imported
# on first use: the command line answers --help and most usage errors without loading it.
_EXPORTS = {
    "WGANAugmenter": ".augmenter",
    "AugmentedClassifier": ".pipeline",
    "AugmentedRegressor": ".pipeline",
    "load": ".persistence",
    "write_samples": ".sampling",
    "read_table": ".io",
}

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name):
    if name in _EXPORTS:
        from importlib import import_module

        value = getattr(import_module(_EXPORTS[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
