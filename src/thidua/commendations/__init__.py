"""Commendations (khen thưởng): titles, rule sets, eligibility, caps and reward money (DOMAIN.md section 5)."""
