"""Concurrent users: N browser sessions at once against one local server (127.0.0.1 only), each
moving sliders on the Generate page and switching pages, for a bounded time. A session makes a few
moves on one kind of slider, then another kind or a page switch:
- the code editor's latent sliders, decoded in the browser; each move also sends the code to the
  server, whose fragment run (downloads, neighbours, link) the server times itself, from the
  request's arrival to the run's end (`timed_streamlit`);
- a parameter slider that reruns the page on the server (the Traversals tab's columns), timed
  from the key press to the new picture shown, and in the server as above.

    python -m benchmarks load   # 10 sessions × 60 s: without and with a training run, and at a person's pace
    python -c "from benchmarks.load import run_load; print(run_load(3, 10))"

Every session first opens each page once, then the load runs `warmup_s` before the clock and the
start figure of server memory begin, so memory growth measures what steady use adds (caches,
leaks), not first loads: in the first half-minute of load the allocator's per-thread heaps fill
(a 240-s run was flat after 30 s; see `warmup_s`).
Memory is sampled every second; start and end are the medians of the first and last 10 s, since
one sample moves by several per cent with what the script threads hold at that instant.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from .serve import CHROMIUM, CHROMIUM_ARGS, ROOT, StreamlitServer

EDITOR_TAB, PARAMETER_TAB = "Edit the code", "Traversals"
CAPTION = "−3σ … +3σ"  # the traversal pictures' captions
# The parameter slider (hidden tabs are empty; ":visible" skips a tab being replaced).
PARAMETER_SLIDER = '[data-testid="stSlider"]:visible'
PARAMETER_LABEL = "Columns"
LIVE_SLIDER = 'input[data-testid^="ae-dim-"]:visible'
# Timed in the page, so the clock is the user's: from the key event's own time stamp to when the
# canvas was painted (latent slider), or to the frame after the new picture is decoded (parameter
# slider). The latter waits on DOM mutations, not by querying the page every frame: ten pages doing
# that would load the machine being measured.
ARM_JS = """([kind, caption]) => {
  const image = () => {
    const box = [...document.querySelectorAll('[data-testid="stImage"]')].find(e => e.innerText.includes(caption));
    return box && box.querySelector("img");
  };
  const paints = () => (window.__aeLiveStats ? window.__aeLiveStats.paints : 0);
  const before = kind === "live" ? paints() : (image() || {}).src;
  let pressed = null, seen = false, finished = false, observer = null, timer = null;
  window.__aeMove = new Promise(resolve => {
    const finish = value => {
      if (finished) return;
      finished = true; observer.disconnect(); clearTimeout(timer); resolve(value);
    };
    const shown = () => requestAnimationFrame(() => finish(performance.now() - pressed));
    const check = () => {
      if (pressed === null || seen) return;
      if (kind === "live") {  // the component paints inside its shadow root, out of the observer's sight
        if (paints() !== before) { seen = true; finish(window.__aeLiveStats.paintedAt - pressed); }
        else requestAnimationFrame(check);
        return;
      }
      const img = image();
      if (img && img.src !== before) { seen = true; img.decode().then(shown, shown); }
    };
    observer = new MutationObserver(check);
    observer.observe(document.body, {subtree: true, childList: true, attributes: true,
                                     attributeFilter: ["src", "data-paints"]});
    timer = setTimeout(() => finish(null), 20000);
    document.addEventListener("keydown", e => { pressed = e.timeStamp; check(); }, {capture: true, once: true});
  });
}"""
MOVES_PER_VISIT = (3, 8)  # slider moves on one tab before doing something else, as a user explores
# URL paths of the pages the sessions visit (the default page is "/").
PAGE_PATHS = {"Latent Map": "/latent-map", "Denoise": "/denoise", "Home": "/", "Generate": "/generate"}
OTHER_PAGES = ["Latent Map", "Denoise", "Home"]


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


@dataclass
class LoadResult:
    sessions: int
    seconds: float
    pause_ms: tuple[int, int] = (50, 250)  # a session's pause after each slider move
    # Load before the measurement. Without it, 60-s runs gave +9.3 / +6.0 / +3.0 % memory growth, and
    # a 240-s run 764, 784, 783, 786, 785, 786, 788, 792 MB (30-s medians): the rise is the first 30 s.
    warmup_s: float = 20.0
    live_ms: list[float] = field(default_factory=list)  # latent slider key press → new image painted
    release_ms: list[float] = field(default_factory=list)  # the editor's server run per move: request in → done
    parameter_ms: list[float] = field(default_factory=list)  # parameter slider key press → new picture shown
    parameter_reply_ms: list[float] = field(default_factory=list)  # the same in the server: request in → run done
    page_switches: int = 0
    errors: list[str] = field(default_factory=list)
    rss_idle_mb: float = 0.0  # after one visit of every page, before the sessions
    rss_samples_mb: list[float] = field(default_factory=list)  # sampled every second while measured
    rss_window: int = 10  # samples in the start and end figures
    training: bool = False  # a training run was going on during the measurement
    server_cpu_share: float = 0.0  # the server's CPU time over the machine's (all cores) while measured
    measured: tuple[float, float] = (0.0, 0.0)  # wall-clock start and end of the measurement

    @property
    def rss_start_mb(self) -> float:
        return float(np.median(self.rss_samples_mb[:self.rss_window])) if self.rss_samples_mb else float("nan")

    @property
    def rss_end_mb(self) -> float:
        return float(np.median(self.rss_samples_mb[-self.rss_window:])) if self.rss_samples_mb else float("nan")

    @property
    def memory_growth(self) -> float:
        return self.rss_end_mb / self.rss_start_mb - 1


@dataclass
class Clock:
    """Starts the load when every session has opened every page, and the measurement `warmup` later."""

    waiting: int
    seconds: float
    warmup: float = 0.0
    started: asyncio.Event = field(default_factory=asyncio.Event)
    measure_from: float = float("inf")
    deadline: float = float("inf")

    async def ready(self) -> None:
        self.waiting -= 1
        if self.waiting == 0:
            self.measure_from = time.perf_counter() + self.warmup
            self.deadline = self.measure_from + self.seconds
            self.started.set()
        await self.started.wait()

    def measuring(self) -> bool:
        return self.measure_from <= time.perf_counter() < self.deadline


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its threads so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _wait_title(page) -> None:
    await page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=90000)


async def _open_tab(page, name: str) -> None:
    await page.get_by_role("tab", name=name).click(timeout=90000)
    await page.locator(LIVE_SLIDER if name == EDITOR_TAB else PARAMETER_SLIDER).first.wait_for(timeout=90000)


async def _navigate(page, title: str) -> None:
    """Switch page the way a user does: the sidebar link (same session, no reload)."""
    await page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click(timeout=90000)
    await page.wait_for_url(lambda url: urlparse(url).path == PAGE_PATHS[title], timeout=90000)
    await _wait_title(page)


async def _away_from_the_ends(handle, key: str) -> str:
    """The arrow key to press: `key`, unless the slider sits at that end (a press would change nothing)."""
    now, low, high, step = [float(v) for v in await handle.evaluate("e => [e.value, e.min, e.max, e.step]")]
    if now > high - step / 2:
        return "ArrowLeft"
    return "ArrowRight" if now < low + step / 2 else key


async def _timed_press(page, key: str, kind: str) -> float | None:
    """Milliseconds from the key press to the new picture, or None after 20 s without one."""
    await page.evaluate(ARM_JS, [kind, CAPTION])
    await page.keyboard.press(key)
    return await page.evaluate("() => window.__aeMove")


async def _move_live(page, rng: random.Random) -> float | None:
    await _open_tab(page, EDITOR_TAB)
    handle = page.locator(LIVE_SLIDER).first
    await handle.focus()
    key = await _away_from_the_ends(handle, rng.choice(["ArrowRight", "ArrowLeft"]))
    return await _timed_press(page, key, "live")


async def _move_parameter(page, rng: random.Random) -> float | None:
    await _open_tab(page, PARAMETER_TAB)
    handle = page.locator(PARAMETER_SLIDER, has_text=PARAMETER_LABEL).first.get_by_role("slider")
    await handle.focus()
    key = await _away_from_the_ends(handle, rng.choice(["ArrowRight", "ArrowLeft"]))
    return await _timed_press(page, key, "server")


async def _session(index: int, browser, url: str, clock: Clock, result: LoadResult) -> None:
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda err: result.errors.append(f"session {index}: {err}"))
    rng = random.Random(index)
    try:
        await page.goto(f"{url}/generate")
        await _open_tab(page, PARAMETER_TAB)
        await _open_tab(page, EDITOR_TAB)
        for title in [*OTHER_PAGES, "Generate"]:
            await _navigate(page, title)
    except Exception as err:  # noqa: BLE001
        result.errors.append(f"session {index} (warm-up): {type(err).__name__}: {err}")
    await clock.ready()
    try:
        while time.perf_counter() < clock.deadline:
            choice = rng.random()
            if choice < 0.1:  # switch to another page and come back
                await _navigate(page, rng.choice(OTHER_PAGES))
                if await page.locator('[data-testid="stException"]').count():
                    result.errors.append(f"session {index}: error box on {page.url}")
                await _navigate(page, "Generate")
                result.page_switches += clock.measuring()
                continue
            kind, move, into = (("latent", _move_live, result.live_ms) if choice < 0.55
                                else ("parameter", _move_parameter, result.parameter_ms))
            for _ in range(rng.randint(*MOVES_PER_VISIT)):
                if time.perf_counter() >= clock.deadline:
                    break
                milliseconds = await move(page, rng)
                if milliseconds is None:  # a stuck session is a finding, not a crash
                    result.errors.append(f"session {index}: no new picture within 20 s after a {kind} slider move")
                elif clock.measuring():
                    into.append(milliseconds)
                await page.wait_for_timeout(rng.randint(*result.pause_ms))
    except Exception as err:  # noqa: BLE001
        result.errors.append(f"session {index}: {type(err).__name__}: {err}")
    finally:
        await context.close()


async def _trainer(browser, url: str, clock: Clock, result: LoadResult) -> None:
    """One more session that keeps a training run going on the Train page (30 epochs on digits,
    started again under a new name whenever one finishes) and watches it."""
    page = await browser.new_page(viewport={"width": 1300, "height": 900})
    train = page.locator('[data-testid="stBaseButton-primary"]', has_text="Train")
    try:
        await page.goto(f"{url}/train")
        await train.wait_for(timeout=90000)
        await clock.ready()
        runs = 0
        while time.perf_counter() < clock.deadline:
            epochs = page.locator('[data-testid="stSlider"]:visible', has_text="Epochs").get_by_role("slider")
            await epochs.focus()
            await page.keyboard.press("End")
            await page.get_by_role("textbox", name="Name of the new model").fill(f"load-test-{runs}")
            await page.keyboard.press("Enter")
            # This run's own message: the last run's "Done:" is still on the page until the rerun.
            done = page.get_by_text(re.compile(rf"Done: \S*load-test-{runs}\b"))
            await _start_training(page, train, done)
            runs += 1
            await done.wait_for(timeout=max(1000.0, (clock.deadline - time.perf_counter()) * 1000 + 60000))
            result.training = True
    except Exception as err:  # noqa: BLE001
        result.errors.append(f"trainer: {type(err).__name__}: {err}")
    finally:
        await page.close()


async def _start_training(page, train, done, tries: int = 3) -> None:
    """Click Train until the run shows its progress bar (or is already done): a click that lands
    while the page reruns after the name was entered can be lost."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    for attempt in range(tries):
        await train.click(timeout=90000)
        try:
            await page.locator('[data-testid="stProgress"]').or_(done).first.wait_for(timeout=30000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


async def _run(result: LoadResult, server: StreamlitServer, train: bool) -> LoadResult:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        first = await browser.new_page()  # load the models and caches once
        await first.goto(f"{server.url}/generate")
        await _open_tab(first, PARAMETER_TAB)
        for title in OTHER_PAGES:
            await _navigate(first, title)
        await first.close()
        result.rss_idle_mb = rss_mb(server.process.pid)
        clock = Clock(result.sessions + train, result.seconds, result.warmup_s)
        users = [_session(i, browser, server.url, clock, result) for i in range(result.sessions)]

        cpu = {}

        async def server_figures() -> None:
            await clock.started.wait()
            await asyncio.sleep(clock.measure_from - time.perf_counter())
            cpu["start"] = (cpu_seconds(server.process.pid), time.perf_counter())
            result.measured = (time.time(), float("inf"))
            while time.perf_counter() < clock.deadline:
                result.rss_samples_mb.append(rss_mb(server.process.pid))
                await asyncio.sleep(1.0)

        result.rss_window = max(1, min(10, int(result.seconds / 4)))
        await asyncio.gather(server_figures(), *users,
                             *([_trainer(browser, server.url, clock, result)] if train else []))
        result.measured = (result.measured[0], time.time())
        used, started = cpu_seconds(server.process.pid) - cpu["start"][0], cpu["start"][1]
        result.server_cpu_share = used / ((time.perf_counter() - started) * (os.cpu_count() or 1))
        await browser.close()
    return result


def _scratch_zoo(folder: Path, zoo: Path) -> str:
    """A checkpoint folder that links every checkpoint of `zoo`, so runs trained during the test land
    in `folder` and not in `zoo`."""
    for checkpoint in zoo.iterdir():
        if checkpoint.is_dir():
            (folder / checkpoint.name).symlink_to(checkpoint.resolve(), target_is_directory=True)
    return str(folder)


def run_load(sessions: int = 10, seconds: float = 60.0, env: dict[str, str] | None = None,
             train: bool = False, pause_ms: tuple[int, int] = (50, 250), warmup_s: float = 20.0) -> LoadResult:
    """Start the app, drive it with `sessions` concurrent browser sessions for `warmup_s` and then
    `seconds` measured (and with `train`, one more session training a model on the Train page
    meanwhile). Each session waits a random `pause_ms` after each slider move."""
    if CHROMIUM is None:
        raise RuntimeError("Chromium is not installed (apt-get install -y chromium)")
    from ae_models.checkpoints import pretrained_dir

    env = dict(env or {})
    zoo = Path(env["AE_PRETRAINED_DIR"]) if "AE_PRETRAINED_DIR" in env else pretrained_dir()
    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "zoo").mkdir()
        env["AE_PRETRAINED_DIR"] = _scratch_zoo(Path(scratch) / "zoo", zoo)
        env["AE_RERUN_LOG"] = str(Path(scratch) / "reruns.log")
        result = _serve_and_load(LoadResult(sessions, seconds, pause_ms=pause_ms, warmup_s=warmup_s), env, train)
        log = Path(env["AE_RERUN_LOG"])
        result.release_ms = server_runs(log, "editor", *result.measured)
        result.parameter_reply_ms = server_runs(log, "parameter", *result.measured)
        return result


def server_runs(log: Path, kind: str, start: float, end: float) -> list[float]:
    """Milliseconds the server took for each run of `kind` ("editor": a latent slider move;
    "parameter": a parameter slider move) that arrived between the wall-clock times `start` and
    `end` (the lines `timed_streamlit` writes)."""
    times = []
    for line in log.read_text(encoding="utf-8").splitlines() if log.exists() else []:
        wall, ms, _, what = line.split()
        if start <= float(wall) <= end and what == kind:
            times.append(float(ms))
    return times


def _serve_and_load(result: LoadResult, env: dict[str, str], train: bool) -> LoadResult:
    with (StreamlitServer(ROOT / "app.py", env, launcher="benchmarks.timed_streamlit") as server,
          ThreadPoolExecutor(1) as pool):
        # A thread of its own: the caller's thread may already run an event loop (sync Playwright).
        return pool.submit(_as_client, _run(result, server, train)).result()


def _as_client(run) -> LoadResult:
    """Run the browsers only when the server leaves a core free (Linux's idle scheduling class).
    Users' browsers run on their own machines; here they share the server's two cores, and ten of
    them would otherwise take most of the server's turns (Chromium resets nice values, not this).
    Linux sets the class per thread, and the browsers started from this thread inherit it."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):  # not Linux, or not allowed: a lower priority is the next best
        os.nice(10)
    return asyncio.run(run)
