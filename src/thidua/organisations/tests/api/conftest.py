"""The shared world (built once per module) for the organisations tests."""

from thidua.organisations.tests.services.worlds import shared_world, world

__all__ = ["shared_world", "world"]
