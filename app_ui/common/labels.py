"""Class names for labels, as every page shows them."""

from __future__ import annotations

from collections.abc import Sequence


def class_name(classes: Sequence[str], label: int, unknown: str = "?") -> str:
    """The name of class `label`, or `unknown` for a label with no class (-1: unlabelled)."""
    return classes[label] if 0 <= label < len(classes) else unknown
