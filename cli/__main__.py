"""``python -m wgan_augment_cli`` runs the command line."""

from .app import main

main()
