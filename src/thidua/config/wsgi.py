"""WSGI entry point for gunicorn (``thidua serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.config.settings")
application = get_wsgi_application()
