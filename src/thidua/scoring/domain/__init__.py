"""Scoring rules as pure Python (no Django): Điều 6 quantitative scoring, scales, totals and ranking."""
