"""Take the README's screenshots of the site, in Debian's chromium through Playwright.

    .venv/bin/minutebook demo --no-serve            # load ../shared (or a sample council)
    .venv/bin/python docs/screenshots.py            # serves ./minutebook.db and writes docs/images/

The pages are those a first visitor sees: the home page, a search and the meeting it leads to.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(base: str, server: subprocess.Popen) -> None:
    for _ in range(100):
        try:
            httpx.get(base + "/static/site.css", timeout=1)
            return
        except httpx.TransportError:
            if server.poll() is not None:
                sys.exit("minutebook serve exited before it answered")
            time.sleep(0.1)
    sys.exit("minutebook serve did not answer within 10 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--database", default="sqlite:///minutebook.db")
    parser.add_argument("--query", default='"child sexual exploitation"')
    parser.add_argument("--out", type=Path, default=HERE / "images")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    minutebook = str(Path(sys.executable).with_name("minutebook"))
    server = subprocess.Popen([minutebook, "serve", "--port", str(port), "--database", args.database])
    try:
        wait_for(base, server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.goto(base + "/")
            page.screenshot(path=args.out / "home.png")
            page.get_by_label("Search the minutes").first.fill(args.query)
            page.keyboard.press("Enter")  # htmx swaps the results in and pushes the URL
            page.wait_for_url("**/search?**")
            page.locator("main a[href*='#p-']").first.wait_for()
            page.wait_for_load_state("networkidle")
            page.screenshot(path=args.out / "search.png")
            with page.expect_navigation():
                page.locator("main a[href*='#p-']").first.click()
            page.wait_for_load_state("networkidle")
            page.screenshot(path=args.out / "meeting.png")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"wrote home.png, search.png, meeting.png in {args.out}")


if __name__ == "__main__":
    main()
