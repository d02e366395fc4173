"""Which setting each parameter belongs to: one table, read by ``fit``'s refusal and by the model-file loader.

A parameter that means nothing under the settings in force -- ``conv_width`` for a table, ``clip_value``
with the gradient penalty, ``max_modes`` with the quantile encoding -- would be ignored in silence, which
misleads whoever set it. ``fit`` refuses one set to anything but its default (:func:`refuse_unused`). A
model file written before the refusal may hold one; the loader resets those (:func:`unused_parameters`).
"""

from __future__ import annotations

from dataclasses import dataclass

TABLE = "table"
IMAGES = "images"
KIND = "kind"
"""Not a parameter: what X is (``TABLE`` or ``IMAGES``), which the data decides (``wgan_augment.kinds``)."""

_PLURALS = {TABLE: "tables", IMAGES: "images"}


@dataclass(frozen=True)
class Role:
    """A parameter means something only while ``setting`` (a parameter's name, or ``KIND``) is ``value``.

    ``why`` says in a few words what goes unused otherwise; ``inert`` holds values that mean "nothing"
    there as much as the default does, and so are accepted too.
    """

    setting: str
    value: str
    why: str = ""
    inert: tuple = ()

    def unused_because(self, settings: dict) -> str | None:
        """Why the parameter means nothing under ``settings`` (parameters and ``KIND``); None where it means
        something, or where ``settings`` lacks the setting (a model file older than it: nothing to judge by)."""
        current = settings.get(self.setting, self.value)
        if current == self.value:
            return None
        if self.setting == KIND:
            return f"applies to {_PLURALS[self.value]} only"
        return f"means nothing under {self.setting}={current!r} ({self.why})"

    def advice(self, default, settings: dict) -> str:
        if self.setting == KIND:
            return f"leave it at its default ({default!r}) with {_PLURALS[settings[KIND]]}"
        return f"leave it at its default ({default!r}) or use {self.setting}={self.value!r}"


_PENALTY = "the penalty is not used"
# Every parameter that means something under some settings only, with what it needs; checked in this order.
ROLES: dict[str, tuple[Role, ...]] = {
    "conv_width": (Role(KIND, IMAGES),),
    "diff_augment": (Role(KIND, IMAGES, inert=("",)),),  # "" is no augmentation, which is what tables get
    "generator_dims": (Role(KIND, TABLE),),
    "critic_dims": (Role(KIND, TABLE),),
    "continuous_encoding": (Role(KIND, TABLE),),
    "max_modes": (Role(KIND, TABLE), Role("continuous_encoding", "mode", "no mixture is fitted")),
    "pac": (Role(KIND, TABLE),),
    "column_roles": (Role(KIND, TABLE),),
    "min_category_count": (Role(KIND, TABLE),),
    "keep_rare_categories": (Role(KIND, TABLE),),
    "filter_synthetic": (Role(KIND, TABLE, inert=(False,)),),  # "auto" is off for images: the filter reads rows
    "gp_weight": (Role("constraint", "gp", _PENALTY),),
    "gp_interval": (Role("constraint", "gp", _PENALTY),),
    "betas": (Role("constraint", "gp", "they are Adam's; clipping trains with RMSProp"),),
    "clip_value": (Role("constraint", "clip", "the penalty keeps the critic 1-Lipschitz; no weight is clipped"),),
}


def unused_parameters(params: dict, kind: str) -> dict[str, str]:
    """Every parameter that means nothing for data of ``kind`` (``TABLE`` or ``IMAGES``) under ``params``,
    whatever its value, with why (e.g. ``{"gp_weight": "means nothing under constraint='clip' (...)"}``).

    A setting missing from ``params`` (a model file older than it) leaves the parameters it decides kept.
    """
    settings = {**params, KIND: kind}
    return {name: role.unused_because(settings) for name, role in _failed_roles(settings).items()}


def refuse_unused(params: dict, defaults: dict, kind: str) -> None:
    """Raise a ValueError naming the first parameter set where it means nothing: ignoring it would mislead.

    Left at its default (or at one of its role's ``inert`` values), such a parameter is accepted.
    """
    settings = {**params, KIND: kind}
    for name, role in _failed_roles(settings).items():
        value = params[name]
        if value != defaults[name] and value not in role.inert:
            raise ValueError(f"{name}={value!r} {role.unused_because(settings)}; "
                             f"{role.advice(defaults[name], settings)}.")


def kind_parameters(kind: str) -> tuple[str, ...]:
    """The parameters that mean something for data of ``kind`` only, in ``ROLES``' order."""
    return tuple(name for name, roles in ROLES.items()
                 if any(role.setting == KIND and role.value == kind for role in roles))


def _failed_roles(settings: dict) -> dict[str, Role]:
    """Each parameter that means nothing under ``settings``, with the first of its roles that says so."""
    failed = {}
    for name, roles in ROLES.items():
        failing = [role for role in roles if role.unused_because(settings) is not None]
        if failing:
            failed[name] = failing[0]
    return failed
