"""Web UI budgets (``make bench-ui``): bundle size, page load and the theme map, in Chromium.

It builds nothing: build the UI first (``cd frontend && npm run build``, which writes
``frontend/dist``; ``--ui-dir`` points elsewhere). Then this script

1. **sizes the participant entry**: the JavaScript ``dist/index.html`` loads before any lazy
   chunk (its module scripts and ``modulepreload`` links), each file gzipped at level 9, against
   the 200 kB budget; the theme map's lazy chunk is sized on its own;
2. seeds a demo database (``jam demo --no-serve``, 150 ideas, themes fitted) in a temporary
   directory and starts ``jam serve`` on it (no worker: nothing changes under the measurements);
3. **loads the forum page** of the demo jam signed in, ``--loads`` times, each in a fresh browser
   context (a cold HTTP cache): first contentful paint, and "ideas visible" — the moment the first
   idea card is in the page (a MutationObserver installed before the page's own scripts);
4. **draws the theme map at ``--points`` points**: the page's own code runs, but its
   ``ThemeMapPage`` requests are answered by Playwright (``page.route``) with synthetic points in
   pages of the size the page asks for (5,000: 10 pages for 46,000), clustered around the demo's
   real themes. It reports the time from the map's mount to the first full render of every point
   (fetching and decoding the pages included) and one full render's draw time; then it pans with
   ``--steps`` pointer moves, one per animation frame, dispatched in the page, and reports the
   intervals between frames (``requestAnimationFrame`` timestamps): median, p99 and frames/s.

Chromium is ``/usr/bin/chromium`` (software rendering in headless mode), 1280×800, device scale 1.
Timings are not part of the tests; the browser tests only check behaviour.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import math
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from api import Server, free_port, server_env  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT: Any = {"width": 1280, "height": 800}  # a playwright ViewportSize
ENTRY_BUDGET_BYTES = 200_000
RENDER_GOAL_MS = 1000.0
FPS_GOAL = 30.0
DEMO_IDEAS = 150

# Installed before the page's scripts: when the first idea card appears, note the time.
IDEAS_VISIBLE_PROBE = """
(() => {
  const selector = 'main article[data-idea-id], main a[href*="/ideas/"]';
  const observer = new MutationObserver(() => {
    if (window.__ideasVisibleAt === undefined && document.querySelector(selector)) {
      window.__ideasVisibleAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})();
"""

# Pans the map: one pointer move per animation frame, the frame timestamps recorded.
PAN_SCRIPT = """
async ({ steps, step }) => {
  const canvas = document.querySelector("canvas.themes-map-canvas");
  const rect = canvas.getBoundingClientRect();
  let x = rect.left + rect.width / 2;
  let y = rect.top + rect.height / 2;
  const event = (type, buttons) => new PointerEvent(type, {
    bubbles: true, cancelable: true, composed: true, pointerId: 41, pointerType: "mouse",
    isPrimary: true, clientX: x, clientY: y, button: 0, buttons,
  });
  canvas.dispatchEvent(event("pointerdown", 1));
  const rendersBefore = window.__jamThemeMap.renders;
  const stamps = [];
  await new Promise((resolve) => {
    let i = 0;
    const frame = (time) => {
      stamps.push(time);
      if (i >= steps) return resolve();
      // A zigzag: 30 steps one way, 30 back, so the drag stays near the middle.
      const direction = Math.floor(i / 30) % 2 === 0 ? 1 : -1;
      x += direction * step;
      y += direction * step * 0.5;
      canvas.dispatchEvent(event("pointermove", 1));
      i += 1;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const redraws = window.__jamThemeMap.renders - rendersBefore;
  canvas.dispatchEvent(event("pointerup", 0));
  return { stamps, redraws };
}
"""


class _EntryScripts(HTMLParser):
    """The JavaScript index.html loads up front: module scripts and modulepreload links."""

    def __init__(self) -> None:
        super().__init__()
        self.files: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("type") == "module" and found.get("src"):
            self.files.append(str(found["src"]))
        elif tag == "link" and found.get("rel") == "modulepreload" and found.get("href"):
            self.files.append(str(found["href"]))


def cpu_pressure_us() -> int | None:
    """Linux's CPU pressure counter (µs some task waited for a CPU), or None without PSI."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None
    return int(line.rsplit("total=", 1)[1])


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def bundle_sizes(ui_dir: Path) -> dict[str, Any]:
    parser = _EntryScripts()
    parser.feed((ui_dir / "index.html").read_text())
    entry = []
    for src in dict.fromkeys(parser.files):
        path = ui_dir / src.lstrip("/")
        entry.append({"file": src, "bytes": path.stat().st_size, "gzip": gzip_size(path)})
    map_chunks = sorted((ui_dir / "assets").glob("ThemeMap-*.js"))
    map_chunk = (
        {
            "file": f"/assets/{map_chunks[0].name}",
            "bytes": map_chunks[0].stat().st_size,
            "gzip": gzip_size(map_chunks[0]),
        }
        if map_chunks
        else None
    )
    return {
        "entry": entry,
        "entry_gzip": sum(item["gzip"] for item in entry),
        "entry_bytes": sum(item["bytes"] for item in entry),
        "map_chunk": map_chunk,
    }


def seed_demo(workdir: Path) -> tuple[Path, str, str, str]:
    """A fresh demo database; returns its path, the jam's slug, an employee's e-mail and the
    demo password."""
    database = workdir / "demo.db"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jam.cli",
            "demo",
            "--database",
            str(database),
            "--no-serve",
            "--ideas",
            str(DEMO_IDEAS),
        ],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"jam demo failed:\n{done.stdout}\n{done.stderr}")
    slug = re.search(r"\(slug ([^)\s]+)\)", done.stdout)
    employee = re.search(r"^\s+employee\s+(\S+@\S+)", done.stdout, re.M)
    password = re.search(r"password for all: ([^)\s]+)\)", done.stdout)
    if not (slug and employee and password):
        raise RuntimeError(f"unexpected output of jam demo:\n{done.stdout}")
    return database, slug.group(1), employee.group(1), password.group(1)


def graphql(
    context: Any, base_url: str, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = context.request.post(
        f"{base_url}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}),
        headers={"content-type": "application/json", "accept": "application/json"},
    )
    body = response.json()
    if body.get("errors"):
        raise RuntimeError(f"GraphQL errors: {body['errors']}")
    return body["data"]


def sign_in(context: Any, base_url: str, email: str, password: str) -> None:
    data = graphql(
        context,
        base_url,
        "mutation($input: LoginInput!) { login(input: $input) { user { id } errors { code } } }",
        {"input": {"email": email, "password": password}},
    )
    if not data["login"]["user"]:
        raise RuntimeError(f"cannot sign in as {email}: {data['login']['errors']}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))
    return ordered[rank]


def measure_loads(
    browser: Any, base_url: str, storage: Any, url: str, loads: int
) -> dict[str, list[float]]:
    fcp: list[float] = []
    visible: list[float] = []
    for _ in range(loads):
        context = browser.new_context(viewport=VIEWPORT, storage_state=storage)
        context.add_init_script(IDEAS_VISIBLE_PROBE)
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("() => window.__ideasVisibleAt !== undefined", timeout=30_000)
        page.wait_for_function(
            "() => performance.getEntriesByName('first-contentful-paint').length > 0",
            timeout=30_000,
        )
        result = page.evaluate(
            "() => ({ fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,"
            " visible: window.__ideasVisibleAt })"
        )
        fcp.append(result["fcp"])
        visible.append(result["visible"])
        context.close()
    return {"fcp_ms": fcp, "ideas_visible_ms": visible}


def synthetic_points(
    themes: list[dict[str, Any]], count: int, seed: int = 46
) -> list[dict[str, Any]]:
    """Points clustered around the real themes' positions (sizes in proportion), ~6 % unthemed."""
    rng = random.Random(seed)
    weights = [max(1, theme["size"]) for theme in themes]
    points = []
    for i in range(count):
        if rng.random() < 0.06 or not themes:
            theme_id, x, y = None, rng.uniform(-1, 1), rng.uniform(-1, 1)
        else:
            theme = rng.choices(themes, weights)[0]
            theme_id = theme["id"]
            x = theme["x"] + rng.gauss(0, 0.07)
            y = theme["y"] + rng.gauss(0, 0.07)
        points.append(
            {"ideaId": str(100_000 + i), "themeId": theme_id, "x": round(x, 6), "y": round(y, 6)}
        )
    return points


def measure_map(
    browser: Any, base_url: str, storage: Any, slug: str, count: int, steps: int
) -> dict[str, Any]:
    context = browser.new_context(viewport=VIEWPORT, storage_state=storage)
    snapshot = graphql(
        context,
        base_url,
        "query($slug: String!) { jam(slug: $slug) { themes { id version"
        " themes { id size x y } } } }",
        {"slug": slug},
    )["jam"]["themes"]
    if snapshot is None:
        raise RuntimeError("the demo jam has no themes (the demo fits them while seeding)")
    points = synthetic_points(snapshot["themes"], count)
    pages: list[int] = []

    def answer(route: Any) -> None:
        request = route.request
        body = json.loads(request.post_data or "{}") if request.method == "POST" else {}
        if body.get("operationName") != "ThemeMapPage":
            route.fallback()
            return
        variables = body.get("variables") or {}
        start = int(variables.get("after") or 0)
        first = int(variables["first"])
        chunk = points[start : start + first]
        end = start + len(chunk)
        pages.append(len(chunk))
        data = {
            "data": {
                "jam": {
                    "id": "bench",
                    "themes": {
                        "id": snapshot["id"],
                        "version": snapshot["version"],
                        "map": {
                            "points": chunk,
                            "hasNextPage": end < len(points),
                            "endCursor": str(end),
                        },
                    },
                }
            }
        }
        route.fulfill(status=200, content_type="application/json", body=json.dumps(data))

    page = context.new_page()
    page.route("**/graphql", answer)
    page.goto(f"{base_url}/jams/{slug}/themes")
    page.wait_for_function(
        "() => !!(window.__jamThemeMap && window.__jamThemeMap.complete"
        f" && window.__jamThemeMap.count === {count})",
        timeout=60_000,
    )
    probe = page.evaluate(
        "() => { const map = window.__jamThemeMap; return { mountedAt: map.mountedAt,"
        " loadedAt: map.loadedAt, completedAt: map.completedAt, drawMs: map.lastRenderMs,"
        " renders: map.renders }; }"
    )
    page.wait_for_timeout(500)  # let the page settle before panning
    pan = page.evaluate(PAN_SCRIPT, {"steps": steps, "step": 6})
    stamps = pan["stamps"]
    page.wait_for_timeout(400)
    rest_draw_ms = page.evaluate("() => window.__jamThemeMap.lastRenderMs")
    context.close()
    # The first interval ends at the pointer down: not a pan frame.
    intervals = [b - a for a, b in itertools.pairwise(stamps)][1:]
    return {
        "points": count,
        "pages": len(pages),
        "render_ms": probe["completedAt"] - probe["mountedAt"],
        "fetch_ms": probe["loadedAt"] - probe["mountedAt"],
        "last_page_to_drawn_ms": probe["completedAt"] - probe["loadedAt"],
        "renders_while_loading": probe["renders"],
        "draw_ms": probe["drawMs"],
        "rest_draw_ms": rest_draw_ms,
        "frames": intervals,
        "redraws_while_panning": pan["redraws"],
    }


def _kb(size: int) -> str:
    return f"{size / 1000:.1f} kB"


def report(
    sizes: dict[str, Any], loads: dict[str, list[float]] | None, maps: list[dict[str, Any]]
) -> None:
    print("\n== Participant entry (JS loaded by index.html before any lazy chunk, gzip -9) ==")
    for item in sizes["entry"]:
        raw, packed = _kb(item["bytes"]), _kb(item["gzip"])
        print(f"  {item['file']:<48} {raw:>9} raw {packed:>9} gzip")
    total = sizes["entry_gzip"]
    verdict = "within" if total <= ENTRY_BUDGET_BYTES else "OVER"
    print(
        f"  total {_kb(total)} gzip of a {_kb(ENTRY_BUDGET_BYTES)} budget: {verdict}"
        f" ({total / ENTRY_BUDGET_BYTES:.0%})"
    )
    chunk = sizes["map_chunk"]
    if chunk:
        print(
            f"  theme map chunk (lazy) {chunk['file']}:"
            f" {_kb(chunk['bytes'])} raw, {_kb(chunk['gzip'])} gzip"
        )
    else:
        print("  theme map chunk: not found (is the map still lazily loaded?)")
    if loads:
        print(f"\n== Forum page, signed in, cold cache ({len(loads['fcp_ms'])} loads) ==")
        for name, values in (
            ("first contentful paint", loads["fcp_ms"]),
            ("ideas visible", loads["ideas_visible_ms"]),
        ):
            median, p90 = statistics.median(values), percentile(values, 0.9)
            each = ", ".join(f"{value:.0f}" for value in values)
            print(f"  {name:<24} median {median:6.0f} ms   p90 {p90:6.0f} ms   ({each})")
    for index, result in enumerate(maps, 1):
        frames = result["frames"]
        fps = 1000 / statistics.fmean(frames)
        render = result["render_ms"]
        title = f"Theme map, {result['points']:,} points in {result['pages']} pages"
        print(f"\n== {title} (run {index}) ==")
        print(
            f"  mount → every point drawn {render:7.0f} ms"
            f"  (goal ≤ {RENDER_GOAL_MS:.0f} ms: ratio {RENDER_GOAL_MS / render:.2f})"
        )
        print(
            f"    of which fetching pages {result['fetch_ms']:7.0f} ms  (answered by page.route;"
            f" {result['renders_while_loading']} draws meanwhile and at the end)"
        )
        print(
            f"    last page → drawn       {result['last_page_to_drawn_ms']:7.0f} ms"
            "  (decode, group, grid, draw)"
        )
        print(
            f"  one full draw             {result['draw_ms']:7.1f} ms"
            f"  (at rest after panning: {result['rest_draw_ms']:.1f} ms)"
        )
        median, p99 = statistics.median(frames), percentile(frames, 0.99)
        print(
            f"  panning, {len(frames)} frames: median {median:.1f} ms, p99 {p99:.1f} ms,"
            f" {fps:.1f} frames/s (goal ≥ {FPS_GOAL:.0f}: ratio {fps / FPS_GOAL:.2f});"
            f" {result['redraws_while_panning']} full redraws meanwhile"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--ui-dir",
        type=Path,
        default=REPO_DIR / "frontend" / "dist",
        help="the built UI (default frontend/dist: cd frontend && npm run build)",
    )
    parser.add_argument("--loads", type=int, default=5, help="forum page loads (default 5)")
    parser.add_argument(
        "--points", type=int, default=46_000, help="theme map points (default 46,000)"
    )
    parser.add_argument(
        "--steps", type=int, default=120, help="pan steps, one per frame (default 120)"
    )
    parser.add_argument(
        "--map-runs", type=int, default=3, help="theme map measurements (default 3)"
    )
    parser.add_argument(
        "--sizes-only", action="store_true", help="only the bundle sizes (no server, no browser)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args(argv)

    ui_dir = options.ui_dir.resolve()
    if not (ui_dir / "index.html").is_file():
        print(
            f"error: {ui_dir}/index.html not found: build the UI first"
            " (cd frontend && npm run build)",
            file=sys.stderr,
        )
        return 2
    sizes = bundle_sizes(ui_dir)
    if options.sizes_only:
        report(sizes, None, [])
        return 0

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="jam-bench-ui-") as tmp:
        workdir = Path(tmp)
        started = time.monotonic()
        database, slug, email, password = seed_demo(workdir)
        print(
            f"seeded the demo jam {slug!r} ({DEMO_IDEAS} ideas)"
            f" in {time.monotonic() - started:.0f} s",
            file=sys.stderr,
        )
        port = free_port()
        env = server_env(f"sqlite+aiosqlite:///{database}")
        env["JAM_UI_DIR"] = str(ui_dir)
        server = Server(
            "jam serve",
            [
                sys.executable,
                "-m",
                "jam.cli",
                "serve",
                "--port",
                str(port),
                "--no-worker",
                "--log-level",
                "warning",
            ],
            env,
            port,
            workdir / "server.log",
        )
        server.start()
        pressure_before, clock_before = cpu_pressure_us(), time.monotonic()
        try:
            server.wait_ready()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = browser.new_context(viewport=VIEWPORT)
                sign_in(context, server.url, email, password)
                storage = context.storage_state()
                forums = graphql(
                    context,
                    server.url,
                    "query($slug: String!) { jam(slug: $slug) { forums { id } } }",
                    {"slug": slug},
                )["jam"]["forums"]
                context.close()
                forum_url = f"{server.url}/jams/{slug}/forums/{forums[0]['id']}"
                loads = measure_loads(browser, server.url, storage, forum_url, options.loads)
                maps = [
                    measure_map(browser, server.url, storage, slug, options.points, options.steps)
                    for _ in range(options.map_runs)
                ]
                browser.close()
        finally:
            server.stop()
    pressure_after = cpu_pressure_us()
    psi = (
        (pressure_after - pressure_before) / 1e6 / (time.monotonic() - clock_before) * 100
        if pressure_before is not None and pressure_after is not None
        else None
    )
    report(sizes, loads, maps)
    if psi is not None:
        print(
            f"\nhost CPU pressure during the measurements: {psi:.0f} %"
            + (
                "  (other work competed for the CPUs: the timings are pessimistic)"
                if psi > 20
                else ""
            )
        )
    if options.json:
        options.json.write_text(
            json.dumps(
                {"sizes": sizes, "loads": loads, "maps": maps, "host_psi_percent": psi}, indent=2
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
