"""Benchmarks of wgan-augment: ``python -m benchmarks.suite`` runs the suite against CTGAN, SDV and SMOTE."""
