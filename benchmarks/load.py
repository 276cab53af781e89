"""Concurrent users: N browser sessions at once, each moving a slider on the Generate page and
switching pages, for a bounded time, against one local server (127.0.0.1 only).

    python -m benchmarks load                  # 10 sessions × 60 s
    python -c "from benchmarks.load import run_load; print(run_load(3, 10))"
"""

from __future__ import annotations

import asyncio
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .serve import CHROMIUM, CHROMIUM_ARGS, ROOT, StreamlitServer

CAPTION = "Decoded from the edited code"
DECODED = f'[data-testid="stImage"]:has-text("{CAPTION}") img'
CHANGED_JS = """([caption, before]) => {
  const box = [...document.querySelectorAll('[data-testid="stImage"]')].find(e => e.innerText.includes(caption));
  const img = box && box.querySelector("img");
  return img && img.src !== before;
}"""
OTHER_PAGES = ["latent-map", "denoise", "home"]


@dataclass
class LoadResult:
    sessions: int
    seconds: float
    slider_latencies_ms: list[float] = field(default_factory=list)
    page_switches: int = 0
    errors: list[str] = field(default_factory=list)
    rss_start_mb: float = 0.0
    rss_end_mb: float = 0.0

    @property
    def p95_ms(self) -> float:
        return float(np.percentile(self.slider_latencies_ms, 95)) if self.slider_latencies_ms else float("nan")

    @property
    def median_ms(self) -> float:
        return float(np.median(self.slider_latencies_ms)) if self.slider_latencies_ms else float("nan")

    @property
    def memory_growth(self) -> float:
        return self.rss_end_mb / self.rss_start_mb - 1 if self.rss_start_mb else float("nan")


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _open_generate(page, url: str) -> None:
    await page.goto(f"{url}/generate")
    await page.get_by_role("tab", name="Edit the code").click(timeout=90000)
    await page.locator(DECODED).wait_for(timeout=90000)


async def _session(index: int, browser, url: str, deadline: float, result: LoadResult) -> None:
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda err: result.errors.append(f"session {index}: {err}"))
    rng = random.Random(index)
    try:
        await _open_generate(page, url)
        while time.perf_counter() < deadline:
            if rng.random() < 0.15:  # switch to another page and come back
                await page.goto(f"{url}/{rng.choice(OTHER_PAGES)}")
                await page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=90000)
                if await page.locator('[data-testid="stException"]').count():
                    result.errors.append(f"session {index}: error box on {page.url}")
                await _open_generate(page, url)
                result.page_switches += 1
                continue
            before = await page.locator(DECODED).get_attribute("src")
            await page.locator('[data-testid="stSlider"]').first.get_by_role("slider").focus()
            started = time.perf_counter()
            await page.keyboard.press(rng.choice(["ArrowRight", "ArrowLeft"]))
            try:
                await page.wait_for_function(CHANGED_JS, arg=[CAPTION, before], timeout=20000, polling="raf")
                result.slider_latencies_ms.append(1000 * (time.perf_counter() - started))
            except Exception as err:  # noqa: BLE001 - a stuck session is a finding, not a crash
                result.errors.append(f"session {index}: no new image after a slider move ({type(err).__name__})")
            await page.wait_for_timeout(rng.randint(50, 250))
    except Exception as err:  # noqa: BLE001
        result.errors.append(f"session {index}: {type(err).__name__}: {err}")
    finally:
        await context.close()


async def _run(sessions: int, seconds: float, server: StreamlitServer) -> LoadResult:
    from playwright.async_api import async_playwright

    result = LoadResult(sessions, seconds)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        warm = await browser.new_page()  # load models and caches once before measuring memory
        await _open_generate(warm, server.url)
        await warm.close()
        result.rss_start_mb = rss_mb(server.process.pid)
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(_session(i, browser, server.url, deadline, result) for i in range(sessions)))
        result.rss_end_mb = rss_mb(server.process.pid)
        await browser.close()
    return result


def run_load(sessions: int = 10, seconds: float = 60.0, env: dict[str, str] | None = None) -> LoadResult:
    """Start the app, drive it with `sessions` concurrent browser sessions for `seconds`."""
    if CHROMIUM is None:
        raise RuntimeError("Chromium is not installed (apt-get install -y chromium)")
    with StreamlitServer(ROOT / "app.py", env) as server, ThreadPoolExecutor(1) as pool:
        # A thread of its own: the caller's thread may already run an event loop (sync Playwright).
        return pool.submit(asyncio.run, _run(sessions, seconds, server)).result()
