"""Guard backends by name, imported only when first asked for.

``create("pii-ko")`` and friends return a fresh detector; heavy dependencies
(ko-pii, presidio, the Guardian classifier) load inside the detectors on first use,
so importing this module costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from notelens.config import GuardConfig
from notelens.guard.base import Guard
from notelens.registry import Registry

#: Factories take the :class:`GuardConfig`; other packages add guards through the entry
#: point group ``notelens.guard``.
GUARD_REGISTRY: Registry[Guard] = Registry("guard")


def _pii_ko(cfg: GuardConfig) -> Guard:
    from notelens.guard.pii_ko import KoreanPII

    return KoreanPII(names=cfg.person_names)


def _pii_en(cfg: GuardConfig) -> Guard:
    from notelens.guard.pii_en import EnglishPII

    return EnglishPII()


def _injection(cfg: GuardConfig) -> Guard:
    from notelens.guard.injection import InjectionGuard

    return InjectionGuard(
        threshold=cfg.injection_threshold,
        use_model=cfg.use_model,
        model_threshold=cfg.model_threshold,
    )


GUARD_REGISTRY.register("pii-ko", _pii_ko)
GUARD_REGISTRY.register("pii-en", _pii_en)
GUARD_REGISTRY.register("injection", _injection)
DEFAULT_GUARDS = ("pii-ko", "pii-en", "injection")


def names() -> tuple[str, ...]:
    return GUARD_REGISTRY.names()


def create(name: str, cfg: GuardConfig | None = None) -> Guard:
    """A guard backend by name (``pii-ko``, ``pii-en``, ``injection``)."""
    return GUARD_REGISTRY.create(name, cfg or GuardConfig())


def register(name: str, factory: Callable[[GuardConfig], Any]) -> None:
    """Add a backend (plugins, tests); a name given again replaces the old factory."""
    GUARD_REGISTRY.register(name, factory, replace=True)
