from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import threading
import typing
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from ae_models import FAMILIES, load_dataset, load_pretrained
from ae_models.evaluate import main as evaluate_main
from ae_models.models import Likelihood
from ae_models.train import EpochRecord, TrainConfig, build_parser, dataset_options, main, parse_args, train

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("family", list(FAMILIES))
def test_each_family_learns_on_digits(family: str, digits_train, digits_test, tmp_path: Path):
    config = TrainConfig(model=family, dataset="digits", latent_dim=8, epochs=4, patience=10, quiet=True,
                         out=str(tmp_path / family), lr=3e-3)
    model = train(config, train_data=digits_train, test_data=digits_test)
    history = model.card["history"]
    assert history[-1]["val_loss"] < history[0]["val_loss"]
    assert history[-1]["train_loss"] < history[0]["train_loss"]
    card = json.loads((tmp_path / family / "card.json").read_text())
    assert card["family"] == family and card["noise"] is None and card["denoising"] is False
    assert len(card["history"]) == 4 and card["training"]["wall_time_s"] > 0
    assert set(card["test_metrics"]) >= {"mse", "psnr", "ssim"}
    assert ("neg_elbo" in card["test_metrics"]) == model.variational
    assert card["dataset_name"] == "digits" and "built-in" in card["split"] and card["likelihood_note"]


@pytest.mark.parametrize("grey", [False, True])
def test_a_colour_folder_trains_with_its_short_name_split_and_likelihood_in_the_card(grey: bool, tmp_path: Path):
    rng = np.random.default_rng(0)
    for label in ("red", "blue"):
        (tmp_path / "paints" / label).mkdir(parents=True)
        for i in range(30):
            pixels = rng.integers(0, 256, (12, 10, 3), dtype=np.uint8)
            pixels[..., 0 if label == "red" else 2] = 255
            Image.fromarray(pixels).save(tmp_path / "paints" / label / f"{i}.png")
    out = tmp_path / "model"
    assert main(["--model", "conv_vae", "--dataset", str(tmp_path / "paints"), "--image-size", "8", "8",
                 *(["--grey"] if grey else []), "--epochs", "1", "--latent-dim", "2", "--quiet",
                 "--out", str(out)]) == 0
    card = load_pretrained(out).card
    assert card["config"]["image_shape"] == [1 if grey else 3, 8, 8]
    assert card["dataset"] == str(tmp_path / "paints") and card["dataset_name"] == "paints"
    assert "SHA-256" in card["split"] and "bernoulli per pixel and channel" in card["likelihood_note"]
    assert card["train_images"] + card["val_images"] == len(load_dataset(str(tmp_path / "paints"), "train")) < 60


def test_denoising_training_feeds_noisy_input_and_clean_target(digits_train, digits_test, monkeypatch):
    seen = []
    original = FAMILIES["ae"].loss

    def spy(self, x_in, x_target=None, generator=None, dataset_size=None):
        seen.append((x_in.clone(), x_target.clone()))
        return original(self, x_in, x_target, generator, dataset_size)

    monkeypatch.setattr(FAMILIES["ae"], "loss", spy)
    model = train(TrainConfig(model="ae", epochs=1, noise="salt_pepper:0.2", quiet=True, latent_dim=4),
                  train_data=digits_train, test_data=digits_test)
    noisy, clean = seen[0]
    assert not torch.equal(noisy, clean)
    assert abs(((noisy != clean) & ((noisy == 0) | (noisy == 1))).float().mean().item() - 0.2) < 0.1
    assert model.card["noise"] == "salt_pepper:0.2" and model.card["denoising"] is True
    assert "test_metrics_noisy" in model.card


def test_stop_event_ends_training_and_keeps_the_best(digits_train, digits_test, tmp_path: Path):
    stop = threading.Event()
    records: list[EpochRecord] = []

    def on_epoch(record: EpochRecord, model) -> None:
        records.append(record)
        stop.set()

    model = train(TrainConfig(model="ae", epochs=50, quiet=True, out=str(tmp_path / "s")),
                  on_epoch=on_epoch, stop=stop, train_data=digits_train, test_data=digits_test)
    assert len(records) == 1 and model.card["training"]["stopped_early"]
    assert load_pretrained(tmp_path / "s").card["training"]["epochs_run"] == 1


def test_keyboard_interrupt_keeps_the_last_good_checkpoint(digits_train, digits_test, tmp_path: Path):
    out = tmp_path / "ctrl-c"

    def on_epoch(record: EpochRecord, model) -> None:
        if record.epoch == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        train(TrainConfig(model="ae", epochs=10, quiet=True, out=str(out), patience=99),
              on_epoch=on_epoch, train_data=digits_train, test_data=digits_test)
    model = load_pretrained(out)
    assert len(model.card["history"]) in (1, 2)
    assert model(torch.rand(2, 1, 8, 8)).shape == (2, 1, 8, 8)


def test_one_class_training_reports_auroc(digits_train, digits_test):
    model = train(TrainConfig(model="ae", epochs=3, normal_class=0, quiet=True, latent_dim=4),
                  train_data=digits_train, test_data=digits_test)
    assert model.card["normal_class"] == 0
    assert model.card["train_images"] + model.card["val_images"] == int((digits_train.labels == 0).sum())
    assert 0.5 < model.card["test_metrics"]["auroc"] <= 1.0


@pytest.mark.parametrize("family", ["ae", "vae"])
def test_one_class_training_picks_its_score_on_held_out_training_images(family: str, digits_train, digits_test):
    """The score is chosen by AUROC on the normal class's validation images and other classes' training
    images, and the test AUROC is that score's; every candidate's test AUROC is kept for the record."""
    from ae_models.anomaly import held_out_anomalies, one_class_auroc, select_score
    from ae_models.train import split_train_val

    model = train(TrainConfig(model=family, epochs=3, normal_class=2, quiet=True, latent_dim=4, lr=3e-3),
                  train_data=digits_train, test_data=digits_test)
    card = model.card
    selection = card["score_selection"]
    candidates = ["mse", "ssim_error", "neg_elbo"] if family == "vae" else ["mse", "ssim_error"]
    assert list(selection["held_out_auroc"]) == candidates == list(card["test_auroc_by_score"])
    assert card["anomaly_score"] == selection["winner"] == max(candidates, key=selection["held_out_auroc"].get)
    assert card["test_metrics"]["auroc"] == card["test_auroc_by_score"][card["anomaly_score"]]
    assert selection["normal_images"] == card["val_images"]
    assert selection["anomalous_images"] == min(9 * card["val_images"], int((digits_train.labels != 2).sum()))
    # the held-out set is the training split's: rebuilt from the same seed, it gives the same AUROCs
    _, val = split_train_val(digits_train.of_class(2), 5000, 0)
    again = select_score(model, val, held_out_anomalies(digits_train, 2, len(val), seed=0))
    assert again.aurocs == pytest.approx(selection["held_out_auroc"], abs=1e-6)
    assert one_class_auroc(model, digits_test, 2, "ssim_error") == pytest.approx(
        card["test_auroc_by_score"]["ssim_error"], abs=1e-6)


def test_binarise_draws_bernoulli_pixels_from_the_grey_level():
    from ae_models.train import binarise

    grey = torch.tensor([0.0, 0.3, 1.0]).repeat(4000, 1)  # (4000, 3)
    first = binarise(grey, torch.Generator().manual_seed(0))
    assert set(first.unique().tolist()) <= {0.0, 1.0}
    assert first[:, 0].sum() == 0 and first[:, 2].sum() == 4000  # 0 and 1 stay as they are
    assert abs(first[:, 1].mean().item() - 0.3) < 0.03
    assert torch.equal(first, binarise(grey, torch.Generator().manual_seed(0)))  # seeded
    assert not torch.equal(first, binarise(grey, torch.Generator().manual_seed(1)))


def test_binarised_training_sees_fresh_0_1_pixels_and_states_its_seeded_test_split(digits_train, digits_test,
                                                                                 monkeypatch, tmp_path: Path):
    from ae_models.evaluate import evaluate
    from ae_models.train import TEST_BINARISATION_SEED, binarise

    seen = []
    original = FAMILIES["vae"].loss

    def spy(self, x_in, x_target=None, generator=None, dataset_size=None):
        if self.training:
            seen.append(x_in.clone())
        return original(self, x_in, x_target, generator, dataset_size)

    monkeypatch.setattr(FAMILIES["vae"], "loss", spy)
    config = TrainConfig(model="vae", epochs=2, binarise=True, quiet=True, latent_dim=4, batch_size=2000,
                         out=str(tmp_path / "bin"))
    model = train(config, train_data=digits_train, test_data=digits_test)
    assert len(seen) == 2 and all(set(x.unique().tolist()) <= {0.0, 1.0} for x in seen)
    # dynamic: each epoch draws new pixels (the two epochs see the same images in another order)
    assert abs(seen[0].mean().item() - seen[1].mean().item()) < 0.01 and not torch.equal(seen[0], seen[1])
    card = load_pretrained(tmp_path / "bin").card
    assert card["training"]["binarise"] is True and "dynamic binarisation" in card["binarisation"]["training"]
    assert f"manual_seed({TEST_BINARISATION_SEED})" in card["binarisation"]["test"]
    test = binarise(digits_test.images, torch.Generator().manual_seed(TEST_BINARISATION_SEED))
    assert card["test_metrics_binarised"] == evaluate(model, test)  # the stated seed rebuilds the test set
    assert card["test_metrics_binarised"]["neg_elbo"] != card["test_metrics"]["neg_elbo"]
    assert TrainConfig().binarise is False and parse_args(["--binarise"]).binarise is True


def test_cli_trains_and_evaluates(tmp_path: Path, capsys):
    out = tmp_path / "cli"
    assert main(["--model", "vae", "--dataset", "digits", "--epochs", "2", "--out", str(out), "--quiet"]) == 0
    assert load_pretrained(out).card["training"]["epochs_run"] == 2
    assert evaluate_main([str(out), "--json", "--noise", "gaussian:0.2"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["images"] == 360 and result["neg_elbo"] > 0


def test_cli_exposes_every_field_with_its_default():
    defaults = vars(build_parser().parse_args([]))
    assert defaults == {f.name: f.default for f in dataclasses.fields(TrainConfig)}
    assert parse_args([]) == TrainConfig()


def test_cli_dataset_options_reach_the_config():
    config = parse_args(["--image-size", "32", "24", "--grey"])
    assert config.image_size == (32, 24) and config.grey is True
    assert dataset_options(config) == {"image_size": (32, 24), "grey": True}
    assert dataset_options(TrainConfig()) == {"image_size": None, "grey": False}


def test_cli_help_shows_each_default():
    options = build_parser().format_help().split("options:")[1]
    helps = {entry.split()[0]: " ".join(entry.split()) for entry in re.split(r"\n  (?=-)", options)
             if entry.strip()}
    for f in dataclasses.fields(TrainConfig):
        if f.default not in (None, False):
            assert f"(default: {f.default})" in helps["--" + f.name.replace("_", "-")]


def test_cli_choices_are_the_literals(capsys):
    for family in FAMILIES:
        assert parse_args(["--model", family]).model == family
    for likelihood in typing.get_args(Likelihood):
        assert parse_args(["--likelihood", likelihood]).likelihood == likelihood
    for bad in (["--model", "gan"], ["--likelihood", "laplace"]):
        with pytest.raises(SystemExit):
            parse_args(bad)
        assert "invalid choice" in capsys.readouterr().err


def test_cli_errors_are_one_line_messages(tmp_path: Path, capsys):
    assert main(["--model", "ae", "--dataset", "nowhere", "--quiet"]) == 1
    assert "error: Unknown dataset 'nowhere'" in capsys.readouterr().err
    assert main(["--model", "ae", "--channels", "8,16", "--quiet"]) == 1
    assert "--channels does not apply to ae" in capsys.readouterr().err
    assert evaluate_main([str(tmp_path / "missing")]) == 1
    assert "No checkpoint called" in capsys.readouterr().err


@pytest.mark.slow
def test_ddp_with_two_cpu_processes_writes_one_checkpoint(tmp_path: Path):
    out = tmp_path / "ddp"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "AE_DEVICE": "cpu"}
    result = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
         "-m", "ae_models.train", "--model", "ae", "--dataset", "digits", "--epochs", "2",
         "--out", str(out), "--quiet"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    model = load_pretrained(out)
    assert model.card["training"]["world_size"] == 2
    assert sorted(p.name for p in out.iterdir()) == ["card.json", "weights.safetensors"]
    history = model.card["history"]
    assert history[-1]["val_loss"] < history[0]["val_loss"]


def test_a_beta_tcvae_estimates_its_total_correlation_over_the_training_split(digits_train, digits_test, monkeypatch):
    sizes = []
    original = FAMILIES["conv_vae"].loss

    def spy(self, x_in, x_target=None, generator=None, dataset_size=None):
        sizes.append(dataset_size)
        return original(self, x_in, x_target, generator, dataset_size)

    monkeypatch.setattr(FAMILIES["conv_vae"], "loss", spy)
    model = train(TrainConfig(model="conv_vae", epochs=1, quiet=True, latent_dim=3, channels=(8,), dense=16,
                              decoder="broadcast", tc_weight=2.0), train_data=digits_train, test_data=digits_test)
    assert set(sizes) == {model.card["train_images"]}  # training and validation batches alike
    assert "total_correlation" in model.card["history"][0]["terms"]
    assert (model.config.decoder, model.config.tc_weight) == ("broadcast", 2.0)
    assert next(model.parameters()).is_contiguous()  # handed back in the usual layout, not channels-last
