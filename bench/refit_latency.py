"""API latency while a theme refit runs beside the server, on one thread or on two.

Run: ``.venv/bin/python bench/refit_latency.py [--ideas 46000] [--rounds 3] [--seconds 8]``

Why: a jam refits its themes in one worker process next to the server. ``find_themes`` can
score on two threads (``threads=2``, 1.2x faster at 46,000 ideas), but on a 2-core machine that
takes the core the server would otherwise have. This measures what each choice costs the API.

What it does:

1. seeds the demo jam into a temporary SQLite file (``jam demo --no-serve``) and starts
   ``jam serve`` on it (``JAM_EMBEDDING_MODEL=off``, so the server's own refits stay small);
2. signs in as the demo employee and sends the jam's first page of ideas (a GraphQL query) at a
   steady 20 requests per second, one at a time, for ``--seconds`` per condition;
3. measures p50 and p99 latency under three conditions, interleaved over ``--rounds`` rounds:
   idle; a process fitting ``--ideas`` ideas (bench/datasets.py, with stored sentence vectors
   when the model is installed; the first run encodes and caches them, ~8 minutes) over and
   over on one thread; the same on two threads.

Prints each round, then the median over rounds of each condition's p50 and p99, and their
ratio to idle. Benchmarks print figures; they are not tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api import REPO_DIR, Server, free_port, server_env
from bench.load import percentile
from jam.demo import PASSWORD

CONDITIONS = {"idle": 0, "refit on 1 thread": 1, "refit on 2 threads": 2}

# Fits the benchmark ideas over and over until killed; prints "ready" once its data is loaded.
FIT_LOOP = """
import sys
sys.path.insert(0, {repo!r})
from bench.datasets import idea_corpus
from bench.embedding_cache import cached_embeddings, model_dir_or_none
from clustering import find_themes
ideas = idea_corpus({ideas})
model = model_dir_or_none()
vectors = cached_embeddings(ideas, model, label="ideas{ideas}") if model else None
print("ready", flush=True)
while True:
    find_themes(ideas, seed=0, embeddings=vectors, threads={threads})
"""


LOGIN = """mutation Login($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { token errors { code message } }
}"""
FIRST_PAGE = """query FirstPage($slug: String!) {
  jam(slug: $slug) { title ideas(first: 20) { edges { node { id title } } } }
}"""


def graphql(url: str, query: str, variables: dict[str, str], token: str | None = None
            ) -> dict[str, Any]:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    payload = json.dumps({"query": query, "variables": variables}).encode()
    request = urllib.request.Request(f"{url}/graphql", payload, headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.loads(response.read())
    if body.get("errors"):
        raise RuntimeError(f"GraphQL errors: {body['errors']}")
    data: dict[str, Any] = body["data"]
    return data


def seed_demo(database: Path) -> tuple[str, str]:
    """(jam slug, employee email) of a freshly seeded demo database."""
    shown = subprocess.run(
        [sys.executable, "-m", "jam.cli", "demo", "--no-serve", "--database", str(database)],
        cwd=REPO_DIR, env={**os.environ, "JAM_EMBEDDING_MODEL": "off"},
        capture_output=True, text=True, check=True,
    ).stdout
    slug = re.search(r"\(slug (\S+)\)", shown)
    email = re.search(r"^\s*employee\s+(\S+)", shown, re.MULTILINE)
    if not slug or not email:
        raise RuntimeError(f"could not read the demo's slug and logins from:\n{shown}")
    return slug.group(1), email.group(1)


def page_latencies(url: str, slug: str, token: str, seconds: float, rate: float = 20.0
                   ) -> list[float]:
    """Milliseconds per request, requests sent one at a time at ``rate`` per second."""
    latencies: list[float] = []
    start = next_send = time.perf_counter()
    while time.perf_counter() - start < seconds:
        sent = time.perf_counter()
        graphql(url, FIRST_PAGE, {"slug": slug}, token)
        latencies.append((time.perf_counter() - sent) * 1000)
        next_send += 1 / rate
        time.sleep(max(0.0, next_send - time.perf_counter()))
    return sorted(latencies)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ideas", type=int, default=46000, help="ideas in each refit")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; medians shown")
    parser.add_argument("--seconds", type=float, default=8.0, help="measured seconds per condition")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="jam-refit-latency-") as workdir:
        database = Path(workdir) / "demo.db"
        print("seeding the demo jam ...", flush=True)
        slug, email = seed_demo(database)
        port = free_port()
        server = Server(
            "jam serve",
            [sys.executable, "-m", "jam.cli", "serve", "--host", "127.0.0.1", "--port",
             str(port), "--log-level", "warning"],
            dict(server_env(f"sqlite+aiosqlite:///{database}"), JAM_EMBEDDING_MODEL="off"),
            port, Path(workdir) / "server.log",
        )
        server.start()
        try:
            server.wait_ready()
            login = graphql(server.url, LOGIN, {"email": email, "password": PASSWORD})["login"]
            if login["errors"]:
                raise RuntimeError(f"could not sign in as {email}: {login['errors']}")
            token = str(login["token"])
            page_latencies(server.url, slug, token, 2.0)  # warm-up
            figures: dict[str, list[tuple[float, float]]] = {name: [] for name in CONDITIONS}
            for round_ in range(args.rounds):
                for name, threads in CONDITIONS.items():
                    fitter = None
                    if threads:
                        fitter = subprocess.Popen(
                            [sys.executable, "-c", FIT_LOOP.format(
                                repo=str(REPO_DIR), ideas=args.ideas, threads=threads)],
                            stdout=subprocess.PIPE, text=True)
                        assert fitter.stdout is not None
                        if fitter.stdout.readline().strip() != "ready":
                            raise RuntimeError("the refit process did not start")
                        time.sleep(1.0)  # into the fit proper, past tokenising
                    try:
                        latencies = page_latencies(server.url, slug, token, args.seconds)
                    finally:
                        if fitter is not None:
                            fitter.kill()
                            fitter.wait()
                    p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
                    figures[name].append((p50, p99))
                    print(f"round {round_}: {name:19s} p50 {p50:6.1f} ms   p99 {p99:6.1f} ms"
                          f"   (n={len(latencies)})", flush=True)
        finally:
            server.stop()

    idle50 = statistics.median(p50 for p50, _ in figures["idle"])
    idle99 = statistics.median(p99 for _, p99 in figures["idle"])
    print(f"\nfirst page of ideas at 20 requests/s, {args.ideas:,}-idea refits beside the server,"
          f" medians of {args.rounds} rounds:")
    for name, values in figures.items():
        p50 = statistics.median(v[0] for v in values)
        p99 = statistics.median(v[1] for v in values)
        print(f"  {name:19s} p50 {p50:6.1f} ms ({p50 / idle50:.2f}x idle)"
              f"   p99 {p99:6.1f} ms ({p99 / idle99:.2f}x idle)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
