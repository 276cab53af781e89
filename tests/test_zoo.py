"""The shipped checkpoints: each manifest entry exists, loads, round-trips the shipped sample, and
still reproduces the sample metrics its card states."""

from __future__ import annotations

import json

import pytest
import torch

import ae_models
from ae_models.checkpoints import WEIGHTS_FILE, pretrained_dir, read_card
from ae_models.data import load_dataset
from ae_models.disentanglement import factor_entropies, mutual_information, mutual_information_gap, normalise_mi
from ae_models.evaluate import evaluate
from ae_models.latent_ops import encode_all
from ae_models.samples import SAMPLE_CLASSES, load_sample
from ae_models.shapes import FACTOR_NAMES
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
            if line.startswith(f"| `{entry.name}` |") and line.count("|") == 17]  # the 16-column model table
    assert len(rows) == 1, entry.name
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    test = card["test_metrics"]
    assert cells[1:4] == [entry.model, entry.dataset, str(entry.latent_dim)]
    assert cells[6] == str(card["training"]["epochs_run"])
    assert cells[8:11] == [f"{test['mse']:.5f}", f"{test['psnr']:.2f}", f"{test['ssim']:.3f}"]
    if "neg_elbo" in test:
        assert cells[11].startswith(f"{test['neg_elbo']:.1f} ({card['config']['likelihood']})")
    assert cells[15] == f"{card['sample_metrics']['mse']:.5f}"


def test_general_cards_state_a_linear_probe_above_chance() -> None:
    for entry in MANIFEST:
        if entry.normal_class is None and entry.dataset != "digits":
            probe = ae_models.load_pretrained(entry.name, device="cpu").card["linear_probe"]
            chance = 1 / len(SAMPLE_CLASSES[entry.dataset])
            assert chance < probe["accuracy"] <= 1.0 and probe["test_images"] == 10_000, entry.name


SHAPES_ENTRIES = [entry for entry in MANIFEST if entry.dataset == "shapes"]


def test_shapes_checkpoints_are_colour_and_small() -> None:
    families = {entry.model for entry in SHAPES_ENTRIES}
    assert {"conv_ae", "conv_vae"} <= families
    for entry in SHAPES_ENTRIES:
        card = read_card(entry.name)
        assert card["image_shape"] == [3, 64, 64] and card["dataset_name"] == "shapes", entry.name
        weights = pretrained_dir() / entry.name / WEIGHTS_FILE
        assert weights.stat().st_size <= 3_000_000, entry.name


@pytest.mark.parametrize("entry", SHAPES_ENTRIES, ids=lambda e: e.name)
def test_shapes_cards_state_the_mig_their_codes_give(entry) -> None:
    """The MIG in the card (and so in the table) is what the checkpoint's test codes score."""
    scores = read_card(entry.name)["disentanglement"]
    assert scores["factor_names"] == list(FACTOR_NAMES) and scores["images"] == 10_000
    assert len(scores["normalised_mi"]) == entry.latent_dim
    test = load_dataset("shapes", "test")
    codes = encode_all(ae_models.load_pretrained(entry.name, device="cpu"), test.images)
    factors = test.factors.numpy()
    shares = normalise_mi(mutual_information(codes, factors), factor_entropies(factors))
    assert float(mutual_information_gap(shares).mean()) == pytest.approx(scores["mig"], abs=0.005)
    row = next(line for line in (pretrained_dir() / "README.md").read_text().splitlines()
               if line.startswith(f"| `{entry.name}` |") and line.count("|") == 10)  # the MIG table
    assert row.split("|")[5].strip() == f"{scores['mig']:.3f}"


# --- issue 24: the binarised-MNIST likelihood and one-class tables -----------------------------------
ONE_CLASS_ENTRIES = [entry for entry in MANIFEST if entry.normal_class is not None]
BINARISED_ENTRIES = [entry for entry in MANIFEST if entry.binarise]


def readme_rows(name: str, cells: int) -> list[list[str]]:
    """The cells of pretrained/README.md's rows naming checkpoint `name` in a table of `cells` columns."""
    lines = (pretrained_dir() / "README.md").read_text(encoding="utf-8").splitlines()
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines if f"| `{name}` |" in line]
    return [row for row in rows if len(row) == cells]


@pytest.mark.parametrize("entry", ONE_CLASS_ENTRIES, ids=lambda e: e.name)
def test_each_one_class_row_states_its_cards_figures(entry) -> None:
    from ae_models.anomaly import card_held_out_auroc
    from ae_models.zoo import class_in_words

    card = read_card(entry.name)
    rows = readme_rows(entry.name, 11)
    assert len(rows) == 1, entry.name
    cells = rows[0]
    assert cells[0] == class_in_words(entry.dataset, entry.normal_class) and cells[2] == entry.model
    assert cells[6] == (card["anomaly_score"] if "score_selection" in card else "mse (fixed)")
    held_out = card_held_out_auroc(card)
    assert cells[7] == ("–" if held_out is None else f"{held_out:.4f}")
    assert cells[8] == f"{card['test_metrics']['auroc']:.4f}" and cells[9] == f"{card['sample_metrics']['auroc']:.4f}"


@pytest.mark.parametrize("dataset", sorted({e.dataset for e in ONE_CLASS_ENTRIES}))
def test_the_one_class_mean_is_the_mean_of_the_models_used(dataset: str) -> None:
    from ae_models.zoo import TITLES, one_class_choice

    entries = [e for e in ONE_CLASS_ENTRIES if e.dataset == dataset]
    cards = {e.name: read_card(e.name) for e in entries}
    used = one_class_choice(dataset, entries, cards)
    assert sorted(used) == list(range(10))  # every class served
    mean = sum(cards[name]["test_metrics"]["auroc"] for name in used.values()) / len(used)
    text = (pretrained_dir() / "README.md").read_text(encoding="utf-8")
    section = text.split(f"## One-class anomaly detection ({TITLES[dataset]})")[1].split("\n## ")[0]
    assert f"**{mean:.4f}**" in section
    for name in used.values():
        assert readme_rows(name, 11)[0][10] == "✓"


def test_fashion_one_class_cards_chose_their_score_on_held_out_training_images() -> None:
    for entry in ONE_CLASS_ENTRIES:
        if entry.dataset != "fashion-mnist":
            continue
        card = read_card(entry.name)
        selection = card["score_selection"]
        assert selection["normal_images"] == card["val_images"] == 600, entry.name
        assert selection["anomalous_images"] == 9 * 600
        assert card["anomaly_score"] == selection["winner"]
        assert card["test_metrics"]["auroc"] == card["test_auroc_by_score"][card["anomaly_score"]]
        assert ("neg_elbo" in selection["held_out_auroc"]) == (entry.model == "conv_vae")


@pytest.mark.parametrize("entry", BINARISED_ENTRIES, ids=lambda e: e.name)
def test_binarised_cards_state_a_k5000_nll_on_the_full_test_split_and_the_table_says_it(entry) -> None:
    from ae_models.zoo import NLL_SAMPLES

    card = read_card(entry.name)
    nll = card["binarised_test_nll"]
    sampled, one = nll["importance_sampled"], nll["one_sample"]
    assert nll["images"] == sampled["images"] == one["images"] == 10_000 and nll["split"] == "test"
    assert sampled["samples"] == NLL_SAMPLES == 5000 and one["samples"] == 1
    assert nll["weights_sha256"] == card["weights_sha256"] and card["training"]["binarise"] is True
    assert sampled["nll"] < one["nll"]  # importance sampling tightens the bound
    assert 0 < sampled["std_error_mc"] < sampled["std_error_images"] < 1.0
    cells = readme_rows(entry.name, 11)
    assert len(cells) == 1, entry.name
    assert cells[0][5:10] == [f"{sampled['nll']:.2f}", f"{sampled['std_error_mc']:.3f}",
                              f"{sampled['std_error_images']:.2f}", f"{one['nll']:.2f}",
                              f"{one['std_error_images']:.2f}"]


@pytest.mark.slow
@pytest.mark.parametrize("entry", BINARISED_ENTRIES, ids=lambda e: e.name)
def test_binarised_cards_first_batch_reproduces_from_the_stated_seeds(entry) -> None:
    """The first 100 test images (the shipped sample's first 100), binarised with the stated seed, give
    the card's k = 5,000 and k = 1 figures for that batch exactly: seeds, order and weights are as stated."""
    from ae_models.metrics import importance_sampled_nll
    from ae_models.train import TEST_BINARISATION_SEED, binarise
    from ae_models.zoo import NLL_SEED

    model = ae_models.load_pretrained(entry.name, device="cpu")
    first = model.card["binarised_test_nll"]["first_batch"]
    # torch.rand's first values do not depend on how many follow: a prefix of the test split's binarisation
    images = binarise(load_sample(entry.dataset).images[: first["images"]],
                      torch.Generator().manual_seed(TEST_BINARISATION_SEED))
    for key, k in (("importance_sampled", 5000), ("one_sample", 1)):
        estimate = importance_sampled_nll(model, images, samples=k, generator=torch.Generator().manual_seed(NLL_SEED))
        assert float(estimate.nll.mean()) == pytest.approx(first[key], abs=1e-3), key


def tiny_cards() -> tuple[list, dict]:
    """Fabricated one-class cards for two Fashion-MNIST classes (a conv_ae and a conv_vae for class 6)."""
    from ae_models.zoo import ZooEntry

    entries = [ZooEntry("fashion-mnist-oneclass-1", "conv_ae", "fashion-mnist", normal_class=1),
               ZooEntry("fashion-mnist-oneclass-6", "conv_ae", "fashion-mnist", normal_class=6),
               ZooEntry("fashion-mnist-oneclass-vae-6", "conv_vae", "fashion-mnist", normal_class=6)]

    def card(held_out: dict[str, float], test: float) -> dict:
        winner = max(held_out, key=held_out.get)
        return {"parameters": 1000, "training": {"epochs_run": 10, "wall_time_s": 20.0}, "anomaly_score": winner,
                "score_selection": {"winner": winner, "held_out_auroc": held_out}, "test_metrics": {"auroc": test},
                "sample_metrics": {"auroc": test - 0.01}}

    cards = {"fashion-mnist-oneclass-1": card({"mse": 0.98, "ssim_error": 0.97}, 0.985),
             "fashion-mnist-oneclass-6": card({"mse": 0.74, "ssim_error": 0.70}, 0.75),
             "fashion-mnist-oneclass-vae-6": card({"mse": 0.72, "ssim_error": 0.69, "neg_elbo": 0.78}, 0.77)}
    return entries, cards


def test_one_class_section_uses_the_best_held_out_model_per_class_and_shows_only_verified_figures() -> None:
    from ae_models.zoo import one_class_section

    entries, cards = tiny_cards()
    lines = one_class_section("fashion-mnist", entries, cards)
    text = "\n".join(lines)
    assert "## One-class anomaly detection (Fashion-MNIST)" in text
    assert ("| 6 Shirt | `fashion-mnist-oneclass-vae-6` | conv_vae | 1,000 | 10 | 20 | neg_elbo | 0.7800 "
            "| 0.7700 ") in text
    rows = {line.split("|")[2].strip(): line for line in lines if line.startswith("| 6 Shirt")}
    assert rows["`fashion-mnist-oneclass-vae-6`"].rstrip().endswith("| ✓ |")
    assert rows["`fashion-mnist-oneclass-6`"].rstrip().endswith("|  |")
    assert f"**{(0.985 + 0.77) / 2:.4f}**" in text  # the mean of the models used
    assert "Scores of the models used: mse ×1, neg_elbo ×1." in text
    assert "as reported in later papers' tables, not verified here: Deep SVDD ≈ 0.848" in text
    assert "Target mean ≥ 0.9: **missed**." in text and "Ruff et al." not in text


def test_binarised_section_states_the_estimates_and_the_anchors() -> None:
    from ae_models.zoo import ZooEntry, binarised_section

    entry = ZooEntry("mnist-vae-40-binarised", "vae", "mnist", latent_dim=40, hidden=(400,), binarise=True)
    record = {"images": 10_000, "split": "test", "binarisation": "1 where u < the grey level", "sampling_seed": 0,
              "seconds": 1234.5,
              "importance_sampled": {"nll": 89.1234, "std_error_mc": 0.0123, "std_error_images": 0.28,
                                     "images": 10_000, "samples": 5000},
              "one_sample": {"nll": 93.51, "std_error_mc": None, "std_error_images": 0.3, "images": 10_000,
                             "samples": 1}}
    card = {"binarised_test_nll": record, "latent_dim": 40, "family": "vae",
            "config": {"image_shape": [1, 28, 28], "hidden": [400], "latent_dim": 40},
            "training": {"epochs_run": 80, "wall_time_s": 900.0}}
    text = "\n".join(binarised_section([entry], {entry.name: card}))
    assert ("| `mnist-vae-40-binarised` | MLP 784–400–40 | 40 | 80 | 900 | 89.12 | 0.012 | 0.28 | 93.51 | 0.30 "
            "| 1234 |") in text
    assert "k = 5,000" in text and "89.78" in text and "86.76" in text
    assert "Target ≤ 89.78: met; stretch ≤ 88: missed (best 89.12)." in text


def test_binarised_test_nll_is_measured_once_per_weights(digits_train, digits_test, tmp_path, monkeypatch) -> None:
    """On a tiny digits VAE trained binarised: the record's k = 1 figure is the mean of the library's
    estimate from the stated seeds, its first batch is stored, and a second report reuses it."""
    from ae_models import zoo
    from ae_models.metrics import importance_sampled_nll
    from ae_models.train import TEST_BINARISATION_SEED, binarise

    zoo_train = zoo.train
    entry = zoo.ZooEntry("digits-vae-4-binarised", "vae", "digits", latent_dim=4, epochs=1, binarise=True)
    zoo_train(entry.train_config(tmp_path / entry.name), train_data=digits_train, test_data=digits_test)
    model = ae_models.load_pretrained(tmp_path / entry.name, device="cpu")
    monkeypatch.setattr(zoo, "NLL_SAMPLES", 20)
    record = zoo.binarised_test_nll(entry, model, model.card)
    assert record["images"] == 360 and record["importance_sampled"]["samples"] == 20
    images = binarise(digits_test.images, torch.Generator().manual_seed(TEST_BINARISATION_SEED))
    k1 = importance_sampled_nll(model, images, samples=1, generator=torch.Generator().manual_seed(zoo.NLL_SEED))
    assert record["one_sample"]["nll"] == pytest.approx(float(k1.nll.mean()), abs=1e-4)
    assert record["first_batch"]["one_sample"] == pytest.approx(float(k1.nll[:100].mean()), abs=1e-4)
    assert record["importance_sampled"]["nll"] < record["one_sample"]["nll"]
    monkeypatch.setattr(zoo, "importance_sampled_nll", lambda *a, **k: pytest.fail("measured twice"))
    assert zoo.binarised_test_nll(entry, model, {**model.card, "binarised_test_nll": record}) == record
    monkeypatch.setenv("AE_PRETRAINED_DIR", str(tmp_path))  # the report step, on this folder
    (tmp_path / entry.name / "card.json").write_text(json.dumps({**model.card, "binarised_test_nll": record}))
    card = zoo.update_sample_metrics(entry)
    assert card["binarised_test_nll"] == record == read_card(tmp_path / entry.name)["binarised_test_nll"]
    rows = zoo.binarised_section([entry], {entry.name: card})
    assert any(row.startswith("| `digits-vae-4-binarised` | MLP 64–512–256–4 |") for row in rows)
