"""Test settings with the voting app installed, until ``thidua.voting`` is in the project's INSTALLED_APPS.

``DJANGO_SETTINGS_MODULE=thidua.voting.tests.settings python -m pytest src/thidua/voting``
"""

from thidua.config.settings_test import *  # noqa: F403

if "thidua.voting" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "thidua.voting"]  # noqa: F405
ROOT_URLCONF = "thidua.voting.tests.urls"
