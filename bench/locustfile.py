"""The load test's people: anonymous visitors and signed-in members using Hearth as they would.

Visitors browse the communities directory, read public communities and threads and search.
Members do the same in their own communities, and also poll the notification badge (as the
page does every 30 s), react to a post they are reading and now and then reply. Together, with
as many visitors as members, the requests are about: thread pages 40%, community pages 20%,
directory 15%, search 10%, badge polls 10%, reactions 4%, replies 1% (plus the thread page the
browser follows a reply to). `ReadingMember` is a member who only opens pages, for the
"1,000 members online, one page every 30 s each" scenario.

Run by bench.loadtest (`locust -f bench/locustfile.py --plan PLAN.json --results OUT.json ...`);
the plan (bench.loadplan) holds the members' session cookies and the pages to read. Members take
turns: each locust user is one member for a short visit, then the next member of the pool, so
writes are spread over the whole pool; a member near the posting limits reads instead of writing,
so a correct run sees no 429. The results file holds, for the time after every user was started,
the latency of each successful request, the errors by kind and the 429s apart.
"""

from __future__ import annotations

import collections
import itertools
import json
import random
import re
import time
from collections.abc import Iterator
from http.cookiejar import Cookie
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus, urlencode, urlsplit

from locust import FastHttpUser, events, task
from locust.env import Environment
from locust.exception import CatchResponseError

# Keep under the application's limits (hearth.discussions.actions): 8 posts a minute and 60 an
# hour, 60 reactions a minute, per member.
POST_BUDGET = ((6, 60.0), (50, 3600.0))
REACT_BUDGET = ((40, 60.0),)
VISIT_TASKS = (10, 30)  # how many things a member does before the next member takes over
HTMX = {"HX-Request": "true"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
REPLIES = (
    "Thank you for writing this. The fatigue sounds exhausting; I hope the appointment helps.",
    "Same here this week. Pacing has helped me a little, and so has asking my GP for a review.",
    "Sending a hug. You are not on your own with this.",
    "I had that blood test last month too. Ask them to explain the results, they did for me.",
)

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_REACT = re.compile(r'action="(/posts/\d+/react/)"')
_KIND = re.compile(r'name="kind" value="([a-z_]+)"')
_REPLY = re.compile(r'action="(/c/[^"]+/t/\d+/reply/)"')
_SUBMISSION = re.compile(r'name="submission" value="([^"]*)"')


@events.init_command_line_parser.add_listener
def _options(parser: Any) -> None:
    parser.add_argument("--plan", default="", help="JSON written by bench.loadplan prepare")
    parser.add_argument("--results", default="", help="where to write this run's figures as JSON")
    parser.add_argument("--think-seconds", type=float, default=0.0, help="mean pause between pages (±1/6)")


class Plan:
    """The plan file, read once per locust process, and the budget of writes of each member."""

    data: dict[str, Any] = {}
    communities: tuple[list[str], list[float]] = ([], [])  # public ones, with cumulative weights
    _turns: Iterator[dict[str, Any]] = iter(())
    _writes: dict[tuple[str, str], collections.deque[float]] = collections.defaultdict(collections.deque)

    @classmethod
    def load(cls, path: str) -> None:
        cls.data = json.loads(Path(path).read_text())
        if not cls.data["members"]:
            raise SystemExit("locustfile: the plan has no signed-in members")
        paths = [path for path, _ in cls.data["public_communities"]]
        cls.communities = (paths, list(itertools.accumulate(w for _, w in cls.data["public_communities"])))
        members = list(cls.data["members"])
        random.shuffle(members)
        cls._turns = itertools.cycle(members)

    @classmethod
    def next_member(cls) -> dict[str, Any]:
        return next(cls._turns)

    @classmethod
    def may_write(cls, handle: str, what: str, budget: tuple[tuple[int, float], ...]) -> bool:
        """Count one write by `handle` and say yes if it stays within every (count, seconds) budget."""
        now = time.monotonic()
        done = cls._writes[handle, what]
        while done and now - done[0] > max(seconds for _, seconds in budget):
            done.popleft()
        if any(sum(1 for t in done if now - t <= seconds) >= count for count, seconds in budget):
            return False
        done.append(now)
        return True


class Figures:
    """What the run measured once every user was started (earlier, users are still arriving)."""

    started = 0.0
    spawned = False
    stopped = 0.0
    samples: list[tuple[float, float, str, str]] = []  # finished at, ms, request name, outcome

    @classmethod
    def record(cls, outcome: str, name: str, response_time: float) -> None:
        cls.samples.append((time.time(), response_time, name, outcome))

    @classmethod
    def summary(cls) -> dict[str, Any]:
        begin, end = cls.started, cls.stopped or time.time()
        inside = [sample for sample in cls.samples if begin <= sample[0] <= end]
        outcomes = collections.Counter(outcome for _, _, _, outcome in inside)
        return {
            "window": [begin, end],
            "all_users_started": cls.spawned,
            "latencies_ms": [ms for _, ms, _, outcome in inside if outcome == "ok"],
            "requests": len(inside),
            "ok": outcomes.pop("ok", 0),
            "rate_limited": outcomes.pop("429", 0),
            "errors": dict(outcomes),
            "by_name": dict(collections.Counter(name for _, _, name, _ in inside)),
        }


@events.init.add_listener
def _on_init(environment: Environment, **_: Any) -> None:
    options = environment.parsed_options
    if options is not None and options.plan:
        Plan.load(options.plan)


@events.test_start.add_listener
def _on_start(**_: Any) -> None:
    Figures.started = time.time()


@events.spawning_complete.add_listener
def _on_spawned(**_: Any) -> None:
    Figures.started, Figures.spawned = time.time(), True


@events.test_stopping.add_listener
def _on_stopping(**_: Any) -> None:
    Figures.stopped = time.time()


@events.test_stop.add_listener
def _on_stop(environment: Environment, **_: Any) -> None:
    options = environment.parsed_options
    if options is not None and options.results:
        Path(options.results).write_text(json.dumps(Figures.summary()))


@events.request.add_listener
def _on_request(name: str, response_time: float, response: Any, exception: BaseException | None, **_: Any) -> None:
    status = getattr(response, "status_code", 0) or 0
    if exception is None:
        outcome = "ok"
    elif status >= 400:
        outcome = str(status)
    elif isinstance(exception, CatchResponseError):
        outcome = str(exception)  # a page that answered but was wrong, named below
    else:
        outcome = type(exception).__name__  # no answer: refused, reset, timed out
    Figures.record(outcome, name, response_time)


def _think(user: FastHttpUser) -> float:
    options = user.environment.parsed_options
    think = float(options.think_seconds) if options is not None else 0.0
    return random.uniform(think * 5 / 6, think * 7 / 6) if think > 0 else 0.0


class Visitor(FastHttpUser):
    """Someone not signed in: directory, public communities and threads, search."""

    weight = 1

    def wait_time(self) -> float:
        return _think(self)

    @task(50)
    def read_thread(self) -> None:
        self.client.get(random.choice(Plan.data["public_threads"]), name="/c/[slug]/t/[id]/ (visitor)")

    @task(25)
    def read_community(self) -> None:
        paths, weights = Plan.communities
        self.client.get(random.choices(paths, cum_weights=weights)[0], name="/c/[slug]/ (visitor)")

    @task(15)
    def browse_directory(self) -> None:
        _directory(self)

    @task(10)
    def search(self) -> None:
        _search(self)


def _directory(user: FastHttpUser) -> None:
    if random.random() < 0.5:
        user.client.get("/communities/", name="/communities/")
    else:
        query = random.choice(Plan.data["directory_queries"])
        user.client.get(f"/communities/?q={quote_plus(query)}", name="/communities/?q=")


def _search(user: FastHttpUser) -> None:
    query = random.choice(Plan.data["search_queries"])
    user.client.get(f"/search/?q={quote_plus(query)}", name="/search/?q=")


class _SignedIn(FastHttpUser):
    """A member of the pool, signed in by the session cookie the plan made for them; after a short
    visit the next member of the pool takes their place."""

    abstract = True
    member: dict[str, Any]
    left = 0
    page: dict[str, Any] | None = None  # the forms of the thread page last read

    def wait_time(self) -> float:
        return _think(self)

    def on_start(self) -> None:
        self._next_member()
        if think := _think(self):
            # Members online for a while do not all arrive at once: spread the first page.
            time.sleep(random.uniform(0, think))

    def _next_member(self) -> None:
        self.member = Plan.next_member()
        self.left = random.randint(*VISIT_TASKS)
        self.page = None
        self.client.cookiejar.clear()
        host = urlsplit(self.host or "").hostname or "127.0.0.1"
        for name, value in self.member["cookies"].items():
            self.client.cookiejar.set_cookie(_cookie(host, name, value))

    def _turn(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self._next_member()

    def _signed_in_page(self, path: str, name: str) -> str:
        """GET a page and check the member is still signed in on it; the page's text."""
        with self.client.get(path, name=name, catch_response=True) as response:
            text = response.text or ""
            if response.status_code == 200 and "/accounts/logout/" not in text:
                response.failure("signed out")
            return text if response.status_code == 200 else ""

    @task(30)
    def read_thread(self) -> None:
        text = self._signed_in_page(random.choice(self.member["threads"]), "/c/[slug]/t/[id]/ (member)")
        self.page = _forms(text) if text else None
        self._turn()

    @task(15)
    def read_community(self) -> None:
        self._signed_in_page(random.choice(self.member["communities"]), "/c/[slug]/ (member)")
        self._turn()

    @task(15)
    def browse_directory(self) -> None:
        _directory(self)
        self._turn()

    @task(10)
    def search(self) -> None:
        _search(self)
        self._turn()


class Member(_SignedIn):
    """A member reading, polling the badge, reacting and replying in their own communities."""

    weight = 1

    @task(20)
    def poll_badge(self) -> None:
        self.client.get("/notifications/badge/", name="/notifications/badge/", headers=HTMX)
        self._turn()

    @task(8)
    def react(self) -> None:
        """React to a post of the thread just read (or take it back: the same button toggles), as
        htmx posts the reaction form."""
        page = self.page
        if not page or not page["react"] or not Plan.may_write(self.member["handle"], "react", REACT_BUDGET):
            self.read_thread()
            return
        fields = {"csrfmiddlewaretoken": page["csrf"], "kind": random.choice(page["kinds"])}
        self.client.post(
            random.choice(page["react"]),
            data=urlencode(fields),
            headers={**HTMX, **FORM, "Referer": (self.host or "") + page["path"]},
            name="/posts/[id]/react/",
        )
        self._turn()

    @task(2)
    def reply(self) -> None:
        """Reply to the thread just read with its form (and its one-time `submission` token), then
        open the page the answer redirects to, as a browser does."""
        page = self.page
        if not page or not page["reply"] or not Plan.may_write(self.member["handle"], "post", POST_BUDGET):
            self.read_thread()
            return
        fields = {"csrfmiddlewaretoken": page["csrf"], "body": random.choice(REPLIES), "submission": page["submission"]}
        self.page = None  # the submission token is spent
        with self.client.post(
            page["reply"],
            data=urlencode(fields),
            headers={**FORM, "Referer": (self.host or "") + page["path"]},
            name="/c/[slug]/t/[id]/reply/",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            status = response.status_code or 0
            location = response.headers.get("Location", "") if response.headers else ""
            if status != 302 or "/posts/" not in location:  # the new post's address
                if 0 < status < 400:  # otherwise locust has counted the failure already
                    response.failure(f"reply not posted (status {status})")
                return
        self.read_thread_at(location)  # which redirects to the thread's page that shows it

    def read_thread_at(self, path: str) -> None:
        text = self._signed_in_page(path, "/c/[slug]/t/[id]/ (after reply)")
        self.page = _forms(text) if text else None
        self._turn()


class ReadingMember(_SignedIn):
    """A signed-in member who only opens pages (threads, communities, directory, search)."""

    weight = 1


def _forms(text: str) -> dict[str, Any]:
    """The forms of a thread page a member may use: reactions, the reply form and its tokens."""
    csrf = _CSRF.search(text)
    reply = _REPLY.search(text)
    submission = _SUBMISSION.search(text)
    path = reply.group(1).removesuffix("reply/") if reply else "/"
    return {
        "csrf": csrf.group(1) if csrf else "",
        "react": _REACT.findall(text) if csrf else [],
        "kinds": sorted(set(_KIND.findall(text))) or ["me_too"],
        "reply": reply.group(1) if reply and csrf and submission else "",
        "submission": submission.group(1) if submission else "",
        "path": path,
    }


def _cookie(host: str, name: str, value: str) -> Cookie:
    return Cookie(
        version=0,
        name=name,
        value=value,
        port=None,
        port_specified=False,
        domain=host,
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=False,
        expires=None,
        discard=True,
        comment=None,
        comment_url=None,
        rest={},
    )
