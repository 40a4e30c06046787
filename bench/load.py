"""Open-loop load: requests leave at a fixed rate whether or not earlier ones have answered, so a
slow server shows as queueing in the latencies instead of slowing the load down.

Runs as its own process (`python -m bench.load PLAN.json`), apart from the server and from the
process that started both, and prints one JSON object: for each scenario the latencies in
milliseconds (measured from when each request was due to leave, not when it did), the errors,
and the throughput.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx


@dataclass
class Scenario:
    name: str
    paths: list[str]
    rate: float  # requests a second
    seconds: float
    warmup: int = 20  # sequential requests first, not counted
    sequential: int = 20  # then one at a time, for the latency without queueing
    cookies: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    name: str
    latencies_ms: list[float]
    errors: int
    sent: int
    seconds: float
    sequential_ms: list[float] = field(default_factory=list)
    error_kinds: dict[str, int] = field(default_factory=dict)  # HTTP status or exception name

    @property
    def throughput(self) -> float:
        return (self.sent - self.errors) / self.seconds if self.seconds else 0.0


async def _run(base: str, scenario: Scenario) -> Outcome:
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
    async with httpx.AsyncClient(
        base_url=base, cookies=scenario.cookies, limits=limits, timeout=60, follow_redirects=False
    ) as client:
        for index in range(scenario.warmup):
            await client.get(scenario.paths[index % len(scenario.paths)])
        loop = asyncio.get_running_loop()
        sequential = []
        for index in range(scenario.sequential):
            began = loop.time()
            await client.get(scenario.paths[index % len(scenario.paths)])
            sequential.append((loop.time() - began) * 1000)
        latencies: list[float] = []
        errors: collections.Counter[str] = collections.Counter()

        async def send(path: str, due: float) -> None:
            try:
                response = await client.get(path)
            except httpx.HTTPError as error:
                errors[type(error).__name__] += 1
                return
            if response.status_code != 200:
                errors[str(response.status_code)] += 1
            else:
                latencies.append((loop.time() - due) * 1000)

        count = max(1, round(scenario.rate * scenario.seconds))
        start = loop.time() + 0.1
        tasks = []
        for index in range(count):
            due = start + index / scenario.rate
            await asyncio.sleep(max(0.0, due - loop.time()))
            tasks.append(asyncio.create_task(send(scenario.paths[index % len(scenario.paths)], due)))
        await asyncio.gather(*tasks)
        return Outcome(
            scenario.name, latencies, sum(errors.values()), count, loop.time() - start, sequential, dict(errors)
        )


def run(base: str, scenarios: list[Scenario]) -> list[Outcome]:
    return [asyncio.run(_run(base, scenario)) for scenario in scenarios]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("plan", type=Path, help='JSON: {"base": URL, "scenarios": [Scenario fields, ...]}')
    args = parser.parse_args()
    plan = json.loads(args.plan.read_text())
    outcomes = run(plan["base"], [Scenario(**scenario) for scenario in plan["scenarios"]])
    json.dump([asdict(outcome) for outcome in outcomes], sys.stdout)


if __name__ == "__main__":
    main()
