"""Goals: Maya sets "walking at least 20 minutes, 5 days a week" on her Walking tracker and sees
this week's progress, her run of weeks and her best; bad targets are refused with the field named
and nothing saved; ten goals at a time; she ends a goal and it moves below. Ravi gets 404 for her
goals, by GET and by POST; a visitor is sent to log in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User
from hearth.tracking import goals
from hearth.tracking.models import CheckIn, Goal, Observation, Tracker
from hearth.tracking.series import local_today

pytestmark = pytest.mark.django_db


# Shared by the other goal, milestone and reminder tests.
def walking_tracker(member: User) -> Tracker:
    return Tracker.objects.create(member=member, name="Walking", kind="number", unit="minutes")


def walk(tracker: Tracker, day: dt.date, minutes: float) -> None:
    Observation.objects.update_or_create(tracker=tracker, day=day, defaults={"value": minutes})


def walking_goal(member: User, tracker: Tracker, *, started_on: dt.date | None = None) -> Goal:
    return Goal.objects.create(
        member=member,
        series=f"tracker-{tracker.pk}",
        comparison="at_least",
        target=20,
        days_per_week=5,
        started_on=started_on or local_today(member),
    )


def weeks_ago_monday(member: User, weeks: int) -> dt.date:
    return goals.monday_of(local_today(member)) - dt.timedelta(weeks=weeks)


def test_maya_sets_a_walking_goal_and_sees_this_weeks_progress(maya: User, maya_client: Client) -> None:
    tracker = walking_tracker(maya)
    page = maya_client.get(reverse("goals"))
    assert page.status_code == 200
    assert f'<option value="tracker-{tracker.pk}">Walking (minutes)</option>' in page.content.decode()

    response = maya_client.post(
        reverse("goals"),
        {"series": f"tracker-{tracker.pk}", "comparison": "at_least", "target": "20", "days_per_week": "5"},
    )

    assert response.status_code == 302
    goal = Goal.objects.get(member=maya)
    assert (goal.target, goal.days_per_week, goal.started_on, goal.title) == (20, 5, local_today(maya), "")
    walk(tracker, local_today(maya), 25)
    page = maya_client.get(reverse("goals"))
    text = page.content.decode()
    assert "Walking at least 20 minutes, 5 days a week" in text
    assert "1 of 5 days this week" in text
    detail = maya_client.get(reverse("goal_detail", args=[goal.pk])).content.decode()
    assert "25 minutes" in detail
    assert "<caption>This week, day by day</caption>" in detail


def test_her_own_title_and_a_sleep_goal_every_day(maya: User, maya_client: Client) -> None:
    maya_client.post(
        reverse("goals"),
        {"series": "sleep", "comparison": "at_least", "target": "7", "days_per_week": "7", "title": " Rest  well "},
    )
    maya_client.post(reverse("goals"), {"series": "pain", "comparison": "at_most", "target": "3", "days_per_week": "5"})

    assert list(Goal.objects.order_by("id").values_list("title", flat=True)) == ["Rest well", ""]
    text = maya_client.get(reverse("goals")).content.decode()
    assert "Rest well" in text
    assert "Pain at most 3, 5 days a week" in text


def test_weeks_in_a_row_and_the_best_run(maya: User, maya_client: Client) -> None:
    """Three weeks met, one missed, two met, and this week not met yet: a run of 2, best 3."""
    start = weeks_ago_monday(maya, 6)
    goal = Goal.objects.create(
        member=maya, series="sleep", comparison="at_least", target=7, days_per_week=5, started_on=start
    )
    for week, nights in enumerate([5, 6, 5, 1, 5, 7]):
        for day in range(nights):
            CheckIn.objects.create(member=maya, day=start + dt.timedelta(weeks=week, days=day), sleep_hours=7.5)

    (item,) = goals.progress_of(maya, [goal])

    assert (item.current_streak, item.best_streak, item.days_met) == (2, 3, 29)
    assert item.days_this_week == 0
    assert [week.met for week in item.weeks] == [False, True, True, False, True, True, True]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"target": "2000"}, "target", "Enter a value from 0 to 1,440 minutes."),
        ({"target": "-1"}, "target", "Enter a value from 0 to 1,440 minutes."),
        ({"target": "nan"}, "target", "Enter a number."),
        ({"target": ""}, "target", "This field is required."),
        ({"days_per_week": "8"}, "days_per_week", "Select a valid choice."),
        ({"comparison": "exactly"}, "comparison", "Select a valid choice."),
        ({"series": "tracker-999999"}, "series", "Select a valid choice."),
        ({"title": "x" * 121}, "title", "Ensure this value has at most 120 characters"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_saved(
    maya: User, maya_client: Client, data: dict[str, str], field: str, message: str
) -> None:
    tracker = walking_tracker(maya)
    form = {"series": f"tracker-{tracker.pk}", "comparison": "at_least", "target": "20", "days_per_week": "5"}

    response = maya_client.post(reverse("goals"), {**form, **data})

    assert response.status_code == 200
    text = response.content.decode()
    assert "Your goal is not set yet" in text
    assert message in text
    assert f'href="#id_{field}' in text
    assert not Goal.objects.exists()


def test_the_action_refuses_what_the_form_would_not_send(maya: User, ravi: User) -> None:
    ravis = walking_tracker(ravi)
    bad = goals.GoalInput(series=f"tracker-{ravis.pk}", comparison="about", target=20, days_per_week=0, title="a\x00")
    with pytest.raises(ValidationError) as caught:
        goals.do_create_goal(maya, bad)
    assert set(caught.value.message_dict) == {"series", "comparison", "days_per_week", "title"}
    took = Tracker.objects.create(member=maya, name="Took a walk", kind="yes_no", unit="yes_no")
    with pytest.raises(ValidationError):
        goals.do_create_goal(maya, goals.GoalInput(f"tracker-{took.pk}", "at_least", 0, 5))
    assert goals.do_create_goal(maya, goals.GoalInput(f"tracker-{took.pk}", "at_least", 1, 5)).target == 1
    assert not Goal.objects.filter(member=ravi).exists()


def test_ten_goals_at_a_time(maya: User, maya_client: Client) -> None:
    for _ in range(goals.MAX_ACTIVE_GOALS):
        goals.do_create_goal(maya, goals.GoalInput("sleep", "at_least", 7, 7))

    page = maya_client.get(reverse("goals")).content.decode()
    response = maya_client.post(
        reverse("goals"), {"series": "pain", "comparison": "at_most", "target": "3", "days_per_week": "5"}
    )

    assert "the most at a time" in page
    assert "End one to set a new one." in response.content.decode()
    assert Goal.objects.count() == goals.MAX_ACTIVE_GOALS


def test_maya_ends_a_goal_and_it_moves_below(maya: User, maya_client: Client) -> None:
    goal = goals.do_create_goal(maya, goals.GoalInput("sleep", "at_least", 7, 7))

    assert maya_client.get(reverse("goal_end", args=[goal.pk])).status_code == 405
    response = maya_client.post(reverse("goal_end", args=[goal.pk]))

    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.ended_on == local_today(maya)
    text = maya_client.get(reverse("goals")).content.decode()
    assert "Ended goals" in text
    assert "You have no goal yet." in text
    assert maya_client.post(reverse("goal_end", args=[goal.pk])).status_code == 302  # again: nothing changes
    assert goals.check_milestones(maya) == []


def test_a_goal_whose_tracker_was_deleted_says_so(maya: User, maya_client: Client) -> None:
    tracker = walking_tracker(maya)
    goal = walking_goal(maya, tracker)
    tracker.delete()

    assert "tracker you deleted" in maya_client.get(reverse("goal_detail", args=[goal.pk])).content.decode()
    assert goals.check_milestones(maya) == []


def test_ravi_gets_404_for_mayas_goal(maya: User, ravi: User) -> None:
    goal = goals.do_create_goal(maya, goals.GoalInput("sleep", "at_least", 7, 7))
    client = Client()
    client.force_login(ravi)

    assert client.get(reverse("goal_detail", args=[goal.pk])).status_code == 404
    assert client.post(reverse("goal_end", args=[goal.pk])).status_code == 404
    assert "Sleep at least 7" not in client.get(reverse("goals")).content.decode()
    goal.refresh_from_db()
    assert goal.ended_on is None


def test_a_visitor_is_sent_to_log_in(maya: User) -> None:
    goal = goals.do_create_goal(maya, goals.GoalInput("sleep", "at_least", 7, 7))
    client = Client()
    for url in (reverse("goals"), reverse("goal_detail", args=[goal.pk]), reverse("check_in_reminder")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert client.post(reverse("goal_end", args=[goal.pk])).status_code == 302
    goal.refresh_from_db()
    assert goal.ended_on is None
