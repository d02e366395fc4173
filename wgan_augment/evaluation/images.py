"""Evaluating synthetic images: Fréchet distance, conditional accuracy, copies, utility and grids.

No pretrained network can be downloaded here, so features come from a small classifier trained on the
real images themselves (an MLP on pixels, or PCA when there are no labels). Fréchet distance alone
rewards memorisation and conditional accuracy alone is fooled by pixel noise that happens to score
well, so both come with the distance-to-closest-image test of :mod:`.privacy` and a two-sample test.
"""

from __future__ import annotations

import base64
import io
import warnings

import numpy as np
import pandas as pd
from scipy import linalg
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

from ..images import ImageEncoder, class_grid, image_grid, is_image_stack
from ..runtime import draw_seed, one_thread
from .fidelity import detection_auc
from .privacy import privacy_metrics

FEATURE_LAYERS = (128, 64)
# Fréchet distance relative to the one between two halves of the real images (the noise floor).
FRECHET_RATIO_OK, FRECHET_RATIO_POOR = 2.0, 5.0


def frechet_distance(first: np.ndarray, second: np.ndarray) -> float:
    """Fréchet distance between Gaussians fitted to two sets of feature vectors (rows).

    ``|mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))``, as in FID (Heusel et al. 2017); 0 for identical
    sets, and it grows with a shift of the mean or a change of spread.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> features = rng.normal(size=(500, 3))
    >>> frechet_distance(features, features)
    0.0
    >>> round(frechet_distance(features, features + 2.0), 1)  # a shift of 2 in 3 dimensions: 3 * 2**2
    12.0
    """
    mean_first, mean_second = first.mean(axis=0), second.mean(axis=0)
    cov_first = np.atleast_2d(np.cov(first, rowvar=False))
    cov_second = np.atleast_2d(np.cov(second, rowvar=False))
    with warnings.catch_warnings():
        # Dead ReLU units make covariances singular; the root of their product is still well defined.
        warnings.simplefilter("ignore", linalg.LinAlgWarning)
        root = linalg.sqrtm(cov_first @ cov_second)
    trace = np.trace(cov_first) + np.trace(cov_second) - 2.0 * np.trace(np.real(root))
    distance = float(np.sum((mean_first - mean_second) ** 2) + trace)
    return max(0.0, round(distance, 10))  # tiny negatives are rounding error of the matrix root


class FeatureModel:
    """Features of images from a small model trained on the real ones.

    With labels: an MLP classifier on pixels, whose last hidden layer gives the features and whose
    predictions give conditional accuracy. Without: the leading principal components of the pixels.
    """

    def __init__(self, random_state: int = 0):
        self.random_state = random_state

    def fit(self, pixels: np.ndarray, labels: np.ndarray | None) -> FeatureModel:
        self.has_classes_ = labels is not None
        with one_thread():
            if self.has_classes_:
                self.model_ = MLPClassifier(FEATURE_LAYERS, max_iter=500, random_state=self.random_state)
                self.model_.fit(pixels, labels)
            else:
                n_components = max(1, min(32, pixels.shape[0] - 1, pixels.shape[1]))
                self.model_ = PCA(n_components=n_components, random_state=self.random_state).fit(pixels)
        return self

    def features(self, pixels: np.ndarray) -> np.ndarray:
        if not self.has_classes_:
            return self.model_.transform(pixels)
        activations = pixels
        for weights, bias in zip(self.model_.coefs_[:-1], self.model_.intercepts_[:-1]):
            activations = np.maximum(activations @ weights + bias, 0.0)
        return activations

    def accuracy(self, pixels: np.ndarray, labels: np.ndarray) -> float:
        return float(np.mean(self.model_.predict(pixels) == labels))


def image_metrics(real, synthetic, *, holdout=None, holdout_fraction=0.25, cv=5, random_state=0) -> dict:
    """Fidelity, privacy and utility of synthetic images, in the shape :func:`evaluate` returns.

    ``real``, ``synthetic`` and ``holdout`` are image stacks or ``(images, labels)`` pairs (what a
    class-conditional ``WGANAugmenter.sample`` returns); labels make conditional accuracy and utility
    measurable.
    """
    real_images, real_labels = _split_pair(real, "real")
    synthetic_images, synthetic_labels = _split_pair(synthetic, "synthetic")
    encoder = ImageEncoder().fit(real_images)
    real_pixels = _pixels(encoder, real_images, "real")
    synthetic_pixels = _pixels(encoder, synthetic_images, "synthetic")
    if (real_labels is None) != (synthetic_labels is None):
        raise ValueError("Give labels for both real and synthetic images (as (images, labels) pairs), or for neither.")
    rng = np.random.RandomState(random_state)
    train, test, holdout_given = _holdout(real_pixels, real_labels, holdout, encoder, holdout_fraction, rng)
    features = FeatureModel(random_state).fit(*train)
    results = {
        "data": _data_summary(real_images, synthetic_images, test[0], real_labels, holdout_given),
        "fidelity": _fidelity(features, train, test, (synthetic_pixels, synthetic_labels), encoder,
                              (real_images, real_labels), (synthetic_images, synthetic_labels), cv, random_state),
        "privacy": privacy_metrics(*(_as_frame(part) for part in (real_pixels, train[0], test[0], synthetic_pixels)),
                                   holdout_given=holdout_given, random_state=random_state, unit="images"),
        "utility": None,
    }
    if real_labels is not None:
        results["utility"] = _utility(train, test, (synthetic_pixels, synthetic_labels), random_state)
    return results


def is_image_data(data) -> bool:
    """Whether ``data`` (or the first item of an (X, y) pair) is a stack of images."""
    if isinstance(data, tuple) and len(data) == 2:
        data = data[0]
    return is_image_stack(data)


def _split_pair(data, name: str):
    if isinstance(data, tuple):
        if len(data) != 2:
            raise ValueError(f"{name} must be images or an (images, labels) pair, got a tuple of {len(data)} items.")
        images, labels = np.asarray(data[0]), np.asarray(data[1])
        if labels.shape != (len(images),):
            raise ValueError(f"{name}: {len(images)} images but labels of shape {labels.shape}.")
        return images, labels
    return np.asarray(data), None


def _pixels(encoder: ImageEncoder, images: np.ndarray, name: str) -> np.ndarray:
    """Images as rows of pixel values in [0, 1], scaled as the real images are."""
    if images.shape[1:] != encoder.image_shape_:
        raise ValueError(f"{name} images have shape {images.shape[1:]}, the real ones {encoder.image_shape_}.")
    return ((encoder.transform(images) + 1.0) / 2.0).reshape(len(images), -1).astype(np.float64)


def _holdout(pixels, labels, holdout, encoder, fraction, rng):
    if holdout is not None:
        holdout_images, holdout_labels = _split_pair(holdout, "holdout")
        return (pixels, labels), (_pixels(encoder, holdout_images, "holdout"), holdout_labels), True
    stratify = labels if labels is not None and np.unique(labels, return_counts=True)[1].min() >= 2 else None
    parts = train_test_split(pixels, *([labels] if labels is not None else []), test_size=fraction,
                             stratify=stratify, random_state=draw_seed(rng))
    if labels is None:
        return (parts[0], None), (parts[1], None), False
    return (parts[0], parts[2]), (parts[1], parts[3]), False


def _fidelity(features: FeatureModel, train, test, synthetic, encoder, real_images, synthetic_images, cv, seed) -> dict:
    train_features, test_features = features.features(train[0]), features.features(test[0])
    synthetic_features = features.features(synthetic[0])
    frechet = frechet_distance(train_features, synthetic_features)
    reference = frechet_distance(train_features, test_features)
    matched = _size_matched_frechet(train_features, synthetic_features, len(test_features), seed)
    # The two-sample test runs on principal components of the pixels, not on the classifier's features:
    # those separate the images the classifier was trained on from any others, real or not.
    components = FeatureModel(seed).fit(train[0], None)
    detection = detection_auc(_as_frame(components.features(train[0])), _as_frame(components.features(synthetic[0])),
                              cv=cv, random_state=seed)
    result = {
        "kind": "images",
        "feature_model": "MLP classifier on pixels" if features.has_classes_ else "PCA of pixels",
        "frechet_distance": frechet,
        "frechet_distance_holdout": reference,
        "frechet_distance_size_matched": matched,
        "frechet_ratio": matched / reference if reference > 0 else None,
        "detection": detection,
        "conditional_accuracy": None,
        "holdout_accuracy": None,
        "grids": _grids(encoder, real_images, synthetic_images),
    }
    if features.has_classes_:
        result["conditional_accuracy"] = features.accuracy(*synthetic)
        result["holdout_accuracy"] = features.accuracy(*test)
    result["status"], result["verdict"] = _fidelity_verdict(result)
    return result


def _size_matched_frechet(train_features, synthetic_features, n_holdout: int, seed: int, draws: int = 5) -> float:
    """Fréchet distance of as many synthetic images as there are held-out ones (mean of a few draws).

    The estimate shrinks as the sets grow, so only sets of one size compare fairly with the held-out figure.
    """
    if len(synthetic_features) <= n_holdout:
        return frechet_distance(train_features, synthetic_features)
    rng = np.random.default_rng(seed)
    return float(np.mean([
        frechet_distance(
            train_features, synthetic_features[rng.choice(len(synthetic_features), n_holdout, replace=False)]
        )
        for _ in range(draws)
    ]))


def _fidelity_verdict(result: dict) -> tuple[str, str]:
    ratio = result["frechet_ratio"]
    sentences = []
    status = "ok"
    if ratio is not None:
        sentences.append(f"Fréchet distance {result['frechet_distance_size_matched']:.3g} is {ratio:.1f}x the one "
                         "between training and held-out real images")
        status = "ok" if ratio <= FRECHET_RATIO_OK else "warning" if ratio <= FRECHET_RATIO_POOR else "poor"
    conditional, reference = result["conditional_accuracy"], result["holdout_accuracy"]
    if conditional is not None:
        sentences.append(f"a classifier trained on real images assigns {conditional:.0%} of synthetic images to "
                         f"their requested class ({reference:.0%} of held-out real images to theirs)")
        if conditional < 0.5 * reference:
            status = "poor"
        elif conditional < 0.8 * reference and status == "ok":
            status = "warning"
    auc = result["detection"]["auc"]
    if auc is not None:
        sentences.append(f"a two-sample test tells them apart with AUC {auc:.2f} (0.5: not at all)")
    text = "; ".join(sentences)
    return status, text[:1].upper() + text[1:] + "."



def _utility(train, test, synthetic, seed) -> dict:
    """Held-out accuracy of a logistic regression on pixels: real alone, real + synthetic, synthetic alone."""
    def score(pixels, labels) -> float:
        with one_thread():
            model = LogisticRegression(max_iter=2000).fit(pixels, labels)
        return float(model.score(*test))

    real_alone = score(*train)
    augmented = score(np.vstack([train[0], synthetic[0]]), np.concatenate([train[1], synthetic[1]]))
    synthetic_alone = score(*synthetic) if len(np.unique(synthetic[1])) > 1 else None
    gain = augmented - real_alone
    status = "ok" if gain > 0 else "warning"
    verdict = (f"Adding the synthetic images {'raised' if gain > 0 else 'did not raise'} held-out accuracy "
               f"({real_alone:.3f} real alone, {augmented:.3f} with synthetic images)")
    if gain <= 0:
        verdict += "; train on the real images alone"
    return {
        "kind": "images",
        "estimator": "LogisticRegression on pixels",
        "scoring": "accuracy",
        "test_images": len(test[0]),
        "train_on_real": real_alone,
        "train_on_real_and_synthetic": augmented,
        "train_on_synthetic": synthetic_alone,
        "gain": gain,
        "status": status,
        "verdict": verdict + ".",
    }


def _grids(encoder: ImageEncoder, real, synthetic) -> dict | None:
    """Real and synthetic images side by side (one row per class), as base64 PNG text for the report."""
    try:
        from PIL import Image
    except ImportError:
        return None
    pictures = {}
    for name, (images, labels) in (("real", real), ("synthetic", synthetic)):
        if labels is None:
            picture = image_grid(images[:100], value_range=encoder.value_range_)
        else:
            picture = class_grid(images, labels, np.unique(real[1]), value_range=encoder.value_range_)
        buffer = io.BytesIO()
        Image.fromarray(picture).resize((picture.shape[1] * 3, picture.shape[0] * 3), Image.NEAREST).save(buffer, "PNG")
        pictures[name] = base64.b64encode(buffer.getvalue()).decode("ascii")
    return pictures


def _data_summary(real, synthetic, holdout, labels, holdout_given: bool) -> dict:
    return {
        "kind": "images",
        "n_real": len(real),
        "n_synthetic": len(synthetic),
        "n_holdout": len(holdout),
        "holdout": "given" if holdout_given else "split from real",
        "target": None,
        "image_shape": list(real.shape[1:]),
        "classes": None if labels is None else [str(label) for label in np.unique(labels)],
        "columns": {},
    }


def _as_frame(matrix: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(matrix, columns=[f"f{index}" for index in range(matrix.shape[1])])
