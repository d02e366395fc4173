"""One table of parameter roles: a parameter set where it means nothing is refused, naming it, its value and why."""

import inspect

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from wgan_augment import WGANAugmenter
from wgan_augment._parameter_roles import IMAGES, TABLE, kind_parameters, refuse_unused, unused_parameters
from wgan_augment.pipeline import AugmentedClassifier

TINY = dict(n_steps=3, n_critic=1, batch_size=16, generator_dims=(16,), critic_dims=(16,), latent_dim=8,
            random_state=0)
DEFAULTS = {name: parameter.default for name, parameter in inspect.signature(WGANAugmenter).parameters.items()}


def _table():
    rng = np.random.default_rng(0)
    return pd.DataFrame({"x": rng.normal(size=40), "k": ["a", "b"] * 20})


@pytest.mark.parametrize(
    ("params", "message"),
    [({"constraint": "clip", "gp_weight": 5.0},
      "gp_weight=5.0 means nothing under constraint='clip' (the penalty is not used); leave it at its default "
      "(10.0) or use constraint='gp'."),
     ({"constraint": "clip", "gp_interval": 2},
      "gp_interval=2 means nothing under constraint='clip' (the penalty is not used); leave it at its default (1) "
      "or use constraint='gp'."),
     ({"constraint": "clip", "betas": (0.0, 0.9)},
      "betas=(0.0, 0.9) means nothing under constraint='clip' (they are Adam's; clipping trains with RMSProp); "
      "leave it at its default ((0.5, 0.9)) or use constraint='gp'."),
     ({"clip_value": 0.05},
      "clip_value=0.05 means nothing under constraint='gp' (the penalty keeps the critic 1-Lipschitz; no weight is "
      "clipped); leave it at its default (0.01) or use constraint='clip'."),
     ({"max_modes": 3},
      "max_modes=3 means nothing under continuous_encoding='quantile' (no mixture is fitted); leave it at its "
      "default (10) or use continuous_encoding='mode'.")],
)
def test_a_parameter_the_settings_leave_unused_is_refused_before_training_naming_it_and_why(params, message):
    augmenter = WGANAugmenter(**TINY, **params)
    with pytest.raises(ValueError) as error:
        augmenter.fit(_table())
    assert str(error.value) == message
    assert not hasattr(augmenter, "generator_")


@pytest.mark.parametrize(
    "params",
    [{"constraint": "clip"}, {"constraint": "clip", "gp_weight": 10, "betas": (0.5, 0.9)},
     {"constraint": "gp", "gp_weight": 5.0, "gp_interval": 2, "betas": (0.0, 0.9)},
     {"constraint": "clip", "clip_value": 0.05}, {"continuous_encoding": "mode", "max_modes": 3}],
)
def test_parameters_at_their_defaults_or_under_their_own_setting_are_accepted(params):
    assert WGANAugmenter(**TINY, **params).fit(_table()).n_iter_ == 3


def test_the_kind_is_judged_first_for_a_parameter_of_two_settings():
    # max_modes belongs to tables and to the mode encoding: for images, being a table parameter is the reason.
    with pytest.raises(ValueError, match=r"^max_modes=3 applies to tables only; leave it at its default \(10\) "
                                         r"with images\.$"):
        refuse_unused({**DEFAULTS, "max_modes": 3}, DEFAULTS, IMAGES)


def test_the_augmented_classifier_passes_the_refusal_on_before_any_augmenter_is_trained():
    X, y = _table()[["x"]], np.tile([0, 1], 20)
    model = AugmentedClassifier(LogisticRegression(), WGANAugmenter(**TINY, constraint="clip", clip_value=0.05,
                                                                    gp_weight=1.0), n_synthetic=4)
    with pytest.raises(ValueError, match=r"^gp_weight=1\.0 means nothing under constraint='clip'"):
        model.fit(X, y)
    assert not hasattr(model, "augmenter_")


def test_unused_parameters_names_every_one_whatever_its_value_with_why():
    assert unused_parameters({**DEFAULTS, "constraint": "clip", "gp_weight": 5.0}, TABLE) == {
        "conv_width": "applies to images only",
        "diff_augment": "applies to images only",
        "max_modes": "means nothing under continuous_encoding='quantile' (no mixture is fitted)",
        "gp_weight": "means nothing under constraint='clip' (the penalty is not used)",
        "gp_interval": "means nothing under constraint='clip' (the penalty is not used)",
        "betas": "means nothing under constraint='clip' (they are Adam's; clipping trains with RMSProp)",
    }
    assert list(unused_parameters({**DEFAULTS, "continuous_encoding": "mode"}, IMAGES)) == [
        "generator_dims", "critic_dims", "continuous_encoding", "max_modes", "pac", "column_roles",
        "min_category_count", "keep_rare_categories", "filter_synthetic", "clip_value"]


def test_a_setting_missing_from_old_params_leaves_what_it_decides_alone():
    assert unused_parameters({"gp_weight": 5.0, "clip_value": 0.05, "max_modes": 3}, TABLE) == {
        "conv_width": "applies to images only", "diff_augment": "applies to images only"}


def test_each_kind_refuses_the_other_kinds_parameters_from_the_one_table():
    assert kind_parameters(IMAGES) == ("conv_width", "diff_augment")
    assert kind_parameters(TABLE) == ("generator_dims", "critic_dims", "continuous_encoding", "max_modes", "pac",
                                      "column_roles", "min_category_count", "keep_rare_categories", "filter_synthetic")
