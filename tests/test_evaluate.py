"""`python -m ae_models.evaluate` on colour data: a colour model reads the .npz in colour, a grey
model of the same colour images reads them turned grey, each at the model's own size."""

from __future__ import annotations

import json

import pytest

from ae_models.evaluate import main as evaluate_main
from ae_models.train import TrainConfig, train


def scores(capsys: pytest.CaptureFixture, *argv: str) -> dict:
    assert evaluate_main([*argv, "--json", "--noise", "mask:0.3"]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_colour_checkpoint_is_evaluated_on_its_colour_test_split(tiny_colour_zoo_dir, capsys):
    result = scores(capsys, str(tiny_colour_zoo_dir / "blobs-conv_ae-4"))
    assert result["images"] == 30 and 0 < result["mse"] < 1 and -1 <= result["ssim"] <= 1


def test_a_grey_model_of_colour_images_is_evaluated_on_them_turned_grey(colour_npz, tmp_path, capsys):
    out = tmp_path / "blobs-grey"
    train(TrainConfig(model="ae", dataset=str(colour_npz), grey=True, latent_dim=2, epochs=1, hidden=(16,),
                      quiet=True, out=str(out)))
    result = scores(capsys, str(out))
    assert result["images"] == 30 and 0 < result["mse"] < 1
