"""What a reader of an HTML report could not read, measured in a headless browser.

:func:`page_problems` opens a page (``file:``; every other request blocked) in a Chromium that
playwright drives (Debian's ``chromium``; tests/conftest.py starts it with background
networking off) at a window ``width`` pixels wide and returns a list of problems (empty when
none):

- the page is wider than the window (something runs off the right edge);
- an element that hides its overflow has content wider or taller than itself (text cut);
- an element's box runs outside the window and no scrolling container holds it;
- an image is wider than its container, failed to load, or is scaled down so far that a figure's
  smallest text (8 pt: 11.1 px of a PNG at the figures' 100 dpi, 10.7 CSS px of an SVG at its
  natural size) shows under ``min_text_px`` pixels.

Used by tests/test_notebooks_nfc.py and bench/wide.py.
"""

from __future__ import annotations

from pathlib import Path

FIGURE_MIN_TEXT_PX = 8 * 100 / 72  # 8 pt at 100 dpi, in image pixels

_JS = """
([minText, minPx]) => {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const name = el => `<${el.tagName.toLowerCase()}${el.className ? ' class=' + el.className : ''}>`
    + ' ' + (el.textContent || el.alt || '').trim().slice(0, 60);
  const scrolled = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (['auto', 'scroll'].includes(s.overflowX)) return true;
    }
    return false;
  };
  if (document.documentElement.scrollWidth > vw + 1) {
    problems.push(`page wider than the window: ${document.documentElement.scrollWidth} > ${vw}`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden') continue;
    const hides = v => ['hidden', 'clip'].includes(v);
    if (hides(s.overflowX) && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`cut (width ${el.scrollWidth} > ${el.clientWidth}): ${name(el)}`);
    }
    if (hides(s.overflowY) && el.scrollHeight > el.clientHeight + 1) {
      problems.push(`cut (height ${el.scrollHeight} > ${el.clientHeight}): ${name(el)}`);
    }
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > vw + 1 || r.left < -1) && !scrolled(el)) {
      const span = `${Math.round(r.left)}..${Math.round(r.right)}`;
      problems.push(`outside the window (${span}): ${name(el)}`);
    }
  }
  for (const img of document.images) {
    const r = img.getBoundingClientRect();
    const p = img.parentElement.getBoundingClientRect();
    if (!img.complete || img.naturalWidth === 0) {
      problems.push(`image not loaded: ${name(img)}`);
      continue;
    }
    if (r.right > p.right + 1 && !scrolled(img)) {
      problems.push(`image wider than its box: ${name(img)}`);
    }
    // an SVG's natural width is its size in points at 96 CSS px per inch, not at 100 dpi
    const svg = img.currentSrc.startsWith('data:image/svg+xml');
    const px = (svg ? 8 * 96 / 72 : minText) * r.width / img.naturalWidth;
    if (img.closest('figure') && px < minPx) {
      const scale = (r.width / img.naturalWidth).toFixed(2);
      problems.push(`figure scaled to ${scale}: 8 pt text at ${px.toFixed(1)} px: ${name(img)}`);
    }
  }
  return problems;
}
"""


def page_problems(browser, path: Path, width: int = 1280, min_text_px: float = 8.0) -> list[str]:
    """Problems of the page at ``path`` in ``browser`` (a playwright Browser) at ``width``
    pixels (see the module docstring); [] when a reader can read everything."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
    )
    try:
        page.goto(Path(path).resolve().as_uri(), wait_until="load")
        return page.evaluate(_JS, [FIGURE_MIN_TEXT_PX, min_text_px])
    finally:
        page.close()
