"""The names of the model families, apart from their classes so that cards can be read without
importing torch (the app's first page is drawn before torch is imported)."""

from __future__ import annotations

from typing import Literal, get_args

Family = Literal["ae", "stacked_ae", "conv_ae", "vae", "conv_vae"]  # the keys of models.FAMILIES, in order
FAMILY_NAMES: tuple[str, ...] = get_args(Family)
# Families opened from ONNX graphs (`ae_models.onnx`): explored like the others, never built or trained here.
OPENED_FAMILIES = {"onnx_ae": False, "onnx_vae": True}  # family → variational
