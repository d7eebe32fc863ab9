"""Daily: remind units whose reports are due within a few days (run from cron or a scheduler)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from thidua.collection.services import REMINDER_DAYS, deadline_reminders


class Command(BaseCommand):
    help = "Gửi thông báo nhắc hạn gửi báo cáo cho các đơn vị chưa gửi."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, default=REMINDER_DAYS, help="nhắc trước bao nhiêu ngày")

    def handle(self, *args: Any, **options: Any) -> None:
        created = deadline_reminders(days_ahead=options["days"])
        self.stdout.write(f"Đã gửi {created} thông báo nhắc hạn.")
