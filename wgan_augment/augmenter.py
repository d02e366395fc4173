"""``WGANAugmenter``: a scikit-learn estimator that learns a table or a stack of images and generates more.

``fit`` is a short list of steps: validate everything (nothing fitted is touched until it passes), let
the kind of data (``wgan_augment.kinds``) make the encoder and the networks, train
(``wgan_augment.training``), then record the fitted state in one place. ``sample`` validates, draws
classes (``wgan_augment.conditioning``), runs the generator and decodes.
"""

from __future__ import annotations

import inspect
import warnings
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from ._constraints import PARAMETER_CONSTRAINTS, check_beyond_constraints
from ._model_file import write_model_file
from ._sampler import (
    concat_rows,
    image_variants,
    labels_and_restore,
    resampled_rows,
    rows_like,
    sampler_tags,
    synthetic_counts,
)
from ._validation import as_labels, check_in_memory_count, check_n_samples, feature_names_out
from .conditioning import Conditioning
from .images import check_images_like
from .kinds import TABLE, ResolvedSettings, kind_of
from .runtime import (
    SEED_BOUND,
    draw_seed,
    limited_threads,
    policy_threads,
    resolve_device,
    seeded_torch,
)
from .sampling import sample_chunks
from .training import (
    HISTORY_KEYS,
    GeneratorAverage,
    TrainingConfig,
    TrainingData,
    TrainingDiverged,
    TrainingInterrupted,
    TrainingState,
    check_continuation,
    data_parallel,
    fingerprint,
    make_optimizers,
    resume_from,
    train,
    write_checkpoint,
)

FEW_ROWS = 10
"""Below this many rows (or images) ``fit`` warns that there is too little to learn from."""


class WGANAugmenter(BaseEstimator):
    """Wasserstein GAN that learns a small mixed-type table or image set and generates synthetic data.

    For a table (a DataFrame or 2-D array) the generator and critic are MLPs; for a stack of images
    (a 3-D or 4-D array) they are DCGAN-style conv nets. The critic is kept 1-Lipschitz by a gradient
    penalty (WGAN-GP, the default) or by weight clipping (the original WGAN). Given labels ``y``, both
    networks are conditioned on the class, so data can be generated for the classes you ask for.
    ``fit`` refuses a parameter that means nothing for the data's kind, the constraint or the encoding
    (``clip_value`` under the penalty, ``conv_width`` for a table...) unless it is left at its default.

    Parameters
    ----------
    n_steps : int, default=1000
        Generator steps to train for: counted in steps, not epochs, so that a table of 40 rows trains
        as much as one of 4,000 (docs/measurements/defaults.md).
    batch_size : int or "auto", default="auto"
        Rows (or images) per batch, drawn with replacement; a multiple of ``pac``. "auto": 64 for a
        table under 1,000 rows and for images, 256 for larger tables.
    n_critic : int or "auto", default="auto"
        Critic steps per generator step. "auto": 5 for tables (as in the WGAN-GP paper), 2 for images,
        whose conv critic steps cost far more (docs/measurements/defaults.md).
    constraint : {"gp", "clip"}, default="gp"
        ``"gp"``: gradient penalty with Adam. ``"clip"``: weight clipping to ``±clip_value`` with RMSProp.
    gp_weight : float, default=10.0
        Weight λ of the gradient penalty (``constraint="gp"``).
    gp_interval : int, default=1
        Compute the penalty on every ``gp_interval``-th critic step only, weighted by ``gp_interval``
        (lazy regularisation, as in StyleGAN2; ``constraint="gp"``). Off (1): at 5 it cost classifier
        utility on scarce tables (docs/measurements/defaults.md).
    clip_value : float, default=0.01
        Bound on every critic weight (``constraint="clip"``).
    generator_lr, critic_lr : float or None, default=None
        Learning rates; None means 2e-4 (Adam) with ``"gp"`` and 5e-5 (RMSProp) with ``"clip"``.
    betas : tuple of float, default=(0.5, 0.9)
        Adam's betas (``constraint="gp"``; clipping trains with RMSProp).
    latent_dim : int, default=128
        Size of the noise vector.
    generator_dims, critic_dims : tuple of int or "auto", default="auto"
        Hidden layer widths (tables). "auto": (128, 128) for a table under 1,000 rows or of at most 12
        columns, (256, 256) for larger and wider ones (docs/measurements/defaults.md).
    pac : int, default=1
        Rows the critic scores together (PacGAN), tables only. 1 turns packing off.
    continuous_encoding : {"quantile", "mode"}, default="quantile"
        Continuous columns through a quantile transform to a normal distribution, or mode-specific
        normalisation with a Gaussian mixture per column (as in CTGAN) (docs/measurements/defaults.md).
    max_modes : int, default=10
        Most mixture components per continuous column (``continuous_encoding="mode"``).
    column_roles : dict or None, default=None
        Tables: "continuous", "discrete" or "identifier" by column name, overriding the detected role
        (``column_roles_``). Identifiers (nearly all-distinct short strings, integer keys like ``*_id``;
        e-mails, IBANs, phone numbers and person names even when they repeat) are not learned: sampling
        makes new values in their format, never a training value. Free text is refused, naming the
        column. "discrete" learns a column as categories.
    min_category_count : int, default=5
        Tables: text and category values held by fewer training rows are pooled into one category,
        generated as ``"<rare>"``, so the model neither stores nor writes them (1 pools nothing; bools
        and integer codes are never pooled).
    keep_rare_categories : list of column names or None, default=None
        Tables: columns whose rare values are learned and written all the same, by request.
    sampling_strategy : str, float, dict or callable, default="auto"
        Which classes ``fit_resample`` over-samples and to what count, with imbalanced-learn's meanings
        ("auto" raises every class but the majority to the majority's count).
    extra_samples : int or float, default=0
        Synthetic rows ``fit_resample`` adds beyond ``sampling_strategy`` (a count, or a multiple of the
        training rows), spread over the classes in proportion to the balanced counts: how to augment an
        already balanced table.
    filter_synthetic : bool or "auto", default="auto"
        ``fit_resample`` keeps only synthetic rows that an ensemble fitted on the real rows (logistic
        regression, random forest, gradient boosting) gives at least 1/(2K) probability for their label
        (K classes), and redraws the others. "auto": on for tables of two or more classes, off for
        images (docs/measurements/when_rows_help.md). ``sample`` never filters.
    resample_rows : {"auto", "variants", "sample"}, default="auto"
        Where ``fit_resample``'s rows come from. "variants": decoded from latent codes at Gaussian
        offsets (standard deviation 0.5; the prior's is 1) around the codes of real rows of the class.
        "sample": drawn from the prior, as ``sample`` draws. "auto": variants for tables, sample for
        images (docs/measurements/when_rows_help.md).
    image_layout : {"auto", "NHW", "NHWC", "NCHW"}, default="auto"
        Layout of an image stack: "auto" reads it from the shape (3-D is grayscale NHW; 4-D is channels
        last or first, whichever axis holds 1-4 channels). Say it when the shape is ambiguous.
    conv_width : int, default=16
        Channels of the conv nets' full-resolution layers (images); each halving of the resolution
        doubles them, up to 8x.
    diff_augment : str, default="auto"
        Differentiable augmentation of every image the critic sees (Zhao et al. 2020): a comma-separated
        list of "translation", "cutout" and "colour", or "" for none. "auto": translation and cutout
        (plus colour for RGB) for fewer than 5,000 images of at least 32x32 pixels, else none.
    ema_decay : float or "auto", default="auto"
        Decay of the moving average of the generator's weights used for sampling, ramped up as
        ``min(ema_decay, (1 + t) / (10 + t))`` at step ``t``; 0 turns it off. "auto": 0.999 for images,
        off for tables.
    device : str or torch.device, default="auto"
        Where to train: "auto" picks CUDA when available, else CPU (under a process group of CUDA
        ranks, the rank's own GPU: ``cuda:LOCAL_RANK``).
    n_threads : int or "auto", default="auto"
        CPU threads for torch and the BLAS/OpenMP pools during ``fit``, ``fit_resample`` and ``sample``;
        the caller's counts are restored afterwards. "auto": one for a table on the CPU (as fast as two
        when idle, 4-6 times faster on a busy machine; docs/measurements/speed.md), torch's own count for
        images and on a GPU.
    strategy : {"auto", "single", "ddp"}, default="auto"
        How ``fit`` uses a ``torch.distributed`` process group (torchrun, Ray Train, Fabric, accelerate).
        "auto": data-parallel when a group of two or more ranks is initialised -- every rank holds all
        the rows, gradients are averaged before every optimizer step, ``batch_size`` is the global batch
        (a multiple of world size x ``pac``), no ``checkpoint_path`` -- else one process alone, as
        "single" always does. "ddp" raises without a group (docs/user_guide/scale.md).
    warm_start : bool, default=False
        ``fit`` on a model fitted in this session trains another ``n_steps`` steps from where it
        stopped (networks, optimizers, weight average) on data with the same columns and classes;
        ``history_`` and ``n_iter_`` grow. Only ``n_steps``, ``verbose`` and the checkpoint settings may
        change; a continuation writes no checkpoints, and ``fit_resample`` always fits anew.
    checkpoint_every, checkpoint_path : int and path, default=None
        Write the training state to ``checkpoint_path`` every ``checkpoint_every`` steps; a ``fit`` that
        finds the file resumes from it (bit for bit on the CPU with the same thread count). A checkpoint
        of other settings or data is refused. Give both or neither.
    verbose : bool, default=False
        Show a progress bar with the live Wasserstein estimate on stderr.
    random_state : int, RandomState instance or None, default=None
        Seeds encoding, network initialisation and training; on CPU the same seed and data give the
        same model. ``sample`` takes its own ``random_state``.

    Attributes
    ----------
    kind_ : wgan_augment.kinds.TableKind or wgan_augment.kinds.ImageKind
        What X was; it decided the encoder, the networks and the "auto" settings.
    encoder_ : TableEncoder or ImageEncoder
        The fitted encoder.
    generator_, critic_ : torch.nn.Module
        The trained networks (eval mode); ``generator_`` holds the averaged weights when ``ema_decay``
        is on. A model read from a file has no critic.
    history_ : dict of list of float
        Per generator step: ``"critic_loss"``, ``"wasserstein"`` (the critic's estimate
        E[D(real)] − E[D(fake)]), ``"penalty"`` and ``"generator_loss"``.
    n_iter_ : int
        Generator steps run: ``n_steps_``, or fewer after Ctrl-C (which keeps the model and warns with
        ``TrainingInterrupted``).
    n_steps_, batch_size_, n_critic_, generator_dims_, critic_dims_, ema_decay_, diff_augment_
        The settings this fit used, "auto" resolved (dims None for images; ``diff_augment_`` "": none).
    sampling_strategy_ : OrderedDict
        After ``fit_resample``: the synthetic rows added to each class, in class order.
    filter_acceptance_ : float or None
        After ``fit_resample``: the share of drawn rows the filter kept; None when it did not run.
    column_roles_ : dict
        Tables: each column's role: "continuous", "discrete", "constant" or "identifier".
    pooled_categories_ : dict
        Tables: how many rare values each column pooled (``min_category_count``); the values are kept
        nowhere.
    conditioning_ : wgan_augment.conditioning.Conditioning or None
        The classes the model is conditioned on, with their counts; None when fitted without ``y``.
    classes_, class_counts_ : ndarray
        Class labels seen in ``fit`` and their rows (only when fitted with ``y``).
    input_format_ : InputFormat
        How X arrived (a DataFrame, or an array of which dtype), so that ``sample`` answers alike.
    n_features_in_ : int
        Number of columns seen in ``fit`` (for images: values per image).
    feature_names_in_ : ndarray of str
        Column names seen in ``fit``, when X was a DataFrame with string column names.
    device_ : torch.device
        The device the model lives on.
    n_threads_ : int
        The CPU threads the last ``fit`` or ``fit_resample`` used (``n_threads``).

    Examples
    --------
    >>> import numpy as np
    >>> from wgan_augment import WGANAugmenter
    >>> X = np.random.default_rng(0).normal(size=(60, 3))
    >>> augmenter = WGANAugmenter(n_steps=20, random_state=0).fit(X)
    >>> augmenter.sample(5, random_state=0).shape
    (5, 3)
    """

    _parameter_constraints: dict = PARAMETER_CONSTRAINTS

    def __init__(
        self,
        *,
        n_steps=1000,
        batch_size="auto",
        n_critic="auto",
        constraint="gp",
        gp_weight=10.0,
        gp_interval=1,
        clip_value=0.01,
        generator_lr=None,
        critic_lr=None,
        betas=(0.5, 0.9),
        latent_dim=128,
        generator_dims="auto",
        critic_dims="auto",
        pac=1,
        continuous_encoding="quantile",
        max_modes=10,
        column_roles=None,
        min_category_count=5,
        keep_rare_categories=None,
        sampling_strategy="auto",
        extra_samples=0,
        filter_synthetic="auto",
        resample_rows="auto",
        image_layout="auto",
        conv_width=16,
        diff_augment="auto",
        ema_decay="auto",
        device="auto",
        n_threads="auto",
        strategy="auto",
        warm_start=False,
        checkpoint_every=None,
        checkpoint_path=None,
        verbose=False,
        random_state=None,
    ):
        self.n_steps = n_steps
        self.batch_size = batch_size
        self.n_critic = n_critic
        self.constraint = constraint
        self.gp_weight = gp_weight
        self.gp_interval = gp_interval
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
        self.column_roles = column_roles
        self.min_category_count = min_category_count
        self.keep_rare_categories = keep_rare_categories
        self.sampling_strategy = sampling_strategy
        self.extra_samples = extra_samples
        self.filter_synthetic = filter_synthetic
        self.resample_rows = resample_rows
        self.image_layout = image_layout
        self.conv_width = conv_width
        self.diff_augment = diff_augment
        self.ema_decay = ema_decay
        self.device = device
        self.n_threads = n_threads
        self.strategy = strategy
        self.warm_start = warm_start
        self.checkpoint_every = checkpoint_every
        self.checkpoint_path = checkpoint_path
        self.verbose = verbose
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = sampler_tags(super().__sklearn_tags__())  # with the tags imbalanced-learn's checks read
        tags.input_tags.allow_nan = True  # missing values are modelled, not refused
        tags.input_tags.string = True  # text columns are categories (or identifiers)
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
        kind, validated, labels = self._validate_fit_input(X, y)
        with self._fitting_threads(kind):
            self._fit(kind, validated, labels, do_init=not (self.warm_start and hasattr(self, "generator_")))
        return self

    @contextmanager
    def _fitting_threads(self, kind):
        """The thread policy in force for a fit (``n_threads``), recorded in ``n_threads_`` after it."""
        threads = self._threads(kind, resolve_device(self.device))
        with limited_threads(threads):
            yield
        self.n_threads_ = threads

    def _threads(self, kind, device) -> int:
        return policy_threads(self.n_threads, kind.name == TABLE, device)

    def _validate_fit_input(self, X, y):
        """The kind of X, X validated by it, and the labels; raises before any fitted attribute changes."""
        self._validate_params()
        params = self.get_params()
        check_beyond_constraints(params)
        kind = kind_of(X, self.image_layout)
        validated = kind.validate(X, params)
        kind.check_params(params, default_params())
        labels = None if y is None else as_labels(y, len(validated.data))
        if len(validated.data) < FEW_ROWS:
            warnings.warn(f"{len(validated.data)} {kind.unit} are too few for a GAN to learn from: the synthetic "
                          f"{kind.unit} will be noise around these or close to copies of them. Check that the data "
                          "was read as meant.", UserWarning, stacklevel=3)
        return kind, validated, labels

    def _fit(self, kind, validated, labels, do_init: bool) -> TrainingData:
        """The one fit path: settings resolved once, then training from new networks (``do_init``) or on
        from the last fit's (``warm_start``, as scikit-learn's mixtures skip initialisation), and the
        fitted state recorded. Returns the encoded training data."""
        settings = self._resolved_settings(kind, validated, do_init)
        parallel = data_parallel(self.strategy)
        parallel.check_settings(settings.batch_size, self.pac, self.checkpoint_path)
        if do_init:
            data = self._initialise_and_train(kind, validated, labels, settings, parallel)
        else:
            check_continuation(self, getattr(self, "_training_state", None), kind, validated, labels,
                               parallel.world_size)
            data = TrainingData.encode(kind, validated, labels, self.encoder_, self.conditioning_, self.device_)
            # A seed of its own for each continuation: the random_state's, moved on by the steps already run.
            seed = (draw_seed(check_random_state(self.random_state)) + self.n_iter_) % SEED_BOUND
            with seeded_torch(parallel.rank_seed(parallel.shared_seed(seed)), data.device):
                self._train(self._training_state, data, settings, self.history_, parallel)
        if self.n_iter_ < self.n_steps_:
            warnings.warn(f"Training interrupted after {self.n_iter_} of {self.n_steps_} generator steps; "
                          "the model keeps what it learned so far.", TrainingInterrupted, stacklevel=3)
        return data

    def _resolved_settings(self, kind, validated, do_init: bool) -> ResolvedSettings:
        """Every "auto" setting given its value for this data; a continuation keeps the last fit's, for
        ``n_steps`` more steps."""
        if do_init:
            return kind.resolve_settings(self.get_params(), len(validated.data), validated.n_features_in,
                                         validated.image_shape)
        fitted = {field.name: getattr(self, f"{field.name}_") for field in fields(ResolvedSettings)}
        return ResolvedSettings(**{**fitted, "n_steps": self.n_iter_ + int(self.n_steps)})

    def _initialise_and_train(self, kind, validated, labels, settings, parallel) -> TrainingData:
        """A new encoder, networks and optimizers (or a checkpoint's, when its file exists), then training."""
        params = self.get_params()
        device = parallel.device_for(resolve_device(self.device))  # a rank's own GPU before any collective
        rng = parallel.shared_random_state(check_random_state(self.random_state))
        encoder = kind.make_encoder(params, draw_seed(rng)).fit(validated.data)
        conditioning = None if labels is None else Conditioning.from_labels(labels)[0]
        data = TrainingData.encode(kind, validated, labels, encoder, conditioning, device)
        network_seed = draw_seed(rng)
        # Before the first broadcast, which would hang on networks of other shapes. A RandomState's repr
        # differs from process to process; the seed itself is shared.
        settings_seen = {name: value for name, value in params.items() if name != "random_state"}
        parallel.check_same(lambda: fingerprint(settings_seen, encoder, data.encoded, data.class_index),
                            "training data or encoding")
        with seeded_torch(network_seed, data.device):
            networks = data.kind.build_networks(params, settings, data.encoder, data.n_classes)
            generator, critic = (network.to(data.device) for network in networks)
            parallel.broadcast(generator, critic)
            parallel.seed_rank_stream(network_seed)
            average = GeneratorAverage(generator, settings.ema_decay) if settings.ema_decay else None
            optimizers = make_optimizers(generator, critic, TrainingConfig.from_params(params, settings))
            state = TrainingState(generator, critic, average, optimizers, params, parallel.world_size)
            previous, stamp = {key: [] for key in HISTORY_KEYS}, None
            if self.checkpoint_path is not None:
                stamp = fingerprint(params, data.encoder, data.encoded, data.class_index)
                if Path(self.checkpoint_path).exists():
                    previous = resume_from(self.checkpoint_path, state, stamp)  # torch's random state too
            self._train(state, data, settings, previous, parallel, stamp)
        return data

    def _train(self, state, data: TrainingData, settings, previous: dict, parallel, stamp=None):
        """Train up to ``settings.n_steps`` steps in all, on top of the ``previous`` history, and record the
        fitted state. With a ``stamp`` (the fingerprint of settings and data), a checkpoint is written every
        ``checkpoint_every`` steps; each rank of a group trains on its share of the global batch."""
        first_step = len(previous["wasserstein"])
        config = TrainingConfig.from_params(self.get_params(), settings)
        config = replace(config, n_steps=max(settings.n_steps - first_step, 0),
                         batch_size=parallel.local_batch(config.batch_size))

        def after_previous(history):
            return {key: list(previous[key]) + list(history[key]) for key in HISTORY_KEYS}

        def checkpoint(history):
            write_checkpoint(self.checkpoint_path, state, after_previous(history), stamp)

        def keep(history):
            history = after_previous(history)
            # A checkpoint further on than n_steps (which its fingerprint leaves out) is kept whole: n_steps_
            # counts every step the networks had.
            steps = max(settings.n_steps, len(history["wasserstein"]))
            record_fitted_state(self, kind=data.kind, validated=data.validated, encoder=data.encoder,
                                conditioning=data.conditioning, settings=replace(settings, n_steps=steps),
                                device=data.device, history=history,
                                generator=state.generator if state.average is None else state.average.model,
                                critic=state.critic)
            self._training_state = state

        try:
            keep(train(state.generator, state.critic, data.sampler, config, self.verbose and parallel.is_main,
                       augment=data.kind.augmentation(settings, data.encoder), average=state.average,
                       optimizers=state.optimizers, first_step=first_step,
                       checkpoint=checkpoint if stamp is not None else None,
                       checkpoint_every=self.checkpoint_every or 0, parallel=parallel))
        except TrainingDiverged as diverged:
            # The networks are back at their last good weights: the model keeps them (n_iter_ says how many
            # steps they had), so it can still be sampled and inspected. The optimizers' moments are not, so
            # there is nothing for warm_start to go on from.
            keep(diverged.history)
            del self._training_state
            raise

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
        X : DataFrame or ndarray of shape (n_samples, ``n_features_in_``), or ndarray of images
            Same columns, order and dtypes as the training data; a numpy array if X was one. Images
            come in the training images' layout, dtype and value range.
        y : ndarray of shape (n_samples,)
            The rows' classes; returned (as ``(X, y)``) only when the model was fitted with y.
        """
        check_is_fitted(self, "generator_")
        n_samples = check_n_samples(n_samples)
        check_in_memory_count(n_samples, "n_samples")
        with limited_threads(self._threads(self.kind_, self.device_)):
            return next(sample_chunks(self, n_samples, max(n_samples, 1), y=y, random_state=random_state))

    def vary(self, X, y=None, *, n_per_image=4, spread=0.45, random_state=None):
        """New images near given ones: ``n_per_image`` variants of each image of ``X`` (image models only).

        Each image's latent code is found by gradient descent on the squared pixel error (100 Adam
        steps), and codes at Gaussian offsets of standard deviation ``spread`` around it are decoded.
        Variants of the training images helped classifiers where images drawn by ``sample`` did not
        (docs/measurements/images.md). The model is not changed. Reproducible on the CPU, not bit for bit on a GPU.

        Parameters
        ----------
        X : ndarray of images
            In the layout, image shape and value range the model was fitted on: typically the training
            images themselves.
        y : array-like of shape (n_images,), default=None
            Each image's class, which its variants are drawn in; required by a model fitted with y, and
            refused by one fitted without.
        n_per_image : int, default=4
            Variants of each image.
        spread : float, default=0.45
            Standard deviation of the offsets from each image's code (the prior's is 1): smaller gives
            more near-copies of the training images (docs/measurements/images.md).
        random_state : int, RandomState instance or None, default=None
            Seeds the codes' starting points and offsets.

        Returns
        -------
        images : ndarray of shape (n_images * n_per_image, ...)
            The variants, each image's together and in the order of ``X``, in the training images'
            layout, dtype and value range.
        labels : ndarray of shape (n_images * n_per_image,)
            Each variant's class; returned (as ``(images, labels)``) only when the model was fitted with y.
        """
        check_is_fitted(self, "generator_")
        if self.kind_.name == TABLE:
            raise ValueError("vary makes variants of images; this model learned a table. Use sample for new rows.")
        images = check_images_like(X, self.encoder_.image_shape_)
        return image_variants(self, images, y, n_per_image, spread, check_random_state(random_state))

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
        check_is_fitted(self, "generator_")
        return write_model_file(self, path, overwrite=overwrite)

    # --------------------------------------------------------- fit_resample
    def fit_resample(self, X, y):
        """Fit on (X, y), then return the real rows followed by synthetic ones.

        ``sampling_strategy`` and ``extra_samples`` set how many rows each class gets; ``resample_rows``
        where they come from, ``filter_synthetic`` which are kept (``sampling_strategy_`` counts them).

        Parameters
        ----------
        X : DataFrame, ndarray or list of rows
        y : array-like of shape (n_samples,), or a one-hot label indicator of shape (n_samples, n_classes)

        Returns
        -------
        X_resampled : DataFrame, ndarray or list
            Real rows first, then synthetic rows, in X's kind of container; DataFrames get a fresh
            RangeIndex.
        y_resampled : ndarray, Series, DataFrame, list or label indicator
            Their labels, in y's kind of container (a Series keeps its name, a one-column DataFrame its
            column, a label indicator its width), as imbalanced-learn's samplers return them.

        Raises
        ------
        ValueError
            If y holds a single class and ``extra_samples`` is 0: there is nothing to balance.
        """
        if y is None:
            raise ValueError(
                "fit_resample needs class labels y; to add rows to an unlabelled table use fit(X).sample(n)."
            )
        y, restore_labels = labels_and_restore(y)
        kind, validated, labels = self._validate_fit_input(X, y)
        classes, counts = np.unique(labels, return_counts=True)
        if len(classes) == 1 and not self.extra_samples:
            # As imbalanced-learn's samplers: a single class is not something to balance.
            raise ValueError(f"y holds a single class ({classes.tolist()[0]!r}), so there is nothing to balance; set "
                             "extra_samples to add rows anyway, or use fit(X).sample(n) without labels.")
        per_class = synthetic_counts(classes, counts, self.sampling_strategy, self.extra_samples)
        with self._fitting_threads(kind):
            data = self._fit(kind, validated, labels, do_init=True)
            sample_seed = draw_seed(check_random_state(self.random_state))
            X_new, y_new, self.filter_acceptance_ = resampled_rows(
                self, np.repeat(classes, per_class), data.encoded.cpu().numpy(), data.class_index, sample_seed)
        added = [int(np.count_nonzero(y_new == label)) for label in classes]
        self.sampling_strategy_ = OrderedDict(zip(classes.tolist(), added))
        return rows_like(X, concat_rows([X, X_new])), restore_labels(np.concatenate([labels, y_new]))

    def get_feature_names_out(self, input_features=None):
        """Names of the columns ``sample`` and ``fit_resample`` return: the training columns, unchanged.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Must match ``feature_names_in_`` when the model was fitted on a DataFrame.

        Returns
        -------
        ndarray of str
            ``feature_names_in_``, or ``x0``, ``x1``, ... for a model fitted on an array.
        """
        check_is_fitted(self, "n_features_in_")
        return feature_names_out(getattr(self, "feature_names_in_", None), self.n_features_in_, input_features)


def record_fitted_state(model: WGANAugmenter, *, kind, validated, encoder, conditioning, settings, device, history,
                        generator, critic=None) -> None:
    """Record everything ``fit`` (or loading a model file) learned on ``model``, all at once."""
    forgotten = ("classes_", "class_counts_", "feature_names_in_", "critic_", "column_roles_", "sampling_strategy_",
                 "filter_acceptance_", "pooled_categories_")
    for name in forgotten:
        model.__dict__.pop(name, None)  # a refit must forget what an earlier fit had and this one lacks
    model.kind_ = kind
    model.input_format_ = validated.input_format
    model.n_features_in_ = validated.n_features_in
    if validated.feature_names_in is not None:
        model.feature_names_in_ = validated.feature_names_in
    model.conditioning_ = conditioning
    if conditioning is not None:
        model.classes_, model.class_counts_ = conditioning.classes, conditioning.counts
    for field in fields(settings):
        setattr(model, f"{field.name}_", getattr(settings, field.name))  # n_steps_, batch_size_, ...
    model.device_, model.encoder_ = device, encoder
    if hasattr(encoder, "column_roles_"):
        model.column_roles_ = dict(encoder.column_roles_)
        model.pooled_categories_ = dict(encoder.pooled_categories_)
    model.generator_ = generator
    if critic is not None:
        model.critic_ = critic
    model.history_ = history
    model.n_iter_ = len(history["wasserstein"])


def default_params() -> dict:
    """Every parameter's default, read from the signature: the baseline for "left at its default"."""
    signature = inspect.signature(WGANAugmenter.__init__)
    return {name: parameter.default for name, parameter in signature.parameters.items() if name != "self"}
