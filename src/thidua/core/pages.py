"""The landing page "Việc cần làm" and the admin flag for templates."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thidua.accounts.selectors import active_roles
from thidua.collection.selectors import awaiting_review, reports_of, unread_notifications
from thidua.indicators.selectors import current_period, periods, targets
from thidua.organisations.selectors import cluster_editions
from thidua.voting.selectors import ballots_to_vote

TODO_APPS = ("scoring", "practices", "personnel", "commendations")
"""Apps whose ``selectors.todo(user=...)`` lists (text, url) pairs of work waiting for the user."""


def app_todo(user: Any) -> list[tuple[str, str]]:
    """The other apps' work for "Việc cần làm", each one click away."""
    links: list[tuple[str, str]] = []
    for app in TODO_APPS:
        links.extend(import_module(f"thidua.{app}.selectors").todo(user=user))
    return links


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What needs me now: my roles, my units, my cluster editions of the current year, the current periods."""
    today = timezone.localdate()
    user: Any = request.user
    editions = list(cluster_editions(user=user, year=today.year)) or list(cluster_editions(user=user)[:5])
    half_year = current_period(user=user, kind="half_year", today=today)
    year = current_period(user=user, kind="year", today=today)
    todo = []
    for period in (half_year, year):
        if period is None:
            continue
        days_left = (period.end - today).days
        if 0 <= days_left <= 31:
            todo.append(f"Kỳ báo cáo «{period.name}» khóa số liệu ngày {period.end:%d/%m/%Y} (còn {days_left} ngày).")
    # Reports to fill or fix (officers, leaders), reports waiting for review (secretariat), unread notifications.
    reports_to_do = [r for r in reports_of(user=user, today=today) if r.needs_work]
    unread = unread_notifications(user=user)
    target_counts = [
        (period, targets(user=user, period=period).count()) for period in (half_year, year) if period is not None
    ]
    return render(
        request,
        "core/home.html",
        {
            "today": today,
            "roles": active_roles(user=user),
            "editions": editions,
            "half_year": half_year,
            "year_period": year,
            "recent_periods": periods(user=user).filter(kind__in=["half_year", "year"], start__lte=today)[:6],
            "todo": todo,
            "todo_links": app_todo(user),
            "ballots_to_vote": list(ballots_to_vote(user=user)),
            "target_counts": target_counts,
            "reports_to_do": reports_to_do,
            "to_review": awaiting_review(user=user),
            "unread_count": unread.count(),
            "unread": list(unread[:5]),
        },
    )
