"""Commendation rules as pure Python (no Django): catalogue and reward money, rule sets, eligibility and caps."""
