"""Speed of `vigie serve` (the Perspective-compatible service) on real, distinct comments.

Starts `vigie serve --workers 2` on 127.0.0.1, then, from this same machine (the load generator shares
the two cores with the server, so the figures are a floor):

1. single-comment `comments:analyze` requests from concurrent clients on keep-alive connections, each
   comment distinct (CrisisLexT26 and French hate superset tweets): requests/s and latency percentiles;
2. one client, one request at a time: the latency an interactive script sees;
3. batches of 100 comments through `POST /batch` (Google's batch requests, as HELM sends them):
   comments/s.

Usage: python benchmarks/bench_service.py [--seconds 20] [--clients 16]   (needs ../shared/data)
Writes docs/benchmarks/service.json; `python benchmarks/write_performance.py` adds it to docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import socket
import subprocess
import sys
import time
import uuid

import numpy as np
from _common import machine, save

from helpers.io import datasets as ds
from helpers.service.server import wait_ready
from helpers.text import detect_languages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "helpers.cli", "serve", "--port", str(port), "--workers",
                             str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if wait_ready("127.0.0.1", port):
        return proc
    proc.kill()
    raise RuntimeError("vigie serve did not start")


def request_bytes(port: int, text: str) -> bytes:
    body = json.dumps({"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}, "INSULT": {}}}).encode()
    head = (f"POST /v1alpha1/comments:analyze HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    return head + body


async def read_response(reader: asyncio.StreamReader) -> int:
    status_line = await reader.readline()
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    await reader.readexactly(length)
    return int(status_line.split()[1])


async def load(port: int, texts: list[str], clients: int, seconds: float) -> dict:
    """Concurrent keep-alive clients sending distinct comments for ``seconds``."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    next_text = iter(range(len(texts)))
    stop = time.perf_counter() + seconds

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.perf_counter() < stop:
            i = next(next_text, None)
            if i is None:
                break
            start = time.perf_counter()
            writer.write(request_bytes(port, texts[i]))
            status = await read_response(reader)
            latencies.append(time.perf_counter() - start)
            statuses[status] = statuses.get(status, 0) + 1
        writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - began
    ms = np.array(latencies) * 1000
    return {"clients": clients, "requests": len(latencies), "seconds": round(elapsed, 2),
            "requests_per_second": round(len(latencies) / elapsed), "median_ms": round(float(np.median(ms)), 1),
            "p95_ms": round(float(np.percentile(ms, 95)), 1), "p99_ms": round(float(np.percentile(ms, 99)), 1),
            "statuses": statuses}


def batch_body(port: int, texts: list[str]) -> tuple[str, bytes]:
    boundary = f"b{uuid.uuid4().hex}"
    parts = []
    for i, text in enumerate(texts):
        body = json.dumps({"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}})
        parts.append(f"--{boundary}\r\nContent-Type: application/http\r\nContent-ID: <bench + {i}>\r\n\r\n"
                     f"POST /v1alpha1/comments:analyze?alt=json HTTP/1.1\r\nContent-Type: application/json\r\n"
                     f"Host: 127.0.0.1:{port}\r\n\r\n{body}\r\n")
    return f"multipart/mixed; boundary={boundary}", ("".join(parts) + f"--{boundary}--\r\n").encode()


def batches(port: int, texts: list[str], size: int = 100, clients: int = 2) -> dict:
    """Batches of ``size`` comments from ``clients`` concurrent clients (one per worker), each text sent once."""
    from concurrent.futures import ThreadPoolExecutor

    chunks = [texts[i:i + size] for i in range(0, len(texts) - size + 1, size)]
    times: list[float] = []

    def client(mine: list[list[str]]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for chunk in mine:
            content_type, body = batch_body(port, chunk)
            start = time.perf_counter()
            conn.request("POST", "/batch", body, {"content-type": content_type})
            response = conn.getresponse()
            payload = response.read()
            times.append(time.perf_counter() - start)
            assert response.status == 200 and payload.count(b"Content-ID: <response-") == len(chunk), payload[:300]

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, [chunks[i::clients] for i in range(clients)]))
    total = time.perf_counter() - began
    return {"batch_size": size, "batches": len(chunks), "clients": clients, "seconds": round(total, 2),
            "comments_per_second": round(size * len(chunks) / total),
            "median_batch_ms": round(1000 * float(np.median(times)), 1)}


def sequential(port: int, texts: list[str]) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for text in texts:
        body = json.dumps({"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}})
        start = time.perf_counter()
        conn.request("POST", "/v1alpha1/comments:analyze", body, {"content-type": "application/json"})
        conn.getresponse().read()
        times.append(time.perf_counter() - start)
    ms = np.array(times) * 1000
    return {"requests": len(texts), "median_ms": round(float(np.median(ms)), 1),
            "p95_ms": round(float(np.percentile(ms, 95)), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    crisis = ds.crisislex()["text"].drop_duplicates()
    superset = ds.french_hate_superset()["text"].drop_duplicates()
    rng = np.random.default_rng(0)
    texts = list(dict.fromkeys(rng.permutation(np.concatenate([crisis.to_numpy(), superset.to_numpy()])).tolist()))
    # French and English comments, as a client of the service sends them (others get an error answer, not a score).
    texts = [t for t, lang in zip(texts, detect_languages(texts, page_prior=False)) if lang in {"fr", "en"}]
    port = free_port()
    proc = start_server(port, args.workers)
    try:
        sequential(port, texts[-50:])  # warm both workers' caches and code paths
        alone = sequential(port, texts[-550:-50])
        pool = texts[:-4600]
        loaded = []
        for clients in sorted({4, args.clients}):
            loaded.append(asyncio.run(load(port, pool, clients, args.seconds)))
            pool = pool[loaded[-1]["requests"]:]
        batched = batches(port, texts[-4600:-600])
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    result = {"machine": machine(), "workers": args.workers, "texts": "CrisisLexT26 and French hate superset tweets "
              "read as French or English, distinct, shuffled", "concurrent": loaded, "sequential": alone, "batch": batched,
              "targets": {"requests_per_second": 500, "median_ms": 10, "batch_comments_per_second": 3000}}
    print(json.dumps(result, indent=1))
    save("service", result)


if __name__ == "__main__":
    main()
