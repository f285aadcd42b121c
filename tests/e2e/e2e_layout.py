"""What the browser tests share: where Debian's chromium is, the screen sizes, and the
layout facts every screen is held to (issue #21 item 6). The fixtures are in
conftest.py beside this file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
#: The editor link template the page is served with (NOTELENS_EDITOR_URL).
EDITOR_URL = "vscode://file/{path}:{line}"
#: The screen sizes every screen is checked at.
DESKTOP = (1280, 800)
PHONE = (390, 844)


def need_chromium() -> Any:
    """Playwright's sync API, or a clear skip when chromium or playwright is missing."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def coding_font_installed() -> bool:
    """A monospace face whose Hangul is two columns (D2Coding, Nanum Gothic Coding:
    Debian's fonts-nanum-coding)."""
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return "D2Coding" in out or "NanumGothicCoding" in out


def korean_fonts_installed() -> bool:
    """fonts-noto-cjk (or another Korean face fontconfig knows) is installed."""
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True)
    return bool(out.stdout.strip())


def open_page(browser: Any, url: str, width: int, height: int) -> tuple[Any, list[str]]:
    """A page at ``url`` with this viewport; the list collects page errors and failed
    requests (a test asserts it stays empty)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append("failed: " + r.url))
    page.goto(url)
    if url.startswith("http"):
        page.wait_for_function("document.getElementById('status').textContent.includes('chunks')")
    return page, errors


def assert_no_horizontal_overflow(page: Any) -> None:
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert width <= inner, f"the page is {width}px wide in a {inner}px window"


def assert_visible(page: Any, selector: str) -> None:
    """The first ``selector`` element is on screen and not covered: the point at its
    first line's middle hits it (or a child)."""
    hit = page.evaluate(
        """(sel) => {
          const el = document.querySelector(sel);
          if (!el) return "missing";
          const r = el.getClientRects()[0] || el.getBoundingClientRect();
          const x = Math.min(r.left + Math.min(r.width, 40) / 2 + 1, innerWidth - 1);
          const y = r.top + Math.min(r.height, 16) / 2;
          if (y < 0 || y > innerHeight) return "outside the viewport at y=" + y;
          const at = document.elementFromPoint(x, y);
          return at && (at === el || el.contains(at)) ? "ok" : "covered by " + (at && at.outerHTML.slice(0, 80));
        }""",
        selector,
    )
    assert hit == "ok", f"{selector}: {hit}"


def platform_fonts(page: Any, selector: str) -> dict[str, int]:
    """The fonts Chromium really drew the text of ``selector`` with (family -> glyphs),
    from the DevTools protocol: what a user sees, not what the CSS asks for."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})
    node = cdp.send("DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": selector})
    assert node["nodeId"], f"no element {selector}"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    cdp.detach()
    return {f["familyName"]: int(f["glyphCount"]) for f in fonts}


def assert_korean_font(page: Any, scope: str) -> None:
    """The first element under ``scope`` whose own text holds Hangul is drawn with a
    Korean face (not a fallback that shows boxes)."""
    if not korean_fonts_installed():
        pytest.skip("no Korean font installed (apt-get install fonts-noto-cjk)")
    found = page.evaluate(
        """(scope) => {
          const walker = document.createTreeWalker(document.querySelector(scope), NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (/[\\uac00-\\ud7a3]/.test(n.textContent) && n.parentElement.offsetParent !== null) {
              n.parentElement.setAttribute("data-ko-probe", "1");
              return n.textContent.slice(0, 40);
            }
          }
          return null;
        }""",
        scope,
    )
    assert found, f"no Korean text under {scope}"
    fonts = platform_fonts(page, "[data-ko-probe]")
    korean = {f: n for f, n in fonts.items() if "CJK" in f or " KR" in f or "Gothic" in f}
    assert korean and sum(korean.values()) > 0, f"{found!r} drawn with {fonts}"
