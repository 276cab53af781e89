"""Start a Streamlit script on a free localhost port and wait until it is healthy
(used by the benchmarks and by the browser tests)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """`streamlit run SCRIPT` on 127.0.0.1; `ready_after` is the seconds until /_stcore/health said ok.
    `launcher` is the module run with `python -m` (another one may wrap Streamlit's)."""

    def __init__(self, script: Path, env: dict[str, str] | None = None, log_dir: Path | None = None,
                 launcher: str = "streamlit"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        log_dir = log_dir or ROOT / "test-artifacts"
        log_dir.mkdir(exist_ok=True)
        self.log = log_dir / f"server-{Path(script).stem}-{self.port}.log"
        self.started = time.perf_counter()
        self._log_file = open(self.log, "wb")  # noqa: SIM115 - open for the server's whole life
        self.process = subprocess.Popen(
            [sys.executable, "-m", launcher, "run", str(script), "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env={**os.environ, **(env or {})}, stdout=self._log_file, stderr=subprocess.STDOUT)
        self.ready_after = self._wait_healthy()

    def _wait_healthy(self, timeout: float = 90.0) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=1) as response:
                    if response.read() == b"ok":
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("streamlit did not become healthy in time")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log_file.close()

    def __enter__(self) -> StreamlitServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
