"""The graph view in a real browser: Debian's chromium driven by Playwright, offline, with hostile text.

Set KG_SCREENSHOT_DIR (e.g. to docs) to also save the screenshot of the seeds' view there as screenshot.png.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from kg.view import write_view

from test_view import HOSTILE, entity_count  # tests/ is on sys.path (no __init__.py)

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing; install Debian's chromium package (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # A persistent context on a new, empty folder: a fresh profile, nothing shared with other runs.
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), args=ARGS,
            headless=True, viewport={"width": 1400, "height": 900},
        )
        yield context
        context.close()


class Visit:
    """One page opened offline, with everything that went wrong on it."""

    def __init__(self, context, path: Path) -> None:
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.external: list[str] = []
        self.dialogs: list[str] = []
        self.page = page = context.new_page()
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        page.on("dialog", self.dialog)
        page.route("**/*", self.route)
        page.goto(path.as_uri())
        # Our script sets data-ready once vis has drawn (a selector: the page's CSP forbids eval).
        page.wait_for_selector("body[data-ready=true]", timeout=30_000)

    def route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def node_point(self, node_id: int) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates."""
        return tuple(self.js("""id => {
            const p = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.getElementById("mynetwork").getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""", node_id))


@pytest.fixture(scope="module")
def fixture_page(tmp_path_factory, corpus_factory) -> tuple[Path, Graph]:
    """The hand-built corpus with a hostile quote and sentence."""
    from kg.rdf import build_dataset

    dataset = build_dataset(corpus_factory(quote=HOSTILE, sentence_suffix=" " + HOSTILE))
    out = tmp_path_factory.mktemp("fixture-view") / "graph.html"
    write_view(dataset, out)
    return out, dataset


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory) -> tuple[Path, Graph]:
    """graph.html and graph.ttl of the seeds, built once by the real pipeline (it loads the spaCy model)."""
    pytest.importorskip("kg.pipeline", reason="the pipeline (kg build) is not there yet")
    from kg.pipeline import build
    from kg.query import load_graph

    out = tmp_path_factory.mktemp("seeds-out")
    build([ROOT / "seeds"], out, progress=False)
    return out / "graph.html", load_graph(out / "graph.ttl")


def check_page(visit: Visit, graph: Graph) -> None:
    assert visit.errors == [] and visit.failed == [] and visit.external == []
    assert visit.js("() => nodes.length") == entity_count(graph) > 0
    assert visit.page.locator("#kg-legend").is_visible()
    assert visit.page.locator("#kg-legend input.kg-filter").count() == 7
    assert visit.page.locator("#kg-search").is_visible()


def test_fixture_view_draws_offline(browser, fixture_page, tmp_path):
    path, graph = fixture_page
    visit = Visit(browser, path)
    check_page(visit, graph)
    visit.page.screenshot(path=str(tmp_path / "fixture.png"))
    assert (tmp_path / "fixture.png").stat().st_size > 10_000


def test_hostile_node_runs_nothing(browser, fixture_page):
    path, _ = fixture_page
    visit = Visit(browser, path)
    node = visit.js("q => nodes.get({filter: n => n.cls === 'Claim' && n.label.includes('<img')})[0].id", None)
    x, y = visit.node_point(node)
    visit.page.mouse.move(x, y)
    visit.page.wait_for_timeout(300)
    assert "<img src=x onerror=alert(1)>" in visit.page.locator("#kg-details").inner_text()  # hover shows it
    visit.page.mouse.click(x, y)
    visit.page.wait_for_timeout(500)
    details = visit.page.locator("#kg-details")
    text = details.inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert details.locator("img, script, a").count() == 0
    assert visit.js("() => document.querySelectorAll('img, iframe').length") == 0
    assert visit.dialogs == [] and visit.errors == [] and visit.external == []


def test_filter_and_search(browser, fixture_page):
    path, _ = fixture_page
    visit = Visit(browser, path)
    shown = "() => nodes.get({filter: n => !n.hidden}).length"
    total = visit.js(shown)
    visit.page.locator('#kg-legend input[data-cls="Claim"]').uncheck()
    assert visit.js(shown) == total - 3
    visit.page.locator('#kg-legend input[data-cls="Claim"]').check()
    assert visit.js(shown) == total
    visit.page.locator("#kg-search").fill("sato")
    assert visit.page.locator("#kg-search-status").inner_text().startswith("1 match")
    visit.page.locator("#kg-search").press("Enter")
    assert "Kenji Sato" in visit.page.locator("#kg-details").inner_text()
    assert visit.js("() => network.getSelectedNodes().length") == 1
    assert visit.errors == []


def test_seeds_view(browser, seeds_page, tmp_path):
    path, graph = seeds_page
    visit = Visit(browser, path)
    check_page(visit, graph)
    shot = tmp_path / "seeds.png"
    visit.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("KG_SCREENSHOT_DIR"):
        target = Path(os.environ["KG_SCREENSHOT_DIR"])
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, target / "screenshot.png")
