import pytest

from thidua.accounts.domain.roles import Role, ScopeKind, validate_assignment
from thidua.core.domain.errors import DomainError


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_held_on_the_scope_it_is_made_for(role):
    has_unit = role.scope in (ScopeKind.UNIT, ScopeKind.SUBTREE)
    has_edition = role.scope is ScopeKind.CLUSTER_EDITION
    validate_assignment(role, has_unit=has_unit, has_edition=has_edition)
    with pytest.raises(DomainError):
        validate_assignment(role, has_unit=not has_unit, has_edition=has_edition)


def test_a_secretariat_without_an_edition_is_refused_naming_the_field():
    with pytest.raises(DomainError) as caught:
        validate_assignment(Role.CLUSTER_SECRETARIAT, has_unit=False, has_edition=False)
    assert caught.value.field == "cluster_edition"


def test_every_role_has_a_vietnamese_label():
    assert Role.UNIT_OFFICER.label == "Cán bộ nhập liệu"
    assert all(role.label for role in Role)
