"""Goals and milestones: a member's weekly targets on what they track ("walking at least 20 minutes,
5 days a week"), the week's progress and streaks, the milestones reached, celebrating them and
sharing one with a community.

Weeks run Monday to Sunday in the member's local days. A day counts when the series has a value
that day meeting the target; a week is met when enough days count. The computation is in pure
functions (`good_days`, `week_counts`, `streaks`, `reached`) so it can be tested on its own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from hearth.accounts.models import User
from hearth.communities.models import Community, Status
from hearth.conditions.models import Symptom
from hearth.discussions.actions import PostInput, do_create_thread
from hearth.discussions.models import Post
from hearth.lib.text import refuse_nul
from hearth.tracking import series as series_module
from hearth.tracking.models import Comparison, Goal, Milestone, Tracker
from hearth.tracking.series import CHECK_IN_MEASURES, Point, Series, local_today

MAX_ACTIVE_GOALS = 10
TITLE_MAX = 120
SHARE_TITLE_MAX = 200
SHARE_MESSAGE_MAX = 2000
ENDED_SHOWN = 20
WEEKS_SHOWN = 12
DAYS_IN_ALL = 30
STREAKS: dict[str, int] = {"streak_4": 4, "streak_12": 12}
# A tolerance for comparing a value with its target: both are kept to the unit's decimals, but a
# float such as 7.000000001 must still count as 7.
_EPSILON = 1e-9


class MilestoneKind:
    FIRST_DAY = "first_day"
    FIRST_WEEK = "first_week"
    STREAK_4 = "streak_4"
    STREAK_12 = "streak_12"
    DAYS_30 = "days_30"


ALL_KINDS = (
    MilestoneKind.FIRST_DAY,
    MilestoneKind.FIRST_WEEK,
    MilestoneKind.STREAK_4,
    MilestoneKind.STREAK_12,
    MilestoneKind.DAYS_30,
)
# What the member reached, in the celebration ("{daily}" and "{weekly}" name the goal) …
_REACHED = {
    MilestoneKind.FIRST_DAY: "your first day {daily}",
    MilestoneKind.FIRST_WEEK: "your first full week {weekly}",
    MilestoneKind.STREAK_4: "4 weeks in a row {weekly}",
    MilestoneKind.STREAK_12: "12 weeks in a row {weekly}",
    MilestoneKind.DAYS_30: "30 days {daily}",
}
# … and in a few words, for a post and a list.
SHORT: dict[str, str] = {
    MilestoneKind.FIRST_DAY: "a first day met",
    MilestoneKind.FIRST_WEEK: "a first full week",
    MilestoneKind.STREAK_4: "4 weeks in a row",
    MilestoneKind.STREAK_12: "12 weeks in a row",
    MilestoneKind.DAYS_30: "30 days met in all",
}
EMOJI: dict[str, str] = {
    MilestoneKind.FIRST_DAY: "🌱",
    MilestoneKind.FIRST_WEEK: "🌿",
    MilestoneKind.STREAK_4: "🌟",
    MilestoneKind.STREAK_12: "🏆",
    MilestoneKind.DAYS_30: "🎉",
}


# --- The computation: pure functions -------------------------------------------------------------


def meets(value: float, comparison: str, target: float) -> bool:
    if comparison == Comparison.AT_MOST:
        return value <= target + _EPSILON
    return value >= target - _EPSILON


def good_days(points: Iterable[Point], comparison: str, target: float) -> list[dt.date]:
    """The days whose value meets the target, oldest first, each once."""
    return sorted({point.day for point in points if meets(point.value, comparison, target)})


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_counts(days: Iterable[dt.date], start: dt.date, end: dt.date) -> list[int]:
    """How many of `days` fall in each week (Monday to Sunday) from the week of `start` to the week of
    `end`, oldest first; days before `start` or after `end` are not counted."""
    if end < start:
        return []
    first = monday_of(start)
    counts = [0] * ((monday_of(end) - first).days // 7 + 1)
    for day in set(days):
        if start <= day <= end:
            counts[(day - first).days // 7] += 1
    return counts


def streaks(counts: Sequence[int], per_week: int) -> tuple[int, int]:
    """The current and the best run of weeks met, from `week_counts`. The last week is the
    current one: it counts once met, and while it is not met yet it does not break the run."""
    best = run = 0
    for count in counts:
        run = run + 1 if count >= per_week else 0
        best = max(best, run)
    closed = list(counts)
    if closed and closed[-1] < per_week:
        closed.pop()
    current = 0
    for count in reversed(closed):
        if count < per_week:
            break
        current += 1
    return current, best


def reached(days: Sequence[dt.date], per_week: int) -> dict[str, dt.date]:
    """The milestones that these days meeting the target (sorted, each once, since the goal
    started) reach, each with the day it was reached."""
    found: dict[str, dt.date] = {}
    if not days:
        return found
    found[MilestoneKind.FIRST_DAY] = days[0]
    if len(days) >= DAYS_IN_ALL:
        found[MilestoneKind.DAYS_30] = days[DAYS_IN_ALL - 1]
    in_week: Counter[dt.date] = Counter()
    run_of: dict[dt.date, int] = {}  # a met week's Monday -> the run of weeks it ends
    for day in days:
        monday = monday_of(day)
        in_week[monday] += 1
        if in_week[monday] == per_week:
            run = run_of.get(monday - dt.timedelta(days=7), 0) + 1
            run_of[monday] = run
            found.setdefault(MilestoneKind.FIRST_WEEK, day)
            for kind, length in STREAKS.items():
                if run >= length:
                    found.setdefault(kind, day)
    return found


# --- Words ---------------------------------------------------------------------------------------


def _lower_first(text: str) -> str:
    """A label inside a sentence: "Walking" reads "walking"; "HbA1c" stays as it is."""
    word = text.split(" ", 1)[0]
    if word[:1].isupper() and (word[1:].islower() or len(word) == 1):
        return text[:1].lower() + text[1:]
    return text


def target_phrase(series: Series, comparison: str, target: float) -> str:
    """ "Walking at least 20 minutes", "Pain at most 3", "Took a walk: yes"."""
    if series.yes_no:
        # `check_goal_input` allows "at least 1" (yes) and "at most 0" (no) only.
        return f"{series.label}: {'yes' if comparison == Comparison.AT_LEAST else 'no'}"
    unit = series.unit
    shown = series.bounds.show(target)
    # Scales carry their range as their symbol ("(0-10)"), which a sentence does without.
    suffix = f" {unit}" if unit and not unit.startswith("(") else ""
    return f"{series.label} {Comparison(comparison).label} {shown}{suffix}"


def how_often(days_per_week: int) -> str:
    if days_per_week == 7:
        return "every day"
    return f"{days_per_week} day{'s' if days_per_week != 1 else ''} a week"


def compose_title(series: Series, comparison: str, target: float, days_per_week: int) -> str:
    """ "Walking at least 20 minutes, 5 days a week"; "Sleep at least 7 hours every day"."""
    phrase = target_phrase(series, comparison, target)
    return f"{phrase} every day" if days_per_week == 7 else f"{phrase}, {how_often(days_per_week)}"


def goal_title(goal: Goal, series: Series | None) -> str:
    if goal.title:
        return goal.title
    if series is None:
        return "A goal on a tracker you deleted"
    return compose_title(series, goal.comparison, goal.target, goal.days_per_week)


def milestone_message(milestone: Milestone, series: Series | None) -> str:
    """ "You reached a milestone: 4 weeks in a row of walking at least 20 minutes, 5 days a week.
    Well done." """
    goal = milestone.goal
    if goal.title or series is None:
        daily = weekly = f"meeting your goal “{goal_title(goal, series)}”"
    else:
        daily = "of " + _lower_first(target_phrase(series, goal.comparison, goal.target))
        weekly = "of " + _lower_first(compose_title(series, goal.comparison, goal.target, goal.days_per_week))
    reached_text = _REACHED.get(milestone.kind, "a step {weekly}").format(daily=daily, weekly=weekly)
    return f"You reached a milestone: {reached_text}. Well done."


def share_message(milestone: Milestone, series: Series | None) -> str:
    """ "I reached a milestone on my walking goal: 4 weeks in a row." """
    goal = milestone.goal
    short = SHORT.get(milestone.kind, "a milestone")
    if goal.title or series is None:
        return f"I reached a milestone on my goal “{goal_title(goal, series)}”: {short}."
    return f"I reached a milestone on my {_lower_first(series.label)} goal: {short}."


def share_title(milestone: Milestone) -> str:
    return f"A milestone reached: {SHORT.get(milestone.kind, 'a step further')}"


# --- Reading -------------------------------------------------------------------------------------


def series_of_goals(member: User, goals: Iterable[Goal]) -> dict[str, Series | None]:
    """Each goal's series by key, in at most two queries (trackers, symptoms) however many goals;
    None for a tracker the member has since deleted."""
    keys = {goal.series for goal in goals}
    found: dict[str, Series | None] = dict.fromkeys(keys)
    tracker_ids: dict[int, str] = {}
    symptom_slugs: dict[str, str] = {}
    for key in keys:
        if key in CHECK_IN_MEASURES:
            found[key] = series_module.measure_series(key)
            continue
        kind, _, rest = key.partition("-")
        if kind == "tracker" and rest.isascii() and rest.isdigit():
            tracker_ids[int(rest)] = key
        elif kind == "symptom" and rest:
            symptom_slugs[rest] = key
    if tracker_ids:
        for tracker in Tracker.objects.filter(member=member, pk__in=tracker_ids):
            found[tracker_ids[tracker.pk]] = series_module.tracker_series(tracker)
    if symptom_slugs:
        for symptom in Symptom.objects.filter(slug__in=symptom_slugs):
            found[symptom_slugs[symptom.slug]] = series_module.symptom_series(symptom)
    return found


def _goal_end(goal: Goal, today: dt.date) -> dt.date:
    return min(goal.ended_on, today) if goal.ended_on else today


@dataclass(frozen=True)
class Day:
    day: dt.date
    value: str | None  # as the member reads it, with its unit
    met: bool
    future: bool


@dataclass(frozen=True)
class Week:
    monday: dt.date
    days_met: int
    met: bool


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    series: Series | None
    title: str
    days_this_week: int
    current_streak: int
    best_streak: int
    days_met: int
    this_week: tuple[Day, ...]
    weeks: tuple[Week, ...]  # the most recent first, this week included

    @property
    def week_met(self) -> bool:
        return self.days_this_week >= self.goal.days_per_week

    @property
    def summary(self) -> str:
        """ "3 of 5 days this week"."""
        return f"{self.days_this_week} of {self.goal.days_per_week} days this week"


def _shown(series: Series, value: float) -> str:
    unit = series.unit
    text = series.show(value)
    return f"{text} {unit}" if unit and not unit.startswith("(") and not series.yes_no else text


def progress(goal: Goal, series: Series | None, points: Sequence[Point], today: dt.date) -> GoalProgress:
    """The goal's progress from its points (its series' values since it started) up to `today`, or
    up to the day it ended."""
    end = _goal_end(goal, today)
    title = goal_title(goal, series)
    days = good_days(points, goal.comparison, goal.target) if series else []
    days = [day for day in days if goal.started_on <= day <= end]
    counts = week_counts(days, goal.started_on, end)
    current, best = streaks(counts, goal.days_per_week)
    monday = monday_of(end)
    values = {point.day: point.value for point in points}
    good = set(days)
    this_week = tuple(
        Day(
            day=day,
            value=_shown(series, values[day]) if series and day in values else None,
            met=day in good,
            future=day > end,
        )
        for day in (monday + dt.timedelta(days=offset) for offset in range(7))
    )
    first = monday_of(goal.started_on)
    weeks = tuple(
        Week(monday=first + dt.timedelta(weeks=index), days_met=count, met=count >= goal.days_per_week)
        for index, count in enumerate(counts)
    )[::-1][:WEEKS_SHOWN]
    return GoalProgress(
        goal=goal,
        series=series,
        title=title,
        days_this_week=counts[-1] if counts else 0,
        current_streak=current,
        best_streak=best,
        days_met=len(days),
        this_week=this_week,
        weeks=weeks,
    )


def progress_of(member: User, goals: Sequence[Goal]) -> list[GoalProgress]:
    """Progress of several goals: the series in two queries at most, then one query per series."""
    known = series_of_goals(member, goals)
    today = local_today(member)
    cache: dict[tuple[str, dt.date, dt.date], list[Point]] = {}
    found = []
    for goal in goals:
        series = known.get(goal.series)
        points: list[Point] = []
        end = _goal_end(goal, today)
        if series is not None and end >= goal.started_on:
            window = (goal.series, goal.started_on, end)
            if window not in cache:
                cache[window] = series_module.points(member, series, goal.started_on, end)
            points = cache[window]
        found.append(progress(goal, series, points, today))
    return found


def active_goals(member: User) -> QuerySet[Goal]:
    return Goal.objects.filter(member=member, ended_on__isnull=True)


def ended_goals(member: User) -> QuerySet[Goal]:
    return Goal.objects.filter(member=member, ended_on__isnull=False).order_by("-ended_on", "-id")


def overview_context(member: User) -> dict[str, object]:
    """What the tracking overview's goals panel (`_goals_overview.html`) shows: the active goals
    with this week's progress."""
    goals = list(active_goals(member))
    return {"goal_progress": progress_of(member, goals) if goals else [], "goal_limit": MAX_ACTIVE_GOALS}


def uncelebrated(member: User) -> list[Milestone]:
    """The member's milestones not yet celebrated, oldest first, each carrying its `message` (the
    words `_celebrations.html` shows) and `emoji`. One query when there are none."""
    found = list(
        Milestone.objects.filter(goal__member=member, celebrated_at__isnull=True)
        .select_related("goal")
        .order_by("reached_on", "id")
    )
    if found:
        known = series_of_goals(member, [m.goal for m in found])
        for milestone in found:
            milestone.message = milestone_message(milestone, known.get(milestone.goal.series))  # type: ignore[attr-defined]
            milestone.emoji = EMOJI.get(milestone.kind, "🎉")  # type: ignore[attr-defined]
    return found


# --- Writing -------------------------------------------------------------------------------------


def check_milestones(member: User) -> list[Milestone]:
    """Milestones newly reached by the member's active goals, saved; called inside every write to
    their tracking (check-in, reading, import).

    It runs on every check-in, so a member without goals costs one indexed query. With goals, the
    goals and their milestones are two queries, the series two more at most, then one per goal that
    still has a milestone ahead. Each milestone is kept once: the unique (goal, kind) constraint
    settles two writes racing to create it, and `get_or_create` takes the other's row."""
    goals = list(active_goals(member).prefetch_related("milestones"))
    if not goals:
        return []
    pending = [g for g in goals if {m.kind for m in g.milestones.all()} != set(ALL_KINDS)]
    if not pending:
        return []
    known = series_of_goals(member, pending)
    today = local_today(member)
    created: list[Milestone] = []
    for goal in pending:
        series = known.get(goal.series)
        end = _goal_end(goal, today)
        if series is None or end < goal.started_on:
            continue
        have = {m.kind for m in goal.milestones.all()}
        points = series_module.points(member, series, goal.started_on, end)
        for kind, day in reached(good_days(points, goal.comparison, goal.target), goal.days_per_week).items():
            if kind in have:
                continue
            milestone, made = Milestone.objects.get_or_create(goal=goal, kind=kind, defaults={"reached_on": day})
            if made:
                created.append(milestone)
    return created


@dataclass(frozen=True)
class GoalInput:
    series: str
    comparison: str
    target: float
    days_per_week: int
    title: str = ""


def check_goal_input(member: User, data: GoalInput) -> tuple[Series, float, str]:
    """The goal's series, its target kept to the unit's decimals, and its title; a ValidationError
    keyed by field names what is wrong."""
    errors: dict[str, str] = {}
    series = series_module.series_of(member, data.series)
    if series is None:
        errors["series"] = "Choose something you track."
    if data.comparison not in Comparison.values:
        errors["comparison"] = "Choose “at least” or “at most”."
    target = data.target
    if series is not None:
        refusal = series.bounds.refusal(target)
        if refusal:
            errors["target"] = refusal
        elif series.yes_no and (data.comparison, target) not in {(Comparison.AT_LEAST, 1), (Comparison.AT_MOST, 0)}:
            errors["target"] = "For a yes-or-no tracker, choose “at least 1” (yes) or “at most 0” (no)."
        else:
            target = series.bounds.keep(target)
    if not 1 <= data.days_per_week <= 7:
        errors["days_per_week"] = "Choose from 1 to 7 days a week."
    title = " ".join(data.title.split())
    if len(title) > TITLE_MAX:
        errors["title"] = f"A title has at most {TITLE_MAX} characters (this one has {len(title)})."
    elif "\x00" in title:
        errors["title"] = "Null characters are not allowed."
    if errors:
        raise ValidationError(errors)
    assert series is not None  # noqa: S101  (errors above when it is None)
    return series, target, title


def do_create_goal(member: User, data: GoalInput) -> Goal:
    _series, target, title = check_goal_input(member, data)
    with transaction.atomic():
        # Race: two goals created at once could pass the limit together; the member's row is the lock.
        User.objects.select_for_update().filter(pk=member.pk).first()
        if active_goals(member).count() >= MAX_ACTIVE_GOALS:
            raise ValidationError(
                f"You can have {MAX_ACTIVE_GOALS} goals at a time. End one to set a new one.", code="too_many"
            )
        goal = Goal.objects.create(
            member=member,
            series=data.series,
            comparison=data.comparison,
            target=target,
            days_per_week=data.days_per_week,
            title=title,
            started_on=local_today(member),
        )
        check_milestones(member)
    return goal


def do_end_goal(member: User, goal: Goal) -> Goal:
    """End the goal today (the member's day); its milestones stay. Ending it again changes nothing."""
    if goal.member_id != member.pk:
        raise ValidationError("This is not your goal.", code="not_yours")
    Goal.objects.filter(pk=goal.pk, ended_on__isnull=True).update(ended_on=local_today(member))
    goal.refresh_from_db(fields=["ended_on"])
    return goal


def do_celebrate(member: User, milestone: Milestone) -> bool:
    """Mark the milestone celebrated; True the first time only (a second "Thanks" changes nothing)."""
    return bool(
        Milestone.objects.filter(pk=milestone.pk, goal__member=member, celebrated_at__isnull=True).update(
            celebrated_at=timezone.now()
        )
    )


def postable_communities(member: User) -> QuerySet[Community]:
    """The communities where the member may start a thread (the access policy's `can_post`)."""
    return Community.objects.filter(status=Status.ACTIVE, memberships__user=member).order_by("name")


class AlreadyShared(ValidationError):  # noqa: N818  (a ValidationError, named for what is wrong)
    def __init__(self, post: Post) -> None:
        super().__init__("You shared this milestone already.", code="already_shared")
        self.post = post


def values_text(member: User, milestone: Milestone, series: Series) -> str:
    """The target and the figures of the week the milestone was reached, for a post (Markdown)."""
    goal = milestone.goal
    monday = monday_of(milestone.reached_on)
    sunday = monday + dt.timedelta(days=6)
    values = {p.day: p.value for p in series_module.points(member, series, monday, sunday)}
    met = sum(1 for value in values.values() if meets(value, goal.comparison, goal.target))
    lines = [
        f"My goal: {compose_title(series, goal.comparison, goal.target, goal.days_per_week)}.",
        "",
        f"The week of {monday:%A %-d %B %Y}: {met} of {goal.days_per_week} days met.",
        "",
    ]
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        shown = _shown(series, values[day]) if day in values else "no value"
        lines.append(f"- {day:%A}: {shown}")
    return "\n".join(lines)


@dataclass(frozen=True)
class ShareInput:
    community: Community
    title: str
    message: str
    include_values: bool = False


def do_share_milestone(member: User, milestone: Milestone, data: ShareInput) -> Post:
    """Start a thread in one of the member's communities about the milestone, through the
    discussions' own action (its access policy, limits and notifications). Once per milestone:
    sharing again raises `AlreadyShared` naming the post."""
    if milestone.goal.member_id != member.pk:
        raise ValidationError("This is not your milestone.", code="not_yours")
    message = data.message.strip()
    refuse_nul(message, data.title)
    if not message:
        raise ValidationError({"message": "Write a few words to go with your milestone."})
    if len(message) > SHARE_MESSAGE_MAX:
        raise ValidationError({"message": f"Keep the message under {SHARE_MESSAGE_MAX:,} characters."})
    series = series_of_goals(member, [milestone.goal]).get(milestone.goal.series)
    if data.include_values and series is not None:
        message = f"{message}\n\n{values_text(member, milestone, series)}"
    with transaction.atomic():
        # Race: a double click on "Share" must start one thread, not two; the milestone row is the lock.
        # (`of=("self",)`: PostgreSQL cannot lock the nullable side of the join to the post.)
        locked = Milestone.objects.select_for_update(of=("self",)).select_related("shared_post").get(pk=milestone.pk)
        if locked.shared_post is not None and locked.shared_post.deleted_at is None:
            raise AlreadyShared(locked.shared_post)
        thread = do_create_thread(member, data.community, data.title, PostInput(source=message))
        post = Post.objects.get(thread=thread, is_first=True)
        locked.shared_post = post
        locked.save(update_fields=["shared_post"])
    milestone.shared_post = post
    return post


def shared_post_of(milestone: Milestone) -> Post | None:
    """The post the milestone was shared in, unless it has been deleted since."""
    if milestone.shared_post_id is None:
        return None
    return Post.objects.filter(pk=milestone.shared_post_id, deleted_at__isnull=True).first()
