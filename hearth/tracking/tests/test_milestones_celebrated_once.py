"""Milestones: Maya's walking goal reaches its first day, its first full week, then 4 weeks in a
row; each milestone is saved once however often her tracking changes, shows once as a warm
message on her goals pages, and is celebrated once with "Thanks". Checking costs one query for a
member without goals, since it runs on every check-in. Ravi gets 404 for her milestones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User
from hearth.tracking import goals
from hearth.tracking.checkins import CheckInInput, do_check_in
from hearth.tracking.models import Goal, Milestone
from hearth.tracking.series import local_today
from hearth.tracking.tests.test_goals_maya_sets_a_goal import walk, walking_goal, walking_tracker, weeks_ago_monday

pytestmark = pytest.mark.django_db


def four_good_weeks(maya: User) -> Goal:
    """Her goal started on a Monday four weeks ago; she walked 30 minutes on five days of each."""
    tracker = walking_tracker(maya)
    start = weeks_ago_monday(maya, 4)
    goal = walking_goal(maya, tracker, started_on=start)
    for week in range(4):
        for day in range(5):
            walk(tracker, start + dt.timedelta(weeks=week, days=day), 30)
    return goal


def test_checking_costs_one_query_without_goals(maya: User, django_assert_num_queries: object) -> None:
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert goals.check_milestones(maya) == []


def test_checking_stays_a_few_queries_with_goals(maya: User, django_assert_max_num_queries: object) -> None:
    four_good_weeks(maya)
    for _ in range(3):
        goals.do_create_goal(maya, goals.GoalInput("sleep", "at_least", 7, 7))
    goals.check_milestones(maya)

    with django_assert_max_num_queries(8):  # type: ignore[operator]
        assert goals.check_milestones(maya) == []


def test_four_good_weeks_reach_three_milestones_once(maya: User) -> None:
    goal = four_good_weeks(maya)
    start = goal.started_on

    made = goals.check_milestones(maya)

    assert {(m.kind, m.reached_on) for m in made} == {
        ("first_day", start),
        ("first_week", start + dt.timedelta(days=4)),
        ("streak_4", start + dt.timedelta(weeks=3, days=4)),
    }
    assert goals.check_milestones(maya) == []
    assert Milestone.objects.filter(goal=goal).count() == 3


def test_a_milestone_saved_by_another_write_meanwhile_is_not_duplicated(
    maya: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    goal = four_good_weeks(maya)
    computed = goals.reached

    def racing(days: list[dt.date], per_week: int) -> dict[str, dt.date]:
        # Another request saves one of them after we read the goals' milestones, before we write.
        Milestone.objects.create(goal=goal, kind="first_day", reached_on=goal.started_on)
        return computed(days, per_week)

    monkeypatch.setattr(goals, "reached", racing)
    made = goals.check_milestones(maya)

    assert sorted(m.kind for m in made) == ["first_week", "streak_4"]
    assert Milestone.objects.filter(goal=goal, kind="first_day").count() == 1


def test_her_check_in_reaches_the_first_day_of_her_sleep_goal(maya: User) -> None:
    goal = goals.do_create_goal(maya, goals.GoalInput("sleep", "at_least", 7, 7))

    do_check_in(maya, CheckInInput(day=local_today(maya), sleep_hours=Decimal("7.5")))
    do_check_in(maya, CheckInInput(day=local_today(maya), sleep_hours=Decimal("8")))

    assert list(Milestone.objects.filter(goal=goal).values_list("kind", flat=True)) == ["first_day"]


def test_the_celebration_shows_once_and_thanks_marks_it(maya: User, maya_client: Client) -> None:
    goal = four_good_weeks(maya)
    goals.check_milestones(maya)
    streak = Milestone.objects.get(goal=goal, kind="streak_4")

    page = maya_client.get(reverse("goals")).content.decode()

    assert 'role="status"' in page
    assert "You reached a milestone: 4 weeks in a row of walking at least 20 minutes, 5 days a week. Well done." in page
    assert "You reached a milestone: your first day of walking at least 20 minutes. Well done." in page
    assert '<span aria-hidden="true">🌟</span>' in page
    assert reverse("milestone_share", args=[streak.pk]) in page

    response = maya_client.post(reverse("milestone_celebrated", args=[streak.pk]), {"next": reverse("goals")})
    assert response.status_code == 302
    assert response["Location"] == reverse("goals")
    streak.refresh_from_db()
    first_time = streak.celebrated_at
    assert first_time is not None
    maya_client.post(reverse("milestone_celebrated", args=[streak.pk]), {"next": "https://elsewhere.example/"})
    streak.refresh_from_db()
    assert streak.celebrated_at == first_time
    assert "4 weeks in a row of walking" not in maya_client.get(reverse("goals")).content.decode()
    assert [m.kind for m in goals.uncelebrated(maya)] == ["first_day", "first_week"]


def test_the_goal_page_lists_its_milestones(maya: User, maya_client: Client) -> None:
    goal = four_good_weeks(maya)
    goals.check_milestones(maya)

    page = maya_client.get(reverse("goal_detail", args=[goal.pk])).content.decode()

    assert "4 weeks in a row, reached" in page
    assert "<caption>Recent weeks</caption>" in page


def test_the_overview_panel_has_this_weeks_progress(maya: User, ravi: User) -> None:
    from django.template.loader import render_to_string

    four_good_weeks(maya)
    context = goals.overview_context(maya)
    html = render_to_string("tracking/_goals_overview.html", context)

    assert "Walking at least 20 minutes, 5 days a week" in html
    assert "0 of 5 days this week" in html
    assert "4 weeks in a row" in html
    assert "Set a goal" in render_to_string("tracking/_goals_overview.html", goals.overview_context(ravi))


def test_a_titled_goal_is_named_in_quotes(maya: User) -> None:
    goal = four_good_weeks(maya)
    Goal.objects.filter(pk=goal.pk).update(title="Evening walks")
    goals.check_milestones(maya)

    messages = [m.message for m in goals.uncelebrated(maya)]  # type: ignore[attr-defined]

    assert "You reached a milestone: 4 weeks in a row meeting your goal “Evening walks”. Well done." in messages


def test_ravi_gets_404_for_mayas_milestones(maya: User, ravi: User) -> None:
    four_good_weeks(maya)
    goals.check_milestones(maya)
    milestone = Milestone.objects.first()
    assert milestone is not None
    client = Client()
    client.force_login(ravi)

    assert client.post(reverse("milestone_celebrated", args=[milestone.pk])).status_code == 404
    assert client.get(reverse("milestone_share", args=[milestone.pk])).status_code == 404
    assert client.post(reverse("milestone_share", args=[milestone.pk]), {"message": "x"}).status_code == 404
    assert client.get(reverse("milestone_celebrated", args=[milestone.pk])).status_code in {404, 405}
    milestone.refresh_from_db()
    assert milestone.celebrated_at is None
    assert milestone.shared_post_id is None
