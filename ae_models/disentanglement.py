"""How well each latent dimension captures one known factor: the MI matrix, MIG and DCI.

    report = disentanglement_report(codes, dataset.factors.numpy(), dataset.factor_names)
    report.mig, report.dci.disentanglement, report.normalised_mi   # (D, K) in [0, 1]

Codes are (N, D) floats (a VAE's posterior means, as disentanglement_lib scores them); factors are
(N, K) integer indices of each factor's value. Both scores follow the papers' recipes:

- **MI matrix and MIG** (Chen et al. 2018, "Isolating sources of disentanglement in VAEs"): each
  code dimension is cut into `bins` equal-width bins (disentanglement_lib's histogram estimate, 20
  bins), MI(z_d; v_k) is estimated by counting, and MIG averages over factors the gap between the
  two dimensions that know most about a factor, divided by the factor's entropy.
- **DCI** (Eastwood & Williams 2018): one random forest per factor predicts it from the code; the
  forests' feature importances form R (D, K); disentanglement is 1 − each dimension's entropy over
  factors (base K) weighted by its share of importance, completeness the same per factor (base D),
  informativeness the forests' accuracy on held-out codes.

A perfectly disentangled code (one dimension per factor, the rest noise) scores MIG ≈ 1 and
D ≈ C ≈ 1; a random rotation of it keeps all its information but scores low on both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import mutual_info_score

from .data import ImageDataset
from .latent_ops import encode_all, traversal
from .models import Autoencoder, is_variational

BINS = 20  # disentanglement_lib's default for the histogram MI estimate
DCI_TRAIN_SHARE = 0.8
DCI_TREES = 30  # every split sees every dimension (max_features=None), so noise dimensions get no
# importance by being the only ones offered; 30 trees ≈ 0.2 s per factor on 4,000 codes


def discretise(codes: np.ndarray, bins: int = BINS) -> np.ndarray:
    """(N, D) codes → (N, D) bin indices, `bins` equal-width bins per dimension."""
    out = np.zeros(codes.shape, dtype=np.int64)
    for d in range(codes.shape[1]):
        edges = np.histogram_bin_edges(codes[:, d], bins=bins)
        out[:, d] = np.digitize(codes[:, d], edges[1:-1])
    return out


def factor_entropies(factors: np.ndarray) -> np.ndarray:
    """(K,) entropy in nats of each factor's empirical distribution."""
    return np.array([mutual_info_score(factors[:, k], factors[:, k]) for k in range(factors.shape[1])])


def mutual_information(codes: np.ndarray, factors: np.ndarray, bins: int = BINS) -> np.ndarray:
    """(D, K) mutual information in nats between each code dimension and each factor."""
    binned = discretise(codes, bins)
    return np.array([[mutual_info_score(factors[:, k], binned[:, d]) for k in range(factors.shape[1])]
                     for d in range(codes.shape[1])])


def normalise_mi(mi: np.ndarray, entropies: np.ndarray) -> np.ndarray:
    """MI divided by each factor's entropy: the share of the factor a dimension knows, in [0, 1]."""
    return np.clip(mi / np.maximum(entropies, 1e-12)[None, :], 0.0, 1.0)


def mutual_information_gap(normalised: np.ndarray) -> np.ndarray:
    """(K,) per-factor MIG from the normalised MI matrix: best dimension's share − second best's."""
    ranked = np.sort(normalised, axis=0)[::-1]
    second = ranked[1] if len(ranked) > 1 else np.zeros(normalised.shape[1])
    return ranked[0] - second


@dataclass(frozen=True)
class DCI:
    """Eastwood & Williams' three scores in [0, 1], and the importance matrix they come from."""

    disentanglement: float
    completeness: float
    informativeness: float  # mean held-out accuracy of the per-factor forests
    importance: np.ndarray | None = None  # (D, K), each column sums to 1; not kept in cards


def _one_minus_entropy(p: np.ndarray, base: int) -> np.ndarray:
    """1 − entropy (in `base`) of each column of non-negative weights, normalised to sum to 1."""
    p = p / np.maximum(p.sum(axis=0, keepdims=True), 1e-12)
    logs = np.log(np.where(p > 0, p, 1.0)) / np.log(base)
    return 1.0 + (p * logs).sum(axis=0)


def dci(codes: np.ndarray, factors: np.ndarray, seed: int = 0, trees: int = DCI_TREES) -> DCI:
    """DCI with random-forest importances, trained on the first 80 % of a seeded shuffle."""
    n, dims = codes.shape
    order = np.random.default_rng(seed).permutation(n)
    cut = int(n * DCI_TRAIN_SHARE)
    fit, held = order[:cut], order[cut:]
    importance = np.zeros((dims, factors.shape[1]))
    accuracy = []
    for k in range(factors.shape[1]):
        forest = RandomForestClassifier(n_estimators=trees, max_features=None, min_samples_leaf=10,
                                        random_state=seed, n_jobs=-1)
        forest.fit(codes[fit], factors[fit, k])
        importance[:, k] = forest.feature_importances_
        accuracy.append(forest.score(codes[held], factors[held, k]))
    importance = importance / np.maximum(importance.sum(axis=0, keepdims=True), 1e-12)
    weights = importance.sum(axis=1) / importance.sum()
    disentanglement = float((_one_minus_entropy(importance.T, factors.shape[1]) * weights).sum()) \
        if factors.shape[1] > 1 else 1.0
    completeness = float(_one_minus_entropy(importance, dims).mean()) if dims > 1 else 1.0
    return DCI(disentanglement, completeness, float(np.mean(accuracy)), importance)


@dataclass(frozen=True)
class DisentanglementReport:
    """Everything the cards and the app show about one model's codes on a known-factor dataset."""

    factor_names: tuple[str, ...]
    normalised_mi: np.ndarray  # (D, K) in [0, 1]: MI(z_d; v_k) / H(v_k)
    mig_per_factor: np.ndarray  # (K,)
    dci: DCI

    @property
    def mig(self) -> float:
        return float(self.mig_per_factor.mean())

    def dimension_factors(self) -> list[tuple[str, float]]:
        """For each dimension, the factor it knows most about and the normalised MI for it."""
        best = self.normalised_mi.argmax(axis=1)
        return [(self.factor_names[k], float(self.normalised_mi[d, k])) for d, k in enumerate(best)]

    def factor_dimension(self, factor: str) -> int:
        """The dimension that knows most about `factor` (traverse it to move that factor)."""
        return int(self.normalised_mi[:, self.factor_names.index(factor)].argmax())

    def slider_order(self) -> np.ndarray:
        """Dimensions from the one that knows most about any single factor to the least."""
        return np.argsort(-self.normalised_mi.max(axis=1), kind="stable")

    def to_card(self) -> dict:
        """JSON-ready summary (rounded) for a checkpoint's card."""
        return {"mig": round(self.mig, 4), "factor_names": list(self.factor_names),
                "mig_per_factor": [round(float(v), 4) for v in self.mig_per_factor],
                "normalised_mi": np.round(self.normalised_mi, 4).tolist(),
                "dci": {"disentanglement": round(self.dci.disentanglement, 4),
                        "completeness": round(self.dci.completeness, 4),
                        "informativeness": round(self.dci.informativeness, 4)}}

    @classmethod
    def from_card(cls, card: dict) -> DisentanglementReport:
        """The report as `to_card` wrote it (without the DCI importance matrix)."""
        return cls(tuple(card["factor_names"]), np.asarray(card["normalised_mi"], dtype=float),
                   np.asarray(card["mig_per_factor"], dtype=float), DCI(**card["dci"]))


def disentanglement_report(codes: np.ndarray, factors: np.ndarray, factor_names: tuple[str, ...],
                           bins: int = BINS, seed: int = 0) -> DisentanglementReport:
    """MI matrix, MIG and DCI of (N, D) `codes` against (N, K) factor indices."""
    if len(codes) != len(factors) or factors.shape[1] != len(factor_names):
        raise ValueError(f"{len(codes)} codes, {len(factors)} factor rows and {len(factor_names)} names "
                         "do not match")
    factors = np.asarray(factors, dtype=np.int64)
    normalised = normalise_mi(mutual_information(codes, factors, bins), factor_entropies(factors))
    return DisentanglementReport(tuple(factor_names), normalised, mutual_information_gap(normalised),
                                 dci(codes, factors, seed))


def score_model(model: Autoencoder, dataset: ImageDataset) -> DisentanglementReport:
    """The report for `model`'s codes (posterior means) of a dataset with known factors."""
    if dataset.factors is None:
        raise ValueError(f"{dataset.name} has no known factors to score against; shapes has.")
    return disentanglement_report(encode_all(model, dataset.images), dataset.factors.numpy(),
                                  dataset.factor_names)


def card_report(card: dict[str, Any]) -> DisentanglementReport | None:
    """The report stored in a checkpoint's card by `python -m ae_models.zoo report`, if any."""
    stored = card.get("disentanglement")
    return DisentanglementReport.from_card(stored) if stored else None


# --- what the app shows: which way a dimension moves a factor, a sweep along it, the β trade-off ---
def factor_correlation(codes: np.ndarray, factors: np.ndarray) -> np.ndarray:
    """(D, K) Pearson correlation of each code dimension with each factor's value index (0 where
    either is constant). Its sign says which way along a dimension an ordered factor (scale,
    position) grows; for a categorical or circular one (shape, hue) it means little."""
    z = np.asarray(codes, dtype=np.float64)
    f = np.asarray(factors, dtype=np.float64)
    z, f = z - z.mean(0), f - f.mean(0)
    products = z.T @ f
    norms = np.outer(np.sqrt((z**2).sum(0)), np.sqrt((f**2).sum(0)))
    return np.divide(products, norms, out=np.zeros_like(products), where=norms > 0)


@dataclass(frozen=True)
class FactorSweep:
    """The start code with the dimension that knows most about one factor swept across its range."""

    factor: str
    dimension: int
    share: float  # normalised MI of that dimension with the factor, in [0, 1]
    descending: bool  # the code runs from high to low, so that the factor's value grows left to right
    codes: np.ndarray  # (steps, D)


def factor_sweep(report: DisentanglementReport, factor: str, z: np.ndarray, mean: np.ndarray, std: np.ndarray,
                 correlation: np.ndarray | None = None, steps: int = 9, spread: float = 3.0) -> FactorSweep:
    """Traverse `factor`'s dimension from mean − spread·s.d. to mean + spread·s.d. (each (D,), as
    `latent_ops.traversal`), keeping the rest of `z`; reversed where `correlation` (D, K, from
    `factor_correlation`) says the factor falls along the dimension."""
    k = report.factor_names.index(factor)
    dimension = report.factor_dimension(factor)
    codes = traversal(z, np.array([dimension]), mean, std, steps, spread)[0]
    descending = correlation is not None and bool(correlation[dimension, k] < 0)
    return FactorSweep(factor, dimension, float(report.normalised_mi[dimension, k]), descending,
                       np.ascontiguousarray(codes[::-1]) if descending else codes)


@dataclass(frozen=True)
class TradeOffPoint:
    """One checkpoint on the disentanglement–reconstruction plane, as its card states it."""

    name: str
    beta: float | None  # a VAE's KL weight; None for a plain AE
    mig: float
    mse: float  # test reconstruction error per pixel and channel
    tc_weight: float = 0.0  # a β-TCVAE's extra weight on the codes' total correlation

    @property
    def label(self) -> str | None:
        """"β=4", "β=4 + TC×4" for a β-TCVAE; None for a plain AE."""
        if self.beta is None:
            return None
        return f"β={self.beta:g}" + (f" + TC×{self.tc_weight:g}" if self.tc_weight else "")


def tradeoff_point(name: str, card: dict[str, Any]) -> TradeOffPoint | None:
    """The card's MIG and test MSE, or None when it lacks either (not scored or not evaluated)."""
    stored, mse = card.get("disentanglement"), (card.get("test_metrics") or {}).get("mse")
    if not stored or mse is None:
        return None
    variational = is_variational(card["family"])
    beta = float(card["config"].get("beta", 1.0)) if variational else None
    tc_weight = float(card["config"].get("tc_weight", 0.0)) if variational else 0.0
    return TradeOffPoint(name, beta, float(stored["mig"]), float(mse), tc_weight)
