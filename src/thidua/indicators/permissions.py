"""Who may change the indicator catalogue and configure a cluster edition's data sets and targets."""

import rules

from thidua.accounts.permissions import is_emulation_office, is_system_admin, manages_edition

# Indicators, disaggregations, periods: administrators and the emulation office.
rules.add_perm("indicators.change_catalogue", is_system_admin | is_emulation_office)
# Data sets and targets of an edition (object: the edition): its secretariat or the office over its owner.
rules.add_perm("indicators.manage_edition", is_system_admin | manages_edition)
