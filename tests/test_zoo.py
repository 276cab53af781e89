"""The shipped checkpoints: each manifest entry exists, loads, round-trips the shipped sample, and
still reproduces the sample metrics its card states."""

from __future__ import annotations

import pytest
import torch

import ae_models
from ae_models.evaluate import evaluate
from ae_models.samples import load_sample
from ae_models.zoo import MANIFEST, main

ENTRIES = pytest.mark.parametrize("entry", MANIFEST, ids=lambda e: e.name)


def test_manifest_names_are_unique_and_shipped() -> None:
    names = [entry.name for entry in MANIFEST]
    assert len(names) == len(set(names))
    assert set(names) <= set(ae_models.list_pretrained())


@ENTRIES
def test_checkpoint_round_trips_the_sample(entry) -> None:
    model = ae_models.load_pretrained(entry.name, device="cpu")
    assert (model.family, model.latent_dim) == (entry.model, entry.latent_dim)
    images = load_sample(entry.dataset).images[:64]
    with torch.no_grad():
        z = model.encode(images)
        x_hat = model.decode(z)
    assert z.shape == (64, entry.latent_dim)
    assert x_hat.shape == images.shape and torch.isfinite(x_hat).all()
    assert model.card["dataset"] == entry.dataset and model.card.get("normal_class") == entry.normal_class


@ENTRIES
def test_card_sample_metrics_reproduce(entry) -> None:
    model = ae_models.load_pretrained(entry.name, device="cpu")
    stated = model.card["sample_metrics_first1000"]
    images = load_sample(entry.dataset).images[: stated["images"]]
    measured = evaluate(model, images)
    for key, value in measured.items():
        assert value == pytest.approx(stated[key], rel=0.01), key
    assert set(model.card["sample_metrics"]) >= set(measured)


def test_one_class_cards_have_auroc() -> None:
    for entry in MANIFEST:
        if entry.normal_class is not None:
            card = ae_models.load_pretrained(entry.name, device="cpu").card
            assert 0.5 < card["test_metrics"]["auroc"] <= 1.0
            assert 0.5 < card["sample_metrics"]["auroc"] <= 1.0


def test_cli_lists_the_manifest(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    assert capsys.readouterr().out.split() == [entry.name for entry in MANIFEST]


def test_cli_refuses_unknown_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--only", "no-such-model", "--skip-report"]) == 1
    assert "Not in the manifest" in capsys.readouterr().err


def test_model_table_is_generated_from_the_cards() -> None:
    """pretrained/README.md is exactly what `zoo report` writes from the shipped cards."""
    import json

    from ae_models.checkpoints import pretrained_dir, read_card
    from ae_models.zoo import BASELINES_FILE, present_entries, readme

    entries = present_entries()
    cards = {entry.name: read_card(entry.name) for entry in entries}
    baselines = json.loads((pretrained_dir() / BASELINES_FILE).read_text())
    assert readme(entries, cards, baselines) == (pretrained_dir() / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("entry", [e for e in MANIFEST if e.normal_class is None], ids=lambda e: e.name)
def test_each_table_row_states_its_cards_figures(entry) -> None:
    """The row of `entry` in pretrained/README.md carries its own card's test figures (the check
    above holds the file to `readme`; this holds `readme` to the right card)."""
    from ae_models.checkpoints import pretrained_dir, read_card

    card = read_card(entry.name)
    rows = [line for line in (pretrained_dir() / "README.md").read_text(encoding="utf-8").splitlines()
            if line.startswith(f"| `{entry.name}` |")]
    assert len(rows) == 1, entry.name
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    test = card["test_metrics"]
    assert cells[1:4] == [entry.model, entry.dataset, str(entry.latent_dim)]
    assert cells[6] == str(card["training"]["epochs_run"])
    assert cells[8:11] == [f"{test['mse']:.5f}", f"{test['psnr']:.2f}", f"{test['ssim']:.3f}"]
    if "neg_elbo" in test:
        assert cells[11].startswith(f"{test['neg_elbo']:.1f} ({card['config']['likelihood']})")
    assert cells[15] == f"{card['sample_metrics']['mse']:.5f}"


def test_general_mnist_and_fashion_cards_state_a_linear_probe() -> None:
    for entry in MANIFEST:
        if entry.normal_class is None and entry.dataset != "digits":
            probe = ae_models.load_pretrained(entry.name, device="cpu").card["linear_probe"]
            assert 0.5 < probe["accuracy"] <= 1.0 and probe["test_images"] == 10_000, entry.name
