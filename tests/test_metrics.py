"""ae_models.metrics on grey and colour images of any size: PSNR and SSIM against known cases and an
independent NumPy SSIM (Wang et al. 2004, Gaussian window); the importance-sampled NLL against a
linear-Gaussian model whose marginal likelihood and ELBO are known in closed form."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from torch.distributions import MultivariateNormal, Normal, kl_divergence

from ae_models.metrics import NLLEstimate, importance_sampled_nll, log_mean_exp, mse_per_image, psnr, ssim, ssim_window
from ae_models.models import Posterior

K1, K2 = 0.01, 0.03  # the paper's constants, for data range 1


def numpy_ssim(x: np.ndarray, y: np.ndarray, window: int, sigma: float = 1.5) -> float:
    """SSIM of two (C, H, W) images: per channel the mean of the SSIM map over the valid positions
    of a separable Gaussian window, then the mean over channels."""
    coords = np.arange(window) - window // 2
    g = np.exp(-coords**2 / (2 * sigma**2))
    g /= g.sum()

    def blur(a: np.ndarray) -> np.ndarray:
        a = np.apply_along_axis(lambda r: np.convolve(r, g, mode="valid"), 0, a)
        return np.apply_along_axis(lambda r: np.convolve(r, g, mode="valid"), 1, a)

    values = []
    for a, b in zip(x.astype(np.float64), y.astype(np.float64), strict=True):
        mu_a, mu_b = blur(a), blur(b)
        var_a, var_b = blur(a * a) - mu_a**2, blur(b * b) - mu_b**2
        cov = blur(a * b) - mu_a * mu_b
        c1, c2 = K1**2, K2**2
        ssim_map = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2))
        values.append(ssim_map.mean())
    return float(np.mean(values))


def pair(shape: tuple[int, ...], seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(shape, generator=g)
    return x, (x + 0.2 * torch.randn(shape, generator=g)).clamp(0, 1)


@pytest.mark.parametrize(("height", "width", "expected"), [(28, 28, 11), (8, 8, 7), (64, 48, 11), (10, 30, 9),
                                                             (30, 7, 7), (1, 5, 1)])
def test_the_ssim_window_is_odd_and_fits_the_shorter_side(height: int, width: int, expected: int):
    assert ssim_window(height, width) == expected


def test_psnr_of_a_colour_image_pools_the_channels():
    x = torch.full((2, 3, 12, 20), 0.5)
    y = x.clone()
    y[:, 1] += 0.3  # only green is off, by 0.3: MSE = 0.09 / 3 over the three channels
    torch.testing.assert_close(mse_per_image(x, y), torch.full((2,), 0.03))
    torch.testing.assert_close(psnr(x, y), torch.full((2,), 10 * math.log10(1 / 0.03)))


def test_ssim_of_flat_colour_images_is_the_mean_of_the_channels_luminance_terms():
    """Flat images have no variance, so SSIM is the luminance term (2ab + C1) / (a² + b² + C1) per
    channel; the colour SSIM is their mean."""
    a, b = torch.tensor([0.2, 0.5, 0.9]), torch.tensor([0.4, 0.5, 0.1])
    x = a.view(1, 3, 1, 1).expand(1, 3, 12, 20).contiguous()
    y = b.view(1, 3, 1, 1).expand(1, 3, 12, 20).contiguous()
    c1 = K1**2
    expected = ((2 * a * b + c1) / (a**2 + b**2 + c1)).mean()
    # float32 variances of flat images are only ~1e-8 from 0, against C2 = 9e-4
    torch.testing.assert_close(ssim(x, y), expected.view(1), atol=1e-4, rtol=0)


@pytest.mark.parametrize("shape", [(2, 3, 16, 16), (2, 3, 20, 12), (1, 1, 28, 28), (2, 3, 8, 8)])
def test_ssim_matches_an_independent_numpy_ssim(shape: tuple[int, ...]):
    x, y = pair(shape)
    window = ssim_window(*shape[-2:])
    expected = [numpy_ssim(a.numpy(), b.numpy(), window) for a, b in zip(x, y, strict=True)]
    np.testing.assert_allclose(ssim(x, y).numpy(), expected, rtol=1e-4, atol=1e-5)


def test_colour_ssim_is_the_mean_of_each_channel_as_a_grey_image():
    x, y = pair((3, 3, 16, 24), seed=1)
    per_channel = torch.stack([ssim(x[:, c:c + 1], y[:, c:c + 1]) for c in range(3)], 1)
    torch.testing.assert_close(ssim(x, y), per_channel.mean(1))
    torch.testing.assert_close(ssim(x, x), torch.ones(3))
    assert torch.all(psnr(x, x) >= 99.0)


# --- importance-sampled NLL against a model whose marginal likelihood is exact ----------------------
class LinearGaussian(torch.nn.Module):
    """z ~ N(0, I_d), x|z ~ N(Wz + b, σ² I_D): p(x) = N(b, WWᵀ + σ²I) exactly. The encoder is a linear
    Gaussian q(z|x) = N(Ax + c, diag(exp(logvar))); `exact_posterior` sets it to p(z|x) itself."""

    def __init__(self, latent: int = 2, pixels: int = 5, sigma: float = 0.5, seed: int = 0) -> None:
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.W = torch.nn.Parameter(torch.randn(pixels, latent, generator=g, dtype=torch.float64))
        self.b = torch.nn.Parameter(torch.randn(pixels, generator=g, dtype=torch.float64))
        self.sigma = sigma
        posterior = self.exact_posterior()
        # A wrong encoder: the exact one's gain shrunk, its mean shifted and its spread doubled (wider than the
        # posterior, as importance sampling needs for weights of finite variance).
        self.A, self.c = 0.8 * posterior[0], posterior[1] + 0.2
        self.logvar = posterior[2] + 0.7

    def exact_posterior(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(A, c, logvar) of p(z|x) = N(Ax + c, Σ): Σ = (I + WᵀW/σ²)⁻¹, A = ΣWᵀ/σ², c = −Ab. Σ is made
        diagonal by choosing W with orthogonal columns in `diagonal_model`."""
        W = self.W.detach()
        precision = torch.eye(W.shape[1], dtype=W.dtype) + W.T @ W / self.sigma**2
        cov = torch.linalg.inv(precision)
        A = cov @ W.T / self.sigma**2
        return A, -A @ self.b.detach(), torch.diagonal(cov).log()

    def posterior(self, x: torch.Tensor) -> Posterior:
        flat = x.flatten(1)
        return Posterior(flat @ self.A.T + self.c, self.logvar.expand(len(flat), -1))

    def decode_logits(self, z: torch.Tensor) -> torch.Tensor:
        return (z @ self.W.T + self.b).view(len(z), 1, 1, -1)

    def reconstruction_nll(self, mean: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        per_value = 0.5 * ((target - mean) / self.sigma) ** 2 + 0.5 * math.log(2 * math.pi * self.sigma**2)
        return per_value.flatten(1).sum(1)

    def exact_nll(self, x: torch.Tensor) -> torch.Tensor:
        W = self.W.detach()
        cov = W @ W.T + self.sigma**2 * torch.eye(W.shape[0], dtype=W.dtype)
        return -MultivariateNormal(self.b.detach(), cov).log_prob(x.flatten(1))

    def analytic_neg_elbo(self, x: torch.Tensor) -> torch.Tensor:
        """−E_q[log p(x|z)] + KL(q || p(z)), in closed form (the KL from torch.distributions)."""
        q = self.posterior(x)
        W = self.W.detach()
        residual = x.flatten(1) - q.mean @ W.T - self.b.detach()
        spread = (W.pow(2) * q.logvar.exp()[:, None, :]).sum(-1)  # E‖W(z − μ)‖² per pixel
        pixels = W.shape[0]
        expected_nll = (0.5 * (residual.pow(2) + spread).sum(1) / self.sigma**2
                        + 0.5 * pixels * math.log(2 * math.pi * self.sigma**2))
        kl = kl_divergence(Normal(q.mean, q.std), Normal(torch.zeros_like(q.mean), torch.ones_like(q.std))).sum(1)
        return expected_nll + kl


def diagonal_model(**kw) -> LinearGaussian:
    """A linear-Gaussian model whose exact posterior covariance is diagonal (W has orthogonal columns), so the
    diagonal q(z|x) of a VAE can be exact."""
    model = LinearGaussian(**kw)
    with torch.no_grad():
        q, _ = torch.linalg.qr(model.W)
        model.W.copy_(q * torch.tensor([2.0, 0.7], dtype=q.dtype))
        model.A, model.c, model.logvar = model.exact_posterior()
    return model


def data_of(model: LinearGaussian, n: int, seed: int = 1) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    z = torch.randn(n, model.W.shape[1], generator=g, dtype=torch.float64)
    x = z @ model.W.detach().T + model.b.detach() + model.sigma * torch.randn(n, model.W.shape[0], generator=g,
                                                                           dtype=torch.float64)
    return x.view(n, 1, 1, -1)


def test_with_the_exact_posterior_every_weight_is_p_x_so_any_k_is_exact():
    model = diagonal_model()
    x = data_of(model, 7)
    for k in (1, 3, 50):
        estimate = importance_sampled_nll(model, x, samples=k, generator=torch.Generator().manual_seed(0),
                                          batch_size=3, codes_per_pass=4)
        torch.testing.assert_close(estimate.nll, model.exact_nll(x), rtol=0, atol=1e-9)
        assert estimate.samples == k and len(estimate.std_error) == 7
        if k > 1:
            assert float(estimate.std_error.max()) < 1e-6


def test_k1_is_the_elbo_a_bound_above_the_exact_nll_and_large_k_converges_to_it():
    """With an encoder that is not the posterior: the mean of many one-sample estimates is the analytic
    −ELBO, which lies above −log p(x); k = 5,000 lands within a few standard errors of −log p(x)."""
    model = LinearGaussian()
    x = data_of(model, 4)
    exact, neg_elbo = model.exact_nll(x), model.analytic_neg_elbo(x)
    assert bool((neg_elbo > exact + 0.3).all())  # the encoder is far enough off to matter
    k1 = torch.stack([importance_sampled_nll(model, x, samples=1, generator=torch.Generator().manual_seed(s)).nll
                      for s in range(800)])
    torch.testing.assert_close(k1.mean(0), neg_elbo, rtol=0, atol=4 * float(k1.std(0).max()) / math.sqrt(800))
    big = importance_sampled_nll(model, x, samples=5000, generator=torch.Generator().manual_seed(0),
                                 codes_per_pass=1000)
    assert bool(((big.nll - exact).abs() < 4 * big.std_error + 0.01).all()), (big.nll, exact, big.std_error)
    assert bool(((big.nll - exact).abs() < 0.05 * (neg_elbo - exact)).all())
    middle = importance_sampled_nll(model, x, samples=50, generator=torch.Generator().manual_seed(0))
    assert bool((neg_elbo > middle.nll).all() and (middle.nll > exact - 4 * middle.std_error).all())


def test_the_standard_error_matches_the_spread_of_repeated_estimates():
    model = LinearGaussian()
    x = data_of(model, 2)
    runs = [importance_sampled_nll(model, x, samples=200, generator=torch.Generator().manual_seed(s))
            for s in range(300)]
    spread = torch.stack([r.nll for r in runs]).std(0)
    stated = torch.stack([r.std_error for r in runs]).mean(0)
    assert bool(((stated / spread - 1).abs() < 0.25).all()), (stated, spread)


def test_the_summary_pools_images_and_draws():
    estimate = NLLEstimate(torch.tensor([1.0, 3.0], dtype=torch.float64),
                           torch.tensor([0.3, 0.4], dtype=torch.float64), 10)
    summary = estimate.summary()
    assert summary["nll"] == 2.0 and summary["images"] == 2 and summary["samples"] == 10
    assert summary["std_error_mc"] == pytest.approx(0.25)  # √(0.09 + 0.16) / 2
    assert summary["std_error_images"] == pytest.approx(1.0)  # sd √2 over √2


def test_streamed_log_mean_exp_matches_logsumexp_in_uneven_chunks_and_far_from_zero():
    g = torch.Generator().manual_seed(0)
    w = torch.randn(37, 5, generator=g, dtype=torch.float64) * 3 - 1e4  # exp(w) underflows to 0 in one go
    expected = torch.logsumexp(w, 0) - math.log(37)
    scaled = (w - w.max(0).values).exp()
    expected_se = scaled.std(0) / math.sqrt(37) / scaled.mean(0)
    for cuts in ([37], [1, 36], [5, 5, 27], [20, 16, 1]):
        log_mean, se = log_mean_exp(torch.split(w, cuts))
        torch.testing.assert_close(log_mean, expected)
        torch.testing.assert_close(se, expected_se)
    assert torch.isnan(log_mean_exp([w[:1]])[1]).all()


def test_importance_sampling_refuses_a_deterministic_autoencoder_and_streams_a_real_vae():
    from ae_models.models import build_model

    with pytest.raises(ValueError, match="needs a VAE"):
        importance_sampled_nll(build_model("ae", image_shape=(1, 8, 8), latent_dim=2), torch.rand(3, 1, 8, 8))
    vae = build_model("vae", image_shape=(1, 8, 8), latent_dim=2).eval()
    x = (torch.rand(5, 1, 8, 8, generator=torch.Generator().manual_seed(0)) < 0.5).float()
    a = importance_sampled_nll(vae, x, samples=30, generator=torch.Generator().manual_seed(0), codes_per_pass=7,
                               batch_size=2)
    b = importance_sampled_nll(vae, x, samples=30, generator=torch.Generator().manual_seed(1))
    assert a.nll.shape == (5,) and bool((a.nll > 0).all())
    assert bool(((a.nll - b.nll).abs() < 5 * (a.std_error + b.std_error) + 1e-3).all())
