"""seed_scale: synthetic members, communities, threads, posts and reactions at scale, for benchmarks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.demo.scale import (
    DEFAULT_BATCH,
    DEFAULT_DISCOVERABLE,
    Progress,
    ScaleArgumentError,
    check_sizes,
    seed_scale,
    wipe_scale,
)


class Command(BaseCommand):
    help = (
        "Add synthetic members with profiles, and posts (with communities, threads, reactions and the search "
        "index) in bulk. "
        "The same --seed gives the same data. Members' handles start with scale_member, communities' slugs with "
        "scale-; --fresh deletes those first and nothing else."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, required=True, help="How many members to add.")
        parser.add_argument("--posts", type=int, required=True, help="How many posts to add.")
        parser.add_argument("--seed", type=int, default=1, help="The random seed (default 1).")
        parser.add_argument(
            "--communities", type=int, default=None, help="How many communities (default: one per 250 members)."
        )
        parser.add_argument(
            "--batch", type=int, default=DEFAULT_BATCH, help=f"Rows per write (default {DEFAULT_BATCH:,})."
        )
        parser.add_argument(
            "--discoverable",
            type=float,
            default=DEFAULT_DISCOVERABLE,
            help=f"The share of members found in patients like me, 0 to 1 (default {DEFAULT_DISCOVERABLE:g}).",
        )
        parser.add_argument("--fresh", action="store_true", help="Delete earlier synthetic data first.")

    def handle(self, *args: Any, **options: Any) -> None:
        members, posts = options["members"], options["posts"]
        try:
            sizes = check_sizes(members, posts, options["communities"], options["batch"], options["discoverable"])
        except ScaleArgumentError as error:
            raise CommandError(str(error)) from None
        if not (sizes.members or sizes.posts or options["fresh"]):
            raise CommandError("Nothing to do: give --members and --posts more than zero (or --fresh to wipe).")
        self.stderr.ending = ""  # the bar ends its own lines
        progress = Progress(self.stderr)
        if options["fresh"]:
            wiped_members, wiped_communities = wipe_scale(progress)
            self.stdout.write(f"Deleted {wiped_members:,} synthetic members and {wiped_communities:,} communities.")
        if not (sizes.members or sizes.posts):
            return
        seeded = seed_scale(
            sizes.members,
            sizes.posts,
            seed=options["seed"],
            communities=sizes.communities,
            batch=sizes.batch,
            discoverable=sizes.discoverable,
            progress=progress,
        )
        self.stdout.write(
            f"Seeded {seeded.members:,} members, {seeded.communities:,} communities, {seeded.threads:,} threads, "
            f"{seeded.posts:,} posts and {seeded.reactions:,} reactions in {seeded.seconds:.1f} s."
        )
        if options["verbosity"] > 1:
            for step, count, seconds in progress.timings:
                self.stdout.write(f"  {step:<14} {count:>11,} {seconds:8.1f} s")
