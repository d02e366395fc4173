"""wgan-augment: Wasserstein GANs with gradient penalty that make more rows for scarce data."""

from .augmenter import WGANAugmenter

__version__ = "0.1.0"

__all__ = ["WGANAugmenter", "__version__"]
