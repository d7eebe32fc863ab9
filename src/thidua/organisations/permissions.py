"""Who may change the organisation catalogue and the clusters."""

import rules

from thidua.accounts.permissions import is_emulation_office_over, is_system_admin

# Units, their names, parents and succession: system administrators (DESIGN.md, "Who uses it").
rules.add_perm("organisations.change_orgunit", is_system_admin)
# A cluster and its yearly editions: the emulation office over the unit that owns the cluster (object: that unit).
rules.add_perm("organisations.manage_cluster", is_system_admin | is_emulation_office_over)
