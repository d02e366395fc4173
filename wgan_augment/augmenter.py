"""``WGANAugmenter``: a scikit-learn estimator that learns a table or a stack of images and generates more."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import pandas as pd
import torch
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from . import _resampling
from ._diffaugment import DiffAugment, parse_policy
from ._validation import InputFormat, as_labels, as_table, check_n_samples
from .images import ImageEncoder, as_images, is_image_stack
from .networks import ImageCritic, ImageGenerator, TableCritic, TableGenerator
from .tabular import TableEncoder
from .training import GeneratorAverage, RowSampler, TrainingConfig, train

# Rows generated per forward pass when sampling. A GPU wants large batches to stay busy; on a CPU the
# activations of 65,536 rows (~170 MB per layer) fall out of cache and the forward pass ran at half the
# speed it has at 2,048 rows (benchmarks/README.md, section 4).
SAMPLE_BATCH_ROWS = {"cuda": 65_536, "cpu": 2_048}
# Values (rows x encoded width, or images x pixels) per sampling batch: caps memory for images.
SAMPLE_BATCH_VALUES = 1 << 24

# What the "auto" settings mean. Tables use neither DiffAugment nor weight averaging (not measured to
# help there). For images, measured on scikit-learn's 8x8 digits with 10 images per class
# (benchmarks/images.py): DiffAugment lowered conditional accuracy from 0.98 to 0.80 (translation and
# cutout) or 0.90 (translation alone), because on 8 pixels a one-pixel shift or a 4x4 cutout changes
# what the digit is. It stays on for sets of 32x32 and larger images, the setting where Zhao et al.
# (2020) measured it to help with 100 images; below 5,000 images, where the critic can memorise.
_AUTO_TABLE_BATCH_SIZE = 256
_AUTO_IMAGE_BATCH_SIZE = 64
_AUTO_IMAGE_POLICY = {1: "translation,cutout", 3: "translation,cutout,colour"}
_AUTO_AUGMENT_MIN_SIDE = 32
_AUTO_AUGMENT_MAX_IMAGES = 5000
_AUTO_EMA_DECAY = 0.999

# Learning rates used when none is given: Adam's from CTGAN for the penalty, RMSProp's from the
# original WGAN paper for clipping.
_DEFAULT_LR = {"gp": 2e-4, "clip": 5e-5}


class WGANAugmenter(BaseEstimator):
    """Wasserstein GAN that learns a small mixed-type table or image set and generates synthetic data.

    For a table (a DataFrame or 2-D array) the generator and critic are MLPs; for a stack of images
    (a 3-D or 4-D array) they are DCGAN-style conv nets. The critic is kept 1-Lipschitz by a gradient
    penalty (WGAN-GP, the default) or by weight clipping (the original WGAN). Given labels ``y``, both
    networks are conditioned on the class, so data can be generated for the classes you ask for.

    Parameters
    ----------
    n_steps : int, default=1000
        Generator steps to train for. The budget is counted in steps, not epochs, so that a table of
        40 rows is trained as much as one of 4,000 and a large table still trains in bounded time.
    batch_size : int or "auto", default="auto"
        Rows (or images) per batch, drawn with replacement. Must be a multiple of ``pac``. "auto": 256
        rows for tables, 64 images for images (a conv critic step with the penalty costs far more on
        a CPU than an MLP's; see ``benchmarks/images.py``).
    n_critic : int, default=5
        Critic steps per generator step. 5 (as in the WGAN-GP paper) gave clearly closer rows than
        2 or 1 on small tables; see ``benchmarks/choose_defaults.py``.
    constraint : {"gp", "clip"}, default="gp"
        ``"gp"``: gradient penalty with Adam. ``"clip"``: weight clipping to ``±clip_value`` with RMSProp.
    gp_weight : float, default=10.0
        Weight λ of the gradient penalty (``constraint="gp"``).
    clip_value : float, default=0.01
        Bound on every critic weight (``constraint="clip"``).
    generator_lr, critic_lr : float or None, default=None
        Learning rates; None means 2e-4 (Adam) with ``"gp"`` and 5e-5 (RMSProp) with ``"clip"``.
    betas : tuple of float, default=(0.5, 0.9)
        Adam's betas (``constraint="gp"``).
    latent_dim : int, default=128
        Size of the noise vector.
    generator_dims, critic_dims : tuple of int, default=(256, 256)
        Hidden layer widths (tables).
    pac : int, default=1
        Rows the critic scores together (PacGAN), tables only. 1 turns packing off.
    continuous_encoding : {"quantile", "mode"}, default="quantile"
        How continuous columns are encoded: a quantile transform to a normal distribution, or
        mode-specific normalisation with a variational Gaussian mixture per column (as in CTGAN). The
        quantile transform gave closer marginals and correlations on small tables; see
        ``benchmarks/choose_defaults.py``.
    max_modes : int, default=10
        Most mixture components per continuous column (``continuous_encoding="mode"``).
    sampling_strategy : str, float, dict or callable, default="auto"
        Which classes ``fit_resample`` over-samples, with imbalanced-learn's meanings: "auto" and
        "not majority" raise every class but the majority to the majority's count; "minority",
        "not minority" and "all" likewise; a float is the wanted minority/majority ratio (two classes);
        a dict maps class to wanted row count; a callable takes y and returns such a dict.
    extra_samples : int or float, default=0
        Synthetic rows ``fit_resample`` adds beyond ``sampling_strategy``: a count, or a float meaning
        that multiple of the number of training rows. They are spread over the classes in proportion
        to the counts after balancing, so a balanced result stays balanced. This is how to augment an
        already balanced table, where every ``sampling_strategy`` adds nothing.
    image_layout : {"auto", "NHW", "NHWC", "NCHW"}, default="auto"
        Layout of an image stack: "auto" reads it from the shape (3-D is grayscale NHW; 4-D is channels
        last or first, whichever axis holds 1-4 channels). Say it when the shape is ambiguous.
    conv_width : int, default=16
        Channels of the conv nets' full-resolution layers (images); each halving of the resolution
        doubles them, up to 8x. 16 learned 8x8 digits well (conditional accuracy 0.98) at a third
        of the CPU time of 32; see ``benchmarks/images.py``.
    diff_augment : str, default="auto"
        Differentiable augmentation of every image the critic sees (Zhao et al. 2020): a comma-separated
        list of "translation", "cutout" and "colour", or "" for none. "auto": translation and cutout
        (plus colour for RGB) for fewer than 5,000 images of at least 32x32 pixels; none for smaller
        images, where a one-pixel shift changes the picture (on 8x8 digits it lowered conditional
        accuracy from 0.98 to 0.80; see ``benchmarks/images.py``), for larger sets, and for tables.
    ema_decay : float or "auto", default="auto"
        Decay of the exponential moving average of the generator's weights used for sampling; 0 turns
        it off. "auto": 0.999 for images, off for tables. The decay ramps up as
        ``min(ema_decay, (1 + t) / (10 + t))`` at step ``t``, so that the random initial weights fade:
        after the default 1,000 steps it has reached about 0.991.
    device : str or torch.device, default="auto"
        Where to train: "auto" picks CUDA when available, else CPU.
    verbose : bool, default=False
        Show a progress bar with the live Wasserstein estimate on stderr.
    random_state : int, RandomState instance or None, default=None
        Seeds encoding, network initialisation and training; on CPU the same seed and data give the
        same model. ``sample`` takes its own ``random_state``.

    Attributes
    ----------
    encoder_ : TableEncoder or ImageEncoder
        The fitted encoder (``wgan_augment.images.ImageEncoder`` for images).
    generator_, critic_ : torch.nn.Module
        The trained networks (in eval mode); ``generator_`` holds the averaged weights when
        ``ema_decay`` is on.
    history_ : dict of list of float
        Per generator step: ``"critic_loss"``, ``"wasserstein"`` (the critic's estimate
        E[D(real)] − E[D(fake)]), ``"penalty"`` and ``"generator_loss"``. Shorter than ``n_steps`` when
        training was interrupted with Ctrl-C.
    classes_ : ndarray
        Class labels seen in ``fit`` (only when fitted with ``y``).
    class_counts_ : ndarray
        Rows per class in ``fit`` (only when fitted with ``y``).
    n_features_in_ : int
        Number of columns seen in ``fit`` (for images: values per image).
    feature_names_in_ : ndarray of str
        Column names seen in ``fit``, when X was a DataFrame with string column names.
    device_ : torch.device
        The device the model lives on.

    Examples
    --------
    >>> import numpy as np
    >>> from wgan_augment import WGANAugmenter
    >>> X = np.random.default_rng(0).normal(size=(60, 3))
    >>> augmenter = WGANAugmenter(n_steps=20, random_state=0).fit(X)
    >>> augmenter.sample(5, random_state=0).shape
    (5, 3)
    """

    _parameter_constraints: dict = {
        "n_steps": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "n_critic": [Interval(Integral, 1, None, closed="left")],
        "constraint": [StrOptions({"gp", "clip"})],
        "gp_weight": [Interval(Real, 0, None, closed="left")],
        "clip_value": [Interval(Real, 0, None, closed="neither")],
        "generator_lr": [Interval(Real, 0, None, closed="neither"), None],
        "critic_lr": [Interval(Real, 0, None, closed="neither"), None],
        "betas": [tuple],
        "latent_dim": [Interval(Integral, 1, None, closed="left")],
        "generator_dims": [tuple],
        "critic_dims": [tuple],
        "pac": [Interval(Integral, 1, None, closed="left")],
        "continuous_encoding": [StrOptions({"mode", "quantile"})],
        "max_modes": [Interval(Integral, 1, None, closed="left")],
        "sampling_strategy": [Interval(Real, 0, 1, closed="right"), StrOptions({"auto", "not majority", "minority", "not minority", "all"}), dict, callable],
        "extra_samples": [Interval(Integral, 0, None, closed="left"), Interval(Real, 0, None, closed="left")],
        "image_layout": [StrOptions({"auto", "NHW", "NHWC", "NCHW"})],
        "conv_width": [Interval(Integral, 1, None, closed="left")],
        "diff_augment": [str],
        "ema_decay": [Interval(Real, 0, 1, closed="left"), StrOptions({"auto"})],
        "device": [str, torch.device],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        n_steps=1000,
        batch_size="auto",
        n_critic=5,
        constraint="gp",
        gp_weight=10.0,
        clip_value=0.01,
        generator_lr=None,
        critic_lr=None,
        betas=(0.5, 0.9),
        latent_dim=128,
        generator_dims=(256, 256),
        critic_dims=(256, 256),
        pac=1,
        continuous_encoding="quantile",
        max_modes=10,
        sampling_strategy="auto",
        extra_samples=0,
        image_layout="auto",
        conv_width=16,
        diff_augment="auto",
        ema_decay="auto",
        device="auto",
        verbose=False,
        random_state=None,
    ):
        self.n_steps = n_steps
        self.batch_size = batch_size
        self.n_critic = n_critic
        self.constraint = constraint
        self.gp_weight = gp_weight
        self.clip_value = clip_value
        self.generator_lr = generator_lr
        self.critic_lr = critic_lr
        self.betas = betas
        self.latent_dim = latent_dim
        self.generator_dims = generator_dims
        self.critic_dims = critic_dims
        self.pac = pac
        self.continuous_encoding = continuous_encoding
        self.max_modes = max_modes
        self.sampling_strategy = sampling_strategy
        self.extra_samples = extra_samples
        self.image_layout = image_layout
        self.conv_width = conv_width
        self.diff_augment = diff_augment
        self.ema_decay = ema_decay
        self.device = device
        self.verbose = verbose
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True  # missing values are modelled, not refused
        tags.target_tags.required = False
        return tags

    # ------------------------------------------------------------------ fit
    def fit(self, X, y=None):
        """Learn the table or images X; with labels y, learn each class (class-conditional model).

        Parameters
        ----------
        X : DataFrame, array-like of shape (n_samples, n_features), or array of images
            Rows to learn: numeric, categorical, object, bool, datetime columns and missing values
            are all modelled. Or images: an array of shape (n, height, width), (n, height, width,
            channels) or (n, channels, height, width), uint8 or float, at least 8x8 pixels.
        y : array-like of shape (n_samples,), default=None
            Class labels. Every class needs at least two rows.

        Returns
        -------
        self : WGANAugmenter
        """
        return self._fit(*self._validate_fit_input(X, y))

    def _fit(self, data, labels: np.ndarray | None):
        rng = check_random_state(self.random_state)
        self.device_ = _resolve_device(self.device)
        self.encoder_ = self._make_encoder(data, rng.randint(np.iinfo(np.int32).max)).fit(data)
        encoded = torch.as_tensor(self.encoder_.transform(data), dtype=torch.float32, device=self.device_)
        class_index = self._learn_classes(labels)
        with _seeded_torch(rng.randint(np.iinfo(np.int32).max), self.device_):
            generator, self.critic_ = self._build_networks()
            decay = self._ema_decay()
            average = GeneratorAverage(generator, decay) if decay else None
            sampler = RowSampler(encoded, class_index, self._n_classes())
            self.history_ = train(generator, self.critic_, sampler, self._training_config(), self.verbose,
                                  augment=self._augmentation(len(encoded)), average=average)
            self.generator_ = generator if average is None else average.model
        return self

    def _validate_fit_input(self, X, y):
        self._validate_params()
        if len(self.betas) != 2 or not all(0 <= beta < 1 for beta in self.betas):
            raise ValueError(f"betas must be two numbers in [0, 1), got {self.betas!r}.")
        if self.diff_augment != "auto":
            parse_policy(self.diff_augment)
        if is_image_stack(X) or self.image_layout != "auto":
            data = self._validate_images(X)
        else:
            data, self._input_format = as_table(X)
            validate_data(self, X, skip_check_array=True, reset=True)
            batch_size = _AUTO_TABLE_BATCH_SIZE if self.batch_size == "auto" else self.batch_size
            if batch_size % self.pac:
                raise ValueError(f"batch_size ({self.batch_size}) must be a multiple of pac ({self.pac}).")
            if self.diff_augment not in ("auto", ""):
                raise ValueError(f"diff_augment={self.diff_augment!r} applies to images only; use 'auto' or '' with tables.")
        labels = None if y is None else as_labels(y, len(data))
        return data, labels

    def _validate_images(self, X) -> np.ndarray:
        if self.pac != 1:
            raise ValueError(f"pac={self.pac} applies to tables only; use pac=1 with images.")
        images, _ = as_images(X, self.image_layout)
        self._input_format = InputFormat(is_frame=False, numpy_dtype=images.dtype)
        self.n_features_in_ = int(np.prod(images.shape[1:]))
        self.__dict__.pop("feature_names_in_", None)
        return images

    def _is_image_model(self) -> bool:
        return isinstance(self.encoder_, ImageEncoder)

    def _make_encoder(self, data, seed: int):
        if isinstance(data, pd.DataFrame):
            return TableEncoder(continuous=self.continuous_encoding, max_modes=self.max_modes, random_state=seed)
        return ImageEncoder(self.image_layout)

    def _batch_size(self) -> int:
        if self.batch_size == "auto":
            return _AUTO_IMAGE_BATCH_SIZE if self._is_image_model() else _AUTO_TABLE_BATCH_SIZE
        return self.batch_size

    def _ema_decay(self) -> float:
        if self.ema_decay == "auto":
            return _AUTO_EMA_DECAY if self._is_image_model() else 0.0
        return float(self.ema_decay)

    def _augmentation(self, n_images: int):
        """The DiffAugment transform for images (None for tables or an empty policy)."""
        if not self._is_image_model():
            return None
        policy = self.diff_augment
        if policy == "auto":
            channels, height, width = self.encoder_.output_shape_
            scarce = n_images < _AUTO_AUGMENT_MAX_IMAGES and min(height, width) >= _AUTO_AUGMENT_MIN_SIDE
            policy = _AUTO_IMAGE_POLICY.get(channels, "translation,cutout") if scarce else ""
        names = parse_policy(policy)
        return DiffAugment(names, fill=self.encoder_.background_) if names else None

    def _learn_classes(self, labels) -> torch.Tensor | None:
        for attribute in ("classes_", "class_counts_"):
            self.__dict__.pop(attribute, None)  # a refit without y must forget earlier classes
        if labels is None:
            return None
        self.classes_, class_index, self.class_counts_ = np.unique(labels, return_inverse=True, return_counts=True)
        return torch.as_tensor(class_index, dtype=torch.long, device=self.device_)

    def _n_classes(self) -> int:
        return len(self.classes_) if hasattr(self, "classes_") else 0

    def _build_networks(self) -> tuple[torch.nn.Module, torch.nn.Module]:
        n_classes = self._n_classes()
        if self._is_image_model():
            shape = self.encoder_.output_shape_
            generator = ImageGenerator(self.latent_dim, n_classes, shape, self.conv_width)
            critic = ImageCritic(shape, n_classes, self.conv_width)
        else:
            generator = TableGenerator(self.latent_dim, n_classes, self.generator_dims, self.encoder_.spans_)
            critic = TableCritic(self.encoder_.output_dim_, n_classes, self.critic_dims, self.pac)
        return generator.to(self.device_), critic.to(self.device_)

    def _encoded_shape(self) -> tuple[int, ...]:
        """Shape of one encoded row or image, as the generator makes it."""
        if self._is_image_model():
            return tuple(self.encoder_.output_shape_)
        return (self.encoder_.output_dim_,)

    def _training_config(self) -> TrainingConfig:
        default_lr = _DEFAULT_LR[self.constraint]
        return TrainingConfig(
            n_steps=self.n_steps,
            batch_size=self._batch_size(),
            n_critic=self.n_critic,
            constraint=self.constraint,
            gp_weight=self.gp_weight,
            clip_value=self.clip_value,
            generator_lr=self.generator_lr or default_lr,
            critic_lr=self.critic_lr or default_lr,
            betas=tuple(self.betas),
            latent_dim=self.latent_dim,
        )

    # --------------------------------------------------------------- sample
    def sample(self, n_samples=1, *, y=None, random_state=None):
        """Generate synthetic rows (or images).

        Parameters
        ----------
        n_samples : int, default=1
            Number of rows or images.
        y : label or array-like of shape (n_samples,), default=None
            Class of each row (a single label means all rows). Only for a model fitted with y; by
            default classes are drawn with the frequencies seen in ``fit``. Requested labels are
            honoured exactly.
        random_state : int, RandomState instance or None, default=None
            Seeds this draw; the model itself is not changed by sampling.

        Returns
        -------
        X : DataFrame or ndarray of shape (n_samples, n_features_in_), or ndarray of images
            Same columns, order and dtypes as the training data; a numpy array if X was one. Images
            come in the training images' layout, dtype and value range.
        y : ndarray of shape (n_samples,)
            The rows' classes; returned (as ``(X, y)``) only when the model was fitted with y.
        """
        check_is_fitted(self, "generator_")
        n_samples = check_n_samples(n_samples)
        rng = check_random_state(random_state)
        labels, class_index = self._sample_labels(n_samples, y, rng)
        matrix = self._generate(n_samples, class_index, rng.randint(np.iinfo(np.int32).max))
        rows = self._as_input_format(self.encoder_.inverse_transform(matrix, random_state=rng))
        return rows if labels is None else (rows, labels)

    def _sample_labels(self, n_samples: int, y, rng) -> tuple[np.ndarray | None, np.ndarray | None]:
        if not hasattr(self, "classes_"):
            if y is not None:
                raise ValueError("y was given to sample, but the model was fitted without labels; refit with fit(X, y).")
            return None, None
        if y is None:
            class_index = rng.choice(len(self.classes_), size=n_samples, p=self.class_counts_ / self.class_counts_.sum())
        else:
            class_index = self._class_index_of(y, n_samples)
        return self.classes_[class_index], class_index

    def _class_index_of(self, y, n_samples: int) -> np.ndarray:
        """Position in ``classes_`` of each requested label; ``y`` is one label or ``n_samples`` of them."""
        requested = np.asarray(y)
        if requested.ndim == 0:
            requested = np.full(n_samples, requested)
        if requested.shape != (n_samples,):
            raise ValueError(f"y must be one label or {n_samples} labels (one per row), got shape {requested.shape}.")
        class_index = np.searchsorted(self.classes_, requested).clip(0, len(self.classes_) - 1)
        unknown = self.classes_[class_index] != requested
        if unknown.any():
            raise ValueError(
                f"y holds label {requested[unknown][:1].tolist()[0]!r}, which was not seen in fit (classes: {self.classes_.tolist()})."
            )
        return class_index

    def _generate(self, n_samples: int, class_index, seed: int) -> np.ndarray:
        """Encoded rows or images from the generator, batch by batch, in eval mode, without gradients."""
        noise_source = torch.Generator(device=self.device_).manual_seed(seed)
        shape = self._encoded_shape()
        device_rows = SAMPLE_BATCH_ROWS.get(self.device_.type, SAMPLE_BATCH_ROWS["cuda"])
        batch_rows = max(1, min(device_rows, SAMPLE_BATCH_VALUES // int(np.prod(shape))))
        # Filled batch by batch: a list of batches and their concatenation would touch twice the memory.
        encoded = np.empty((n_samples, *shape), dtype=np.float32)
        with torch.no_grad():
            for start in range(0, n_samples, batch_rows):
                size = min(batch_rows, n_samples - start)
                noise = torch.randn(size, self.latent_dim, device=self.device_, generator=noise_source)
                condition = None
                if class_index is not None:
                    batch_classes = torch.as_tensor(class_index[start : start + size], device=self.device_)
                    condition = torch.nn.functional.one_hot(batch_classes, len(self.classes_)).float()
                encoded[start : start + size] = self.generator_(noise, condition, generator=noise_source).cpu().numpy()
        return encoded

    def _as_input_format(self, decoded):
        if self._input_format.is_frame or not isinstance(decoded, pd.DataFrame):
            return decoded  # a DataFrame for a DataFrame; images already come back in the caller's form
        return decoded.to_numpy(dtype=self._input_format.numpy_dtype)

    def save(self, path, *, overwrite=False):
        """Write the fitted model to one file that loads without unpickling (see ``wgan_augment.load``).

        The file holds plain values and tensors only, read back with ``torch.load(weights_only=True)``,
        so a crafted file cannot run code. It is written under a temporary name and renamed when
        complete; an existing file is replaced only with ``overwrite=True``.

        Returns
        -------
        pathlib.Path
            Where the model was written.
        """
        from .persistence import save

        return save(self, path, overwrite=overwrite)

    # --------------------------------------------------------- fit_resample
    def fit_resample(self, X, y):
        """Fit on (X, y), then return the real rows followed by synthetic ones.

        How many synthetic rows each class gets is set by ``sampling_strategy`` and ``extra_samples``.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        X_resampled : DataFrame or ndarray
            Real rows first, then synthetic rows; DataFrames get a fresh RangeIndex.
        y_resampled : ndarray or Series
            Their labels (a Series with y's name when y was a Series).
        """
        if y is None:
            raise ValueError("fit_resample needs class labels y; to add rows to an unlabelled table use fit(X).sample(n).")
        frame, labels = self._validate_fit_input(X, y)
        classes, counts = np.unique(labels, return_counts=True)
        per_class = _resampling.synthetic_counts(classes, counts, self.sampling_strategy, self.extra_samples)
        self._fit(frame, labels)
        sample_seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        X_new, y_new = self.sample(int(per_class.sum()), y=np.repeat(classes, per_class), random_state=sample_seed)
        return _concat_rows(X, X_new), _concat_labels(y, labels, y_new)


def _concat_rows(X_real, X_new):
    if isinstance(X_real, pd.DataFrame):
        return pd.concat([X_real, X_new], ignore_index=True)
    return np.concatenate([np.asarray(X_real), X_new])


def _concat_labels(y_real, labels, y_new):
    combined = np.concatenate([labels, y_new])
    if isinstance(y_real, pd.Series):
        return pd.Series(combined, name=y_real.name, dtype=y_real.dtype)
    return combined


def _resolve_device(device) -> torch.device:
    if isinstance(device, str) and device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        resolved = torch.device(device)
    except (RuntimeError, TypeError) as error:
        raise ValueError(f"device must be 'auto', 'cpu', 'cuda' or 'cuda:N', got {device!r}.") from error
    if resolved.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device={device!r} was asked for, but CUDA is not available here; use 'cpu' or 'auto'.")
    return resolved


class _seeded_torch:
    """Seed torch for a block and restore the caller's global RNG state afterwards."""

    def __init__(self, seed: int, device: torch.device):
        devices = [device] if device.type == "cuda" else []
        self._fork = torch.random.fork_rng(devices=devices)
        self._seed = seed

    def __enter__(self):
        self._fork.__enter__()
        torch.manual_seed(self._seed)

    def __exit__(self, *exc_info):
        return self._fork.__exit__(*exc_info)
