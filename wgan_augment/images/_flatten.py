"""Image stacks into rows, for estimators that take tables: the step before them in a ``Pipeline``."""

from __future__ import annotations

from numbers import Real

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_array, check_is_fitted


class FlattenImages(TransformerMixin, BaseEstimator):
    """Turn a stack of images ``(n, height, width[, channels])`` into rows of ``n`` pixel values each.

    Put it first in a pipeline so that a classifier made for tables takes images, for instance as the
    estimator of :class:`~wgan_augment.AugmentedClassifier`, which hands it image stacks:
    ``make_pipeline(FlattenImages(divide_by=255), SVC())``. Stateless apart from the image shape it
    checks: images of another shape are refused by ``transform``.

    Parameters
    ----------
    divide_by : float, default=1.0
        Every pixel value is divided by it (255 brings uint8 images to [0, 1]).

    Attributes
    ----------
    image_shape_ : tuple of int
        The shape of one image seen in ``fit``.
    n_features_in_ : int
        Values per image, the number of columns ``transform`` returns.
    """

    _parameter_constraints: dict = {"divide_by": [Interval(Real, 0, None, closed="neither")]}

    def __init__(self, divide_by=1.0):
        self.divide_by = divide_by

    def fit(self, X, y=None):
        """Record the shape of one image.

        Parameters
        ----------
        X : array-like of shape (n_images, ...)
            Images.
        y : ignored

        Returns
        -------
        self : object
        """
        self._validate_params()
        images = check_array(X, allow_nd=True, dtype="numeric", input_name="X")
        self.image_shape_ = images.shape[1:]
        self.n_features_in_ = int(np.prod(self.image_shape_))
        return self

    def transform(self, X):
        """The images as rows of float pixel values, divided by ``divide_by``.

        Parameters
        ----------
        X : array-like of shape (n_images, ...)
            Images of the shape seen in ``fit``.

        Returns
        -------
        rows : ndarray of shape (n_images, ``n_features_in_``)
        """
        check_is_fitted(self)
        images = check_array(X, allow_nd=True, dtype="numeric", input_name="X")
        if images.shape[1:] != self.image_shape_:
            raise ValueError(f"X has {int(np.prod(images.shape[1:]))} features, but FlattenImages is expecting "
                             f"{self.n_features_in_} features as input (images of shape {images.shape[1:]}, "
                             f"fitted on {self.image_shape_}).")
        return images.reshape(len(images), -1).astype(np.float64) / self.divide_by
