"""Wording rules of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I; DOMAIN.md section 7) shared by
every document the system writes: the date as the decree writes it and the «Nơi nhận» lines."""

from __future__ import annotations

from datetime import date

PLACEHOLDER = "…………"  # left blank to fill in by hand


def vietnamese_date(day: date) -> str:
    """«ngày 05 tháng 01 năm 2026»: with leading zeros, as Phụ lục I writes it."""
    return f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def recipient_lines(recipients: list[str]) -> list[str]:
    """«- Cục Công tác chính trị;» ... «- Lưu: VT.»: each ends «;», the last «.», and «Lưu: VT» is always last."""
    items = [r for r in recipients if not r.lower().startswith("lưu")]
    keep = next((r for r in recipients if r.lower().startswith("lưu")), "Lưu: VT")
    items.append(keep)
    return [f"- {item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]
