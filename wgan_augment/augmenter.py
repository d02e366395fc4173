"""``WGANAugmenter``: a scikit-learn estimator that learns a table or a stack of images and generates more.

``fit`` is a short list of steps: validate everything (nothing fitted is touched until it passes), let
the kind of data (``wgan_augment.kinds``) make the encoder and the networks, train
(``wgan_augment.training``), then record the fitted state in one place. ``sample`` validates, draws
classes (``wgan_augment.conditioning``), runs the generator and decodes.
"""

from __future__ import annotations

import inspect
import os
import warnings
from collections import OrderedDict
from dataclasses import asdict, dataclass, fields, replace
from numbers import Integral, Real
from pathlib import Path

import numpy as np
import torch
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from ._model_file import SavedModel, write_model_file
from ._sampler import (
    VARIANT_SPREAD,
    PlausibilityFilter,
    codes_around,
    codes_near,
    concat_rows,
    draw_filtered,
    find_codes,
    labels_and_restore,
    rows_like,
    sampler_tags,
    sources_for_plan,
    synthetic_counts,
)
from ._validation import as_labels, check_in_memory_count, check_n_samples
from .conditioning import Conditioning, one_hot
from .images import check_images_like
from .kinds import SCARCE_ROWS, TABLE, ResolvedSettings, ValidatedInput, kind_of
from .runtime import draw_seed, limited_threads, noise_generator, policy_threads, resolve_device, seeded_torch
from .training import (
    HISTORY_KEYS,
    STRATEGIES,
    DataParallel,
    GeneratorAverage,
    RowSampler,
    TrainingConfig,
    TrainingDiverged,
    TrainingInterrupted,
    check_global_batch,
    data_parallel,
    fingerprint,
    local_rank,
    make_optimizers,
    resume_from,
    train,
    write_checkpoint,
)

# Rows generated per forward pass when sampling. A GPU wants large batches to stay busy; on a CPU the
# activations of 65,536 rows (~170 MB per layer) fall out of cache and the forward pass ran at half the
# speed it has at 2,048 rows (benchmarks/README.md, section 4).
SAMPLE_BATCH_ROWS = {"cuda": 65_536, "cpu": 2_048}
# Values (rows x encoded width, or images x pixels) per sampling batch: caps memory for images.
SAMPLE_BATCH_VALUES = 1 << 24

# Learning rates used when none is given: Adam's from CTGAN for the penalty, RMSProp's from the
# original WGAN paper for clipping.
_DEFAULT_LR = {"gp": 2e-4, "clip": 5e-5}


FEW_ROWS = 10
"""Below this many rows (or images) ``fit`` warns that there is too little to learn from."""


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
        On scarce tables 300 and 500 steps gave synthetic rows that helped classifiers less than
        1,000 did (``benchmarks/fit_time.py``; README, "Defaults").
    batch_size : int or "auto", default="auto"
        Rows (or images) per batch, drawn with replacement. Must be a multiple of ``pac``. "auto": 64
        rows for a table under 1,000 rows, 256 for larger tables, 64 images for images (a conv critic step with
        the penalty costs far more on a CPU than an MLP's).
    n_critic : int or "auto", default="auto"
        Critic steps per generator step. "auto": 5 for tables (as in the WGAN-GP paper), which gave
        clearly closer rows than 2 or 1 on small tables (``benchmarks/choose_defaults.py``); 2 for
        images, where a conv critic step costs far more: at 5, a 1,000-step fit on 28x28 images took
        10 minutes on 2 CPU cores (README, "Images").
    constraint : {"gp", "clip"}, default="gp"
        ``"gp"``: gradient penalty with Adam. ``"clip"``: weight clipping to ``±clip_value`` with RMSProp.
    gp_weight : float, default=10.0
        Weight λ of the gradient penalty (``constraint="gp"``).
    gp_interval : int, default=1
        With ``constraint="gp"``, compute the penalty on every ``gp_interval``-th critic step only,
        weighted by ``gp_interval`` (lazy regularisation, as StyleGAN2 does for its R1 penalty): the
        penalty's double backward is most of a critic step's cost on a CPU. Off (1) by default: at
        5 it cost classifier utility on scarce tables (README, "Defaults").
    clip_value : float, default=0.01
        Bound on every critic weight (``constraint="clip"``).
    generator_lr, critic_lr : float or None, default=None
        Learning rates; None means 2e-4 (Adam) with ``"gp"`` and 5e-5 (RMSProp) with ``"clip"``.
    betas : tuple of float, default=(0.5, 0.9)
        Adam's betas (``constraint="gp"``).
    latent_dim : int, default=128
        Size of the noise vector.
    generator_dims, critic_dims : tuple of int or "auto", default="auto"
        Hidden layer widths (tables). "auto": (128, 128) for a table under 1,000 rows or of at most 12
        columns, (256, 256) for larger and wider ones. The scarce-table settings were chosen by fit time
        against fidelity and classifier utility on ten tables (``benchmarks/fit_time.py``), the width of
        larger tables by fidelity at 4 to 15 columns (``benchmarks/large_table_width.py``; README,
        "Defaults").
    pac : int, default=1
        Rows the critic scores together (PacGAN), tables only. 1 turns packing off.
    continuous_encoding : {"quantile", "mode"}, default="quantile"
        How continuous columns are encoded: a quantile transform to a normal distribution, or
        mode-specific normalisation with a variational Gaussian mixture per column (as in CTGAN). The
        quantile transform gave closer marginals and correlations on small tables; see
        ``benchmarks/choose_defaults.py``.
    max_modes : int, default=10
        Most mixture components per continuous column (``continuous_encoding="mode"``).
    column_roles : dict or None, default=None
        Tables: roles that override the detected ones, by column name. Before anything is fitted each
        column is found to be "continuous", "discrete" (categories), "constant", "identifier" (nearly
        all-distinct short strings, or distinct integer keys named like ``*_id`` or numbering the rows)
        or free text (mostly distinct values of several words). Identifiers are not learned: sampling
        makes new unique values in the training values' format, never a training value. Free text is
        refused with an error naming the column. Give "continuous", "discrete" or "identifier" to
        decide for a column yourself; see ``column_roles_`` for what was chosen. E-mails and IBANs are
        identifiers whether or not they repeat, and so are phone numbers, person names and columns
        named like ``customer_id`` with many distinct values; "discrete" learns them as categories.
    min_category_count : int, default=5
        Tables: text and category values held by fewer training rows are pooled into one category,
        generated as ``"<rare>"``, so the model neither stores nor writes them (1 pools nothing; bools
        and integer codes are never pooled). ``pooled_categories_`` says how many each column pooled.
    keep_rare_categories : list of column names or None, default=None
        Tables: columns whose rare values are learned and written all the same, by request.
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
    filter_synthetic : bool or "auto", default="auto"
        ``fit_resample`` keeps only synthetic rows that a small ensemble fitted on the real rows
        (logistic regression, a random forest and gradient boosting, with balanced class weights, on the
        encoded rows) finds plausible for their label -- a mean probability of at least 1/(2K) for K
        classes -- and draws replacements for the others; a class whose rows keep being rejected gets
        fewer. "auto": on for tables of two or more classes, off for images. On the ten scarce tables of
        ``benchmarks/information.py`` it raised ROC-AUC over unfiltered rows and left balanced accuracy
        as it was (README, "When do the rows help?"). ``sample`` never filters.
    resample_rows : {"auto", "variants", "sample"}, default="auto"
        Where ``fit_resample``'s synthetic rows come from. "variants": near real rows of their class --
        each training row's latent code is found once (as ``vary`` finds an image's), and codes at
        Gaussian offsets of standard deviation 0.5 (the prior's is 1) around the code of a real row of
        the class (each in turn) are decoded. "sample": drawn from the prior, as ``sample`` draws.
        "auto": variants for tables, sample for images. On the ten scarce tables of
        ``benchmarks/information.py`` variants helped the three classifiers more than rows from the
        prior did (README, "When do the rows help?").
    image_layout : {"auto", "NHW", "NHWC", "NCHW"}, default="auto"
        Layout of an image stack: "auto" reads it from the shape (3-D is grayscale NHW; 4-D is channels
        last or first, whichever axis holds 1-4 channels). Say it when the shape is ambiguous.
    conv_width : int, default=16
        Channels of the conv nets' full-resolution layers (images); each halving of the resolution
        doubles them, up to 8x. 16 learned 8x8 digits well (conditional accuracy 0.98) at a third
        of the CPU time of 32, in the 8x8 version of ``benchmarks/images.py`` (README, "Images").
    diff_augment : str, default="auto"
        Differentiable augmentation of every image the critic sees (Zhao et al. 2020): a comma-separated
        list of "translation", "cutout" and "colour", or "" for none. "auto": translation and cutout
        (plus colour for RGB) for fewer than 5,000 images of at least 32x32 pixels; none for smaller
        images, where a one-pixel shift changes the picture (on 8x8 digits it lowered conditional
        accuracy from 0.98 to 0.80; README, "Images"), for larger sets, and for tables.
    ema_decay : float or "auto", default="auto"
        Decay of the exponential moving average of the generator's weights used for sampling; 0 turns
        it off. "auto": 0.999 for images, off for tables. The decay ramps up as
        ``min(ema_decay, (1 + t) / (10 + t))`` at step ``t``, so that the random initial weights fade:
        after the default 1,000 steps it has reached about 0.991.
    device : str or torch.device, default="auto"
        Where to train: "auto" picks CUDA when available, else CPU (under a process group of CUDA
        ranks, the rank's own GPU: ``cuda:LOCAL_RANK``).
    n_threads : int or "auto", default="auto"
        CPU threads for torch and the BLAS/OpenMP pools during ``fit``, ``fit_resample`` and ``sample``;
        the caller's counts are restored afterwards. "auto": one for a table on the CPU -- its small
        networks ran as fast with one thread as with two on an idle 2-core machine, and 4-6 times
        faster beside two busy processes (``benchmarks/threads.py``) -- and torch's own count for
        images and on a GPU. One thread also makes a table's ``random_state`` give the same rows
        whatever the machine's core count. ``n_threads_`` says what was used.
    strategy : {"auto", "single", "ddp"}, default="auto"
        How ``fit`` uses a ``torch.distributed`` process group (as ``torchrun``, Ray Train's
        ``TorchTrainer``, Lightning Fabric and ``accelerate launch`` create). "auto": when a group of two
        or more ranks is initialised, train data-parallel: every rank holds all the rows, draws its own
        batches and noise, and gradients are averaged over the ranks before every optimizer step, so
        the ranks end with the same model; ``batch_size`` is the global batch and must be a multiple of
        world size x ``pac``; only rank 0 shows progress. Without a group, or with "single", one
        process fits alone, as if there were no group. "ddp" insists on a group and raises without one.
        A data-parallel fit refuses ``checkpoint_path``, and raises on every rank when the ranks hold
        different data; Ctrl-C stops it with ``KeyboardInterrupt`` (the ranks stopped at different
        steps, so there is no one model to keep). README, "Past one machine".
    warm_start : bool, default=False
        When the model was fitted in this session, ``fit`` trains it for another ``n_steps`` steps from
        where it stopped (networks, optimizer states, weight average), on data with the same columns
        (and classes) instead of starting anew: ``history_`` and ``n_iter_`` grow, as scikit-learn's
        ``warm_start`` does. Only ``n_steps``, ``verbose`` and the checkpoint settings may change in
        between; the class frequencies ``sample`` draws with stay those of the first fit, and a
        continuation writes no checkpoints. ``fit_resample`` always fits anew. A model read from a file,
        or whose training diverged, holds no state to go on from.
    checkpoint_every, checkpoint_path : int and path, default=None
        Write the training state to ``checkpoint_path`` every ``checkpoint_every`` steps (replacing the
        file whole each time). When ``fit`` starts and the file exists, it resumes from it: a fit that
        was killed goes on where its last checkpoint left it and, on the CPU with the same thread count,
        makes the same steps bit for bit as an uninterrupted run. A checkpoint written for other
        settings or data is refused. Give both or neither.
    verbose : bool, default=False
        Show a progress bar with the live Wasserstein estimate on stderr.
    random_state : int, RandomState instance or None, default=None
        Seeds encoding, network initialisation and training; on CPU the same seed and data give the
        same model. ``sample`` takes its own ``random_state``.

    Attributes
    ----------
    kind_ : wgan_augment.kinds.TableKind or wgan_augment.kinds.ImageKind
        What X was: a table or a stack of images. It decided the encoder, the networks and the
        meaning of the "auto" settings.
    encoder_ : TableEncoder or ImageEncoder
        The fitted encoder (``wgan_augment.images.ImageEncoder`` for images).
    generator_, critic_ : torch.nn.Module
        The trained networks (in eval mode); ``generator_`` holds the averaged weights when
        ``ema_decay`` is on. A model read from a file has no critic.
    history_ : dict of list of float
        Per generator step: ``"critic_loss"``, ``"wasserstein"`` (the critic's estimate
        E[D(real)] − E[D(fake)]), ``"penalty"`` and ``"generator_loss"``.
    n_iter_ : int
        Generator steps actually run: ``n_steps_``, or fewer when training was interrupted with Ctrl-C
        (which keeps the model learned so far and warns with ``TrainingInterrupted``).
    n_steps_, batch_size_, n_critic_, generator_dims_, critic_dims_, ema_decay_, diff_augment_
        The settings this fit used, with "auto" resolved for the data (the dims are None for images;
        ``diff_augment_`` "" means no DiffAugment).
    sampling_strategy_ : OrderedDict
        After ``fit_resample`` only: the synthetic rows made for each class, in class order (as
        imbalanced-learn's samplers report the rows they add).
    filter_acceptance_ : float or None
        After ``fit_resample`` only: the share of drawn synthetic rows the plausibility filter kept
        (``filter_synthetic``); None when it did not run.
    column_roles_ : dict
        Tables only: each column's role, by column name: "continuous", "discrete", "constant" or
        "identifier" (see ``column_roles``).
    pooled_categories_ : dict
        Tables only: columns whose rare values were pooled (``min_category_count``), with how many
        values each pooled; the values themselves are kept nowhere.
    conditioning_ : wgan_augment.conditioning.Conditioning or None
        The classes the model is conditioned on, with their counts; None when fitted without ``y``.
    classes_ : ndarray
        Class labels seen in ``fit`` (only when fitted with ``y``).
    class_counts_ : ndarray
        Rows per class in ``fit`` (only when fitted with ``y``).
    input_format_ : wgan_augment._validation.InputFormat
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

    _parameter_constraints: dict = {
        "n_steps": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "n_critic": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "constraint": [StrOptions({"gp", "clip"})],
        "gp_weight": [Interval(Real, 0, None, closed="left")],
        "gp_interval": [Interval(Integral, 1, None, closed="left")],
        "clip_value": [Interval(Real, 0, None, closed="neither")],
        "generator_lr": [Interval(Real, 0, None, closed="neither"), None],
        "critic_lr": [Interval(Real, 0, None, closed="neither"), None],
        "betas": [tuple],
        "latent_dim": [Interval(Integral, 1, None, closed="left")],
        "generator_dims": [tuple, StrOptions({"auto"})],
        "critic_dims": [tuple, StrOptions({"auto"})],
        "pac": [Interval(Integral, 1, None, closed="left")],
        "continuous_encoding": [StrOptions({"mode", "quantile"})],
        "max_modes": [Interval(Integral, 1, None, closed="left")],
        "column_roles": [dict, None],
        "min_category_count": [Interval(Integral, 1, None, closed="left")],
        "keep_rare_categories": [list, tuple, None],
        "sampling_strategy": [
            Interval(Real, 0, 1, closed="right"),
            StrOptions({"auto", "not majority", "minority", "not minority", "all"}),
            dict,
            callable,
        ],
        "extra_samples": [Interval(Integral, 0, None, closed="left"), Interval(Real, 0, None, closed="left")],
        "filter_synthetic": ["boolean", StrOptions({"auto"})],
        "resample_rows": [StrOptions({"auto", "variants", "sample"})],
        "image_layout": [StrOptions({"auto", "NHW", "NHWC", "NCHW"})],
        "conv_width": [Interval(Integral, 1, None, closed="left")],
        "diff_augment": [str],
        "ema_decay": [Interval(Real, 0, 1, closed="left"), StrOptions({"auto"})],
        "device": [str, torch.device],
        "n_threads": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "strategy": [StrOptions(set(STRATEGIES))],
        "warm_start": ["boolean"],
        "checkpoint_every": [Interval(Integral, 1, None, closed="left"), None],
        "checkpoint_path": [str, os.PathLike, None],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
    }

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
        threads = self._threads(kind, resolve_device(self.device))
        with limited_threads(threads):
            if self.warm_start and hasattr(self, "generator_"):
                self._continue(kind, validated, labels)
            else:
                self._fit(kind, validated, labels)
        self.n_threads_ = threads
        return self

    def _threads(self, kind, device) -> int:
        return policy_threads(self.n_threads, kind.name == TABLE, device)

    def _validate_fit_input(self, X, y):
        """The kind of X, X validated by it, and the labels; raises before any fitted attribute changes."""
        self._validate_params()
        if len(self.betas) != 2 or not all(0 <= beta < 1 for beta in self.betas):
            raise ValueError(f"betas must be two numbers in [0, 1), got {self.betas!r}.")
        if self.checkpoint_path is not None and not isinstance(self.random_state, Integral):
            raise ValueError("checkpoint_path needs an int random_state: a resumed fit must redo the same encoding "
                             f"and draws to go on from a checkpoint; got random_state={self.random_state!r}.")
        if (self.checkpoint_every is None) != (self.checkpoint_path is None):
            raise ValueError("checkpoint_every and checkpoint_path go together: give both (a step count and a "
                             f"file) or neither; got {self.checkpoint_every!r} and {self.checkpoint_path!r}.")
        kind = kind_of(X, self.image_layout)
        params = self.get_params()
        validated = kind.validate(X, params)
        kind.check_params(params, _default_params())
        labels = None if y is None else as_labels(y, len(validated.data))
        if len(validated.data) < FEW_ROWS:
            warnings.warn(f"{len(validated.data)} {kind.unit} are too few for a GAN to learn from: the synthetic "
                          f"{kind.unit} will be noise around these or close to copies of them. Check that the data "
                          "was read as meant.", UserWarning, stacklevel=3)
        return kind, validated, labels

    def _fit(self, kind, validated, labels):
        params = self.get_params()
        parallel = self._data_parallel(kind.batch_size(params, len(validated.data), validated.n_features_in))
        device = _rank_device(resolve_device(self.device), parallel)
        rng = check_random_state(self.random_state)
        if parallel is not None:  # rank 0's seed everywhere: the same encoder and initial networks on all ranks
            rng = np.random.RandomState(parallel.shared_seed(draw_seed(rng)))
        encoder = kind.make_encoder(params, draw_seed(rng)).fit(validated.data)
        encoded = torch.as_tensor(encoder.transform(validated.data), dtype=torch.float32, device=device)
        conditioning, class_index = (None, None) if labels is None else Conditioning.from_labels(labels)
        settings = kind.resolve_settings(params, encoder, len(encoded), validated.n_features_in)
        n_classes = 0 if conditioning is None else conditioning.n_classes
        if parallel is not None:  # before the first broadcast, which would hang on networks of other shapes
            # A RandomState's repr differs from process to process; the seed itself was shared above.
            settings_seen = {name: value for name, value in params.items() if name != "random_state"}
            parallel.check_same(fingerprint(settings_seen, encoder, encoded, class_index), "training data or encoding")
        network_seed = draw_seed(rng)
        with seeded_torch(network_seed, device):
            networks = kind.build_networks(params, settings, encoder, n_classes)
            generator, critic = (network.to(device) for network in networks)
            if parallel is not None:
                parallel.broadcast(generator, critic)
                torch.manual_seed(parallel.rank_seed(network_seed))  # batches and noise of this rank's own
            average = GeneratorAverage(generator, settings.ema_decay) if settings.ema_decay else None
            class_tensor = None if class_index is None else torch.as_tensor(class_index, device=device)

            config = self._training_config(settings)
            state = _TrainingState(generator, critic, average, make_optimizers(generator, critic, config), params,
                                   1 if parallel is None else parallel.world_size)
            previous = {key: [] for key in HISTORY_KEYS}
            stamp = None
            if self.checkpoint_path is not None:
                stamp = fingerprint(params, encoder, encoded, class_index)
                if Path(self.checkpoint_path).exists():
                    previous = resume_from(self.checkpoint_path, state, stamp)  # torch's random state too
            done = len(previous["wasserstein"])
            self._train(state, kind, validated, encoder, conditioning,
                        replace(settings, n_steps=max(settings.n_steps - done, 0)), device,
                        RowSampler(encoded, class_tensor, n_classes), previous=previous, stamp=stamp,
                        parallel=parallel)
        return self

    def _data_parallel(self, batch_size: int) -> DataParallel | None:
        """The process group to train in (None: this process alone), its demands checked on every rank.

        The checks come before the first collective operation: a rank that raised there would leave the
        others waiting in it.
        """
        parallel = data_parallel(self.strategy)
        if parallel is None:
            return None
        check_global_batch(batch_size, self.pac, parallel)
        if self.checkpoint_path is not None:
            raise ValueError("checkpoint_path is not supported in a data-parallel fit (a process group of "
                             f"{parallel.world_size} ranks); leave it None (no --resume), or fit with "
                             "strategy='single'.")
        return parallel

    def _continue(self, kind, validated, labels):
        """``warm_start``: another ``n_steps`` steps from where the last fit stopped, on data like its data."""
        state = getattr(self, "_training_state", None)
        if state is None:
            raise ValueError("warm_start: this model holds no training state to go on from (it was read from a "
                             "file, which keeps no critic or optimizer, or its training diverged); fit it anew "
                             "with warm_start=False.")
        changed = sorted(name for name, value in self.get_params().items()
                         if name not in _FREE_ON_WARM_START and repr(value) != repr(state.params.get(name)))
        if changed:
            raise ValueError(f"warm_start goes on with the settings of the fit it continues; changed: {changed}. "
                             "Fit anew (warm_start=False) to change them.")
        if kind != self.kind_ or validated.n_features_in != self.n_features_in_ or not np.array_equal(
                validated.feature_names_in, getattr(self, "feature_names_in_", None)):
            raise ValueError("warm_start: X must have the columns of the data the model was fitted on "
                             f"({self.n_features_in_} {'columns' if kind.name == TABLE else 'values per image'}).")
        if (labels is None) != (self.conditioning_ is None):
            raise ValueError("warm_start: give y exactly when the model was fitted with y.")
        class_index = None if labels is None else self.conditioning_.index_of(labels, len(labels))
        parallel = self._data_parallel(self.batch_size_)
        if (1 if parallel is None else parallel.world_size) != state.world_size:
            raise ValueError(f"warm_start: the fit to continue ran on {state.world_size} process(es), this one on "
                             f"{1 if parallel is None else parallel.world_size}; continue it with as many ranks, or "
                             "fit anew.")
        device = self.device_
        encoded = torch.as_tensor(self.encoder_.transform(validated.data), dtype=torch.float32, device=device)
        n_classes = 0 if self.conditioning_ is None else self.conditioning_.n_classes
        class_tensor = None if class_index is None else torch.as_tensor(class_index, device=device)
        settings = ResolvedSettings(**{**{field.name: getattr(self, f"{field.name}_") for field in
                                          fields(ResolvedSettings)}, "n_steps": int(self.n_steps)})
        # A seed of its own for each continuation: the random_state's, moved on by the steps already run.
        seed = (draw_seed(check_random_state(self.random_state)) + self.n_iter_) % (2**31 - 1)
        if parallel is not None:
            seed = parallel.rank_seed(parallel.shared_seed(seed))
        with seeded_torch(seed, device):
            self._train(state, kind, validated, self.encoder_, self.conditioning_, settings, device,
                        RowSampler(encoded, class_tensor, n_classes), previous=self.history_, parallel=parallel)
        return self

    def _train(self, state, kind, validated, encoder, conditioning, settings, device, sampler, previous, stamp=None,
               parallel: DataParallel | None = None):
        """Run ``settings.n_steps`` steps on top of ``previous`` history and record the fitted state.

        With a ``stamp`` (the fingerprint of settings and data), a checkpoint is written every
        ``checkpoint_every`` steps. With ``parallel``, each rank trains on its share of the global batch.
        """
        first_step = len(previous["wasserstein"])

        def after_previous(history):
            return {key: list(previous[key]) + list(history[key]) for key in HISTORY_KEYS}

        def checkpoint(history):
            write_checkpoint(self.checkpoint_path, state, after_previous(history), stamp)

        def keep(history):
            total = ResolvedSettings(**{**asdict(settings), "n_steps": first_step + settings.n_steps})
            self._set_fitted_state(kind=kind, validated=validated, encoder=encoder, conditioning=conditioning,
                                   settings=total, device=device, history=after_previous(history),
                                   generator=state.generator if state.average is None else state.average.model,
                                   critic=state.critic)
            self._training_state = state

        try:
            config = self._training_config(settings)
            if parallel is not None:
                config = replace(config, batch_size=config.batch_size // parallel.world_size)
            keep(train(state.generator, state.critic, sampler, config,
                       self.verbose and (parallel is None or parallel.is_main),
                       augment=kind.augmentation(settings, encoder), average=state.average,
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
        if self.n_iter_ < self.n_steps_:
            warnings.warn(f"Training interrupted after {self.n_iter_} of {self.n_steps_} generator steps; "
                          "the model keeps what it learned so far.", TrainingInterrupted, stacklevel=4)

    def _set_fitted_state(self, *, kind, validated, encoder, conditioning, settings, device, history, generator,
                          critic=None):
        """Record everything ``fit`` (or loading a model file) learned, all at once."""
        forgotten = ("classes_", "class_counts_", "feature_names_in_", "critic_", "column_roles_", "sampling_strategy_",
                     "filter_acceptance_", "pooled_categories_")
        for name in forgotten:
            self.__dict__.pop(name, None)  # a refit must forget what an earlier fit had and this one lacks
        self.kind_ = kind
        self.input_format_ = validated.input_format
        self.n_features_in_ = validated.n_features_in
        if validated.feature_names_in is not None:
            self.feature_names_in_ = validated.feature_names_in
        self.conditioning_ = conditioning
        if conditioning is not None:
            self.classes_, self.class_counts_ = conditioning.classes, conditioning.counts
        for field in fields(settings):
            setattr(self, f"{field.name}_", getattr(settings, field.name))  # n_steps_, batch_size_, ...
        self.device_, self.encoder_ = device, encoder
        if hasattr(encoder, "column_roles_"):
            self.column_roles_ = dict(encoder.column_roles_)
            self.pooled_categories_ = dict(encoder.pooled_categories_)
        self.generator_ = generator
        if critic is not None:
            self.critic_ = critic
        self.history_ = history
        self.n_iter_ = len(history["wasserstein"])

    @classmethod
    def _from_saved(cls, saved: SavedModel) -> WGANAugmenter:
        """A fitted augmenter from a model file's state, on the CPU (used by ``wgan_augment.persistence.load``).

        The generator is rebuilt by the kind of data, as in ``fit``, and given the saved weights.
        """
        known = _default_params()
        unknown = sorted(set(saved.params) - set(known))
        if unknown:
            warnings.warn(f"the model file sets parameters this version does not know, ignored: {unknown}",
                          UserWarning, stacklevel=3)
        # Parameters the kind does not use go back to today's defaults: files from before they were
        # refused hold the defaults of then (generator_dims=(256, 256) for images), which a refit of a
        # clone would now refuse.
        kept = {name: value for name, value in saved.params.items()
                if name in known and name not in saved.kind.unused_params}
        augmenter = cls(**kept)
        params = augmenter.get_params()
        n_classes = 0 if saved.conditioning is None else saved.conditioning.n_classes
        # Files from before the settings were kept (0.1.0) resolved "auto" as tables of 1,000 rows and
        # more of any width still do (n_columns None); what a file kept wins.
        fallback = saved.kind.resolve_settings(params, saved.encoder, SCARCE_ROWS, None)
        settings = ResolvedSettings.from_json(saved.settings, fallback)
        # Building the networks initialises weights from torch's global RNG; keep the caller's stream intact.
        with torch.random.fork_rng(devices=[]):
            generator, _ = saved.kind.build_networks(params, settings, saved.encoder, n_classes)
        generator.load_state_dict(saved.generator_state, strict=True)
        validated = ValidatedInput(None, saved.input_format, saved.n_features_in, saved.feature_names_in)
        augmenter._set_fitted_state(kind=saved.kind, validated=validated, encoder=saved.encoder,
                                    conditioning=saved.conditioning, settings=settings, device=torch.device("cpu"),
                                    history=saved.history, generator=generator.eval())
        return augmenter

    def _augmentation(self, n_images: int):
        """The DiffAugment transform a fit on ``n_images`` of this model's images would use (None for none)."""
        check_is_fitted(self, "generator_")
        settings = self.kind_.resolve_settings(self.get_params(), self.encoder_, n_images, self.n_features_in_)
        return self.kind_.augmentation(settings, self.encoder_)

    def _training_config(self, settings) -> TrainingConfig:
        default_lr = _DEFAULT_LR[self.constraint]
        return TrainingConfig(
            n_steps=settings.n_steps,
            batch_size=settings.batch_size,
            n_critic=settings.n_critic,
            constraint=self.constraint,
            gp_weight=self.gp_weight,
            clip_value=self.clip_value,
            generator_lr=self.generator_lr or default_lr,
            critic_lr=self.critic_lr or default_lr,
            betas=tuple(self.betas),
            latent_dim=self.latent_dim,
            gp_interval=self.gp_interval,
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
        check_in_memory_count(n_samples, "n_samples")
        rng = check_random_state(random_state)
        with limited_threads(self._threads(self.kind_, self.device_)):
            return self._sample_rows(n_samples, y, rng, self._first_identifier(rng))[0]

    def vary(self, X, y=None, *, n_per_image=4, spread=0.45, random_state=None):
        """New images near given ones: ``n_per_image`` variants of each image of ``X`` (image models only).

        Each image's code in the generator's latent space is found by gradient descent on the squared
        pixel error (100 Adam steps), and codes drawn around it, at Gaussian offsets of standard
        deviation ``spread`` (the prior's is 1), are decoded. Variants of the training images are what
        helped classifiers on the 28x28 benchmark (``benchmarks/images.py``; README, "Images"), where
        images drawn by ``sample`` did not. The model is not changed and keeps no code. Reproducible on
        the CPU; on a GPU the search's backward pass through the convolutions is not bit-for-bit
        deterministic.

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
            Standard deviation of the offsets from each image's code. Chosen in a first exploration on
            the 28x28 digits (20 images per class, one seed): at 0.3, 8% of the variants were
            near-copies of a training image (the ratio test of ``benchmarks/images.py``); at 0.45,
            0.5%; at 0.6 none, but they added less to classic augmentation for an RBF SVC. With the
            default, the benchmark (5 seeds) counted 1.9% near-copies at 20 images per class and 5.6% at
            10 (README, "Images").
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
        if not isinstance(n_per_image, Integral) or isinstance(n_per_image, bool) or n_per_image < 1:
            raise ValueError(f"n_per_image must be a positive integer, got {n_per_image!r}.")
        if not isinstance(spread, Real) or not np.isfinite(spread) or spread <= 0:
            raise ValueError(f"spread must be a positive number, got {spread!r}.")
        images = check_images_like(X, self.encoder_.image_shape_)
        targets = torch.from_numpy(self.encoder_.transform(images)).to(self.device_)
        condition = self._variant_condition(y, len(targets))
        noise_source = noise_generator(draw_seed(check_random_state(random_state)), self.device_)
        codes = find_codes(self.generator_, targets, condition, self.latent_dim, noise_source)
        around = codes_around(codes, n_per_image, float(spread), noise_source)
        repeated = None if condition is None else condition.repeat_interleave(n_per_image, dim=0)
        encoded = self._decode_codes(around, repeated, noise_source)
        images = self.kind_.as_output(self.kind_.decode(self.encoder_, encoded, None, None), self.input_format_)
        if condition is None:
            return images
        labels = self.conditioning_.classes[condition.argmax(dim=1).cpu().numpy()]  # as sample gives them
        return images, np.repeat(labels, n_per_image)

    def _decode_codes(self, codes: torch.Tensor, condition: torch.Tensor | None,
                      noise_source: torch.Generator) -> np.ndarray:
        """The generator's output for given codes, in the batches ``sample`` uses, without gradients; a table's
        categories are drawn from ``noise_source``."""
        shape = self.kind_.encoded_shape(self.encoder_)
        batch_rows = self._sample_batch_rows(shape)
        encoded = np.empty((len(codes), *shape), dtype=np.float32)
        with torch.no_grad():
            for start in range(0, len(codes), batch_rows):
                stop = start + batch_rows
                encoded[start:stop] = self.generator_(
                    codes[start:stop], None if condition is None else condition[start:stop],
                    generator=noise_source).cpu().numpy()
        return encoded

    def _sample_batch_rows(self, shape: tuple[int, ...]) -> int:
        """Rows or images per generator call when sampling: bounded in count and in values."""
        device_rows = SAMPLE_BATCH_ROWS.get(self.device_.type, SAMPLE_BATCH_ROWS["cuda"])
        return max(1, min(device_rows, SAMPLE_BATCH_VALUES // int(np.prod(shape))))

    def _variant_condition(self, y, n_images: int) -> torch.Tensor | None:
        """The one-hot classes of the images ``vary`` is given, checked against the model."""
        if self.conditioning_ is None:
            if y is not None:
                raise ValueError("y was given to vary, but the model was fitted without labels; refit with fit(X, y).")
            return None
        if y is None:
            raise ValueError("vary needs y, the class of each image: the model was fitted with labels.")
        if np.shape(y) != (n_images,):
            raise ValueError(f"y must hold one label per image ({n_images}), got shape {np.shape(y)}.")
        class_index = torch.as_tensor(self.conditioning_.index_of(y, n_images), device=self.device_)
        return one_hot(class_index, self.conditioning_.n_classes).to(self.device_)

    def _first_identifier(self, rng) -> int | None:
        """Where the fresh identifiers of a draw are numbered from; None for a model without identifier columns.

        Drawn first, so that ``write_samples`` can draw it once for a whole file and number its chunks on
        from it, and still write what ``sample`` returns when the file is one chunk.
        """
        if self.kind_.name != TABLE or self.encoder_.identifier_capacity is None:
            return None
        return int(rng.randint(0, 2**62, dtype=np.int64))

    def _sample_rows(self, n_samples: int, y, rng, first_identifier: int | None, noise_seed: int | None = None):
        """``sample`` with the random state already checked and the identifiers' numbering given.

        ``noise_seed`` seeds the generator's noise; None draws it from ``rng``, as ``sample`` does.
        Returns what ``sample`` returns, and the noise seed used (``write_samples`` numbers its chunks'
        seeds from the first chunk's).
        """
        class_index = self._sample_classes(n_samples, y, rng)
        noise_seed = draw_seed(rng) if noise_seed is None else noise_seed
        encoded = self._generate(n_samples, class_index, noise_seed)
        decoded = self.kind_.decode(self.encoder_, encoded, rng, first_identifier)
        rows = self.kind_.as_output(decoded, self.input_format_)
        return (rows if class_index is None else (rows, self.conditioning_.classes[class_index])), noise_seed

    def _sample_classes(self, n_samples: int, y, rng) -> np.ndarray | None:
        """Position in ``classes_`` of each row's class: as requested, or drawn; None for an unconditional model."""
        if self.conditioning_ is None:
            if y is not None:
                raise ValueError(
                    "y was given to sample, but the model was fitted without labels; refit with fit(X, y)."
                )
            return None
        if y is None:
            return self.conditioning_.draw(n_samples, rng)
        return self.conditioning_.index_of(y, n_samples)

    def _generate(self, n_samples: int, class_index, seed: int) -> np.ndarray:
        """Encoded rows or images from the generator, batch by batch, in eval mode, without gradients."""
        noise_source = noise_generator(seed, self.device_)
        shape = self.kind_.encoded_shape(self.encoder_)
        batch_rows = self._sample_batch_rows(shape)
        # Filled batch by batch: a list of batches and their concatenation would touch twice the memory.
        encoded = np.empty((n_samples, *shape), dtype=np.float32)
        with torch.no_grad():
            for start in range(0, n_samples, batch_rows):
                size = min(batch_rows, n_samples - start)
                noise = torch.randn(size, self.latent_dim, device=self.device_, generator=noise_source)
                condition = None
                if class_index is not None:
                    batch_classes = torch.as_tensor(class_index[start : start + size], device=self.device_)
                    condition = one_hot(batch_classes, self.conditioning_.n_classes)
                encoded[start : start + size] = self.generator_(noise, condition, generator=noise_source).cpu().numpy()
        return encoded

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

        How many synthetic rows each class gets is set by ``sampling_strategy`` and ``extra_samples``;
        for a table they are variants of real rows of their class (``resample_rows``), and rows the
        plausibility filter rejects are redrawn (``filter_synthetic``), so a class can end a few rows
        short: ``sampling_strategy_`` counts the rows actually added.

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
        threads = self._threads(kind, resolve_device(self.device))
        with limited_threads(threads):
            self._fit(kind, validated, labels)
            sample_seed = draw_seed(check_random_state(self.random_state))
            X_new, y_new = self._resampled_rows(np.repeat(classes, per_class), validated, labels, sample_seed)
        self.n_threads_ = threads
        added = [int(np.count_nonzero(y_new == label)) for label in classes]
        self.sampling_strategy_ = OrderedDict(zip(classes.tolist(), added))
        return rows_like(X, concat_rows([X, X_new])), restore_labels(np.concatenate([labels, y_new]))

    def _resampled_rows(self, plan, validated, labels, seed):
        """``fit_resample``'s synthetic rows, one per label of ``plan``, from the prior or near real rows, and
        only those the plausibility filter passes when it is on (then possibly fewer)."""
        self.filter_acceptance_ = None
        is_table = self.kind_.name == TABLE
        filtering = len(self.classes_) > 1 and (self.filter_synthetic is True or
                                                (self.filter_synthetic == "auto" and is_table))
        variants = self.resample_rows == "variants" or (self.resample_rows == "auto" and is_table)
        if len(plan) == 0 or not (filtering or variants):
            return self.sample(len(plan), y=plan, random_state=seed)
        rng = check_random_state(seed)
        encoded_real = self.encoder_.transform(validated.data)
        real_index = self.conditioning_.index_of(labels, len(labels))
        draw = (self._variant_drawer(encoded_real, real_index, rng) if variants else
                lambda request: (self._generate(len(request), request, draw_seed(rng)), request))
        plan_index = self.conditioning_.index_of(plan, len(plan))
        if filtering:
            judge = PlausibilityFilter(draw_seed(rng)).fit(encoded_real, real_index)  # tables only: rows
            encoded, class_index, self.filter_acceptance_ = draw_filtered(draw, plan_index, judge.accepts)
        else:
            encoded, class_index = draw(plan_index)
        rows = self.kind_.decode(self.encoder_, encoded, rng, self._first_identifier(rng))
        return self.kind_.as_output(rows, self.input_format_), self.conditioning_.classes[class_index]

    def _variant_drawer(self, encoded_real: np.ndarray, real_index: np.ndarray, rng):
        """``draw(class_index)``: one variant of a real row of each requested class, with the classes; the
        real rows' codes are searched for once, here."""
        noise_source = noise_generator(draw_seed(rng), self.device_)
        condition = one_hot(torch.as_tensor(real_index, device=self.device_), self.conditioning_.n_classes)
        targets = torch.from_numpy(encoded_real).to(self.device_)
        codes = find_codes(self.generator_, targets, condition, self.latent_dim, noise_source)

        def draw(class_index):
            sources = sources_for_plan(real_index, class_index, draw_seed(rng))
            near = codes_near(codes, torch.as_tensor(sources, device=self.device_), VARIANT_SPREAD, noise_source)
            return self._decode_codes(near, condition[sources], noise_source), real_index[sources]

        return draw

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
        known = getattr(self, "feature_names_in_", None)
        if input_features is not None:
            # The messages scikit-learn's own get_feature_names_out gives, which its users' code may match.
            given = np.asarray(input_features, dtype=object)
            if known is not None and not np.array_equal(given, known):
                raise ValueError(f"input_features is not equal to feature_names_in_: {list(given)} against "
                                 f"{list(known)}")
            if len(given) != self.n_features_in_:
                raise ValueError(f"input_features should have length equal to number of features "
                                 f"({self.n_features_in_}), got {len(given)}")
            return given
        if known is not None:
            return np.asarray(known, dtype=object)
        return np.array([f"x{i}" for i in range(self.n_features_in_)], dtype=object)


def _rank_device(device: torch.device, parallel: DataParallel | None) -> torch.device:
    """Under a group of CUDA ranks, each rank's own GPU (``cuda:LOCAL_RANK``, as torchrun sets it)."""
    if parallel is None or device.type != "cuda" or device.index is not None:
        return device
    device = torch.device("cuda", local_rank(parallel.rank))
    torch.cuda.set_device(device)
    return device


def _default_params() -> dict:
    """Every parameter's default, read from the signature: the baseline for "left at its default"."""
    signature = inspect.signature(WGANAugmenter.__init__)
    return {name: parameter.default for name, parameter in signature.parameters.items() if name != "self"}


@dataclass
class _TrainingState:
    """What a fit leaves for ``warm_start`` to go on from: the live networks, the weight average and the
    optimizers (with their moments). Kept in memory only; model files hold no critic or optimizer."""

    generator: torch.nn.Module
    critic: torch.nn.Module
    average: GeneratorAverage | None
    optimizers: tuple
    params: dict
    world_size: int = 1  # ranks of the data-parallel fit; a continuation needs as many


# Parameters a warm start may change: they steer how long and how loudly it trains, not what it trains.
_FREE_ON_WARM_START = ("n_steps", "warm_start", "verbose", "checkpoint_every", "checkpoint_path")
