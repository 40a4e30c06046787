"""What the load test reads and who reads it: signed-in sessions for a pool of members of the
synthetic communities, the pages each of them and anonymous visitors open, and the words they
search for. `forget` deletes those sessions again afterwards.

Runs as `python -m bench.loadplan prepare|forget` in the server's environment (its var/
directory, so its SECRET_KEY, and its DATABASE_URL), as bench.dataset does, and writes the plan
the locustfile reads as JSON. Choices are drawn from a seeded generator, so the same database
gives the same plan.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from importlib import import_module
from pathlib import Path
from typing import Any

from bench.dataset import _search_queries, _setup, _signed_in

THREADS_PER_COMMUNITY = 12  # the most recently active threads of each community, which readers open most
COMMUNITIES_PER_MEMBER = 6
DIRECTORY_QUERIES = 60


def prepare(pool: int, seed: int) -> dict[str, Any]:
    from hearth.accounts.models import User
    from hearth.communities.models import Membership, Status, Visibility
    from hearth.demo import scale

    rng = random.Random(seed)
    communities = {
        row["pk"]: row
        for row in scale.scale_communities()
        .filter(status=Status.ACTIVE)
        .values("pk", "slug", "visibility", "member_count", "thread_count")
    }
    if not communities:
        raise SystemExit("loadplan: the database has no synthetic communities; seed it first (make bench)")
    threads = _recent_threads(list(communities))
    memberships: dict[int, list[int]] = defaultdict(list)
    member_ids = sorted(
        Membership.objects.filter(community__in=list(communities)).values_list("user_id", flat=True).distinct()
    )
    chosen = rng.sample(member_ids, min(pool, len(member_ids)))
    for user_id, community_id in Membership.objects.filter(
        user_id__in=chosen, community__in=list(communities)
    ).values_list("user_id", "community_id"):
        memberships[user_id].append(community_id)
    members = []
    for user in User.objects.filter(pk__in=chosen, is_active=True).order_by("pk"):
        own = sorted(memberships[user.pk])
        own = rng.sample(own, min(COMMUNITIES_PER_MEMBER, len(own)))
        paths = [path for community in own for path, _ in threads[community]]
        if not paths:
            continue
        members.append(
            {
                "handle": user.handle,
                "cookies": _signed_in(user),
                "communities": [_community_path(communities[c]["slug"]) for c in own],
                "threads": paths,
            }
        )
    public = [row for row in communities.values() if row["visibility"] == Visibility.PUBLIC]
    return {
        "members": members,
        "public_communities": [[_community_path(row["slug"]), max(1, row["member_count"])] for row in public],
        "public_threads": [path for row in public for path, is_open in threads[row["pk"]] if is_open],
        "directory_queries": _directory_queries(rng, list(communities)),
        "search_queries": _search_queries(),
        "sizes": {
            "communities": len(communities),
            "members_in_pool": len(members),
            "public_communities": len(public),
        },
    }


def _community_path(slug: str) -> str:
    return f"/c/{slug}/"


def _recent_threads(community_ids: list[int]) -> dict[int, list[tuple[str, bool]]]:
    """The paths of the most recently active threads of each community, each with whether a
    visitor may read it (members-only threads of public communities answer them 404)."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    from hearth.discussions.models import Thread

    ranked = (
        Thread.objects.filter(community_id__in=community_ids, deleted_at__isnull=True)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("community_id")], order_by=[F("last_post_at").desc(), F("pk")])
        )
        .values("pk", "community_id", "community__slug", "members_only", "rank")
    )
    threads: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for row in ranked.filter(rank__lte=THREADS_PER_COMMUNITY):
        path = f"/c/{row['community__slug']}/t/{row['pk']}/"
        threads[row["community_id"]].append((path, not row["members_only"]))
    return threads


def _directory_queries(rng: random.Random, community_ids: list[int]) -> list[str]:
    """What people type into the communities directory: a condition's everyday name, another
    name for it, or its code."""
    from hearth.conditions.models import Condition

    words = set()
    for condition in Condition.objects.filter(communities__in=community_ids).distinct():
        words.add(condition.lay_name.lower())
        words.update(synonym for synonym in condition.synonyms[:1])
        words.update(code.split(".")[0] for code in condition.icd10cm[:1])
    return rng.sample(sorted(words), min(DIRECTORY_QUERIES, len(words)))


def forget(plan: dict[str, Any]) -> int:
    """Delete the sessions the plan made; the number deleted."""
    from django.conf import settings

    store = import_module(settings.SESSION_ENGINE).SessionStore
    count = 0
    for member in plan["members"]:
        key = member["cookies"].get(settings.SESSION_COOKIE_NAME)
        if key:
            store(session_key=key).delete()
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = parser.add_subparsers(dest="action", required=True)
    making = actions.add_parser("prepare", help="sign a pool of members in and choose the pages; write the plan")
    making.add_argument("--members", type=int, default=200, help="members signed in (default 200)")
    making.add_argument("--seed", type=int, default=1)
    making.add_argument("--out", type=Path, required=True)
    forgetting = actions.add_parser("forget", help="delete the sessions a plan made")
    forgetting.add_argument("plan", type=Path)
    args = parser.parse_args()
    _setup()
    if args.action == "prepare":
        if args.members < 1:
            raise SystemExit("loadplan: --members must be at least 1")
        plan = prepare(args.members, args.seed)
        args.out.write_text(json.dumps(plan) + "\n")
        print(f"loadplan: {len(plan['members'])} members signed in, {plan['sizes']}", file=sys.stderr)
    else:
        print(f"loadplan: {forget(json.loads(args.plan.read_text()))} sessions deleted", file=sys.stderr)


if __name__ == "__main__":
    main()
