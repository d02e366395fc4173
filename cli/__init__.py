"""Command line for wgan-augment, installed as the ``wgan-augment`` console script.

Shipped as the package ``wgan_augment_cli`` (a top-level ``cli`` package could collide with others).
"""

from .app import app, main

__all__ = ["app", "main"]
