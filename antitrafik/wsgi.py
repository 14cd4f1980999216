"""WSGI entry point (gunicorn antitrafik.wsgi).

Each server process, once Django is set up and before its first request, loads the views, compiles the templates
and builds what the apps registered (antitrafik.warm: the institutions' indicator grids), when WARM_AT_START is
on (production).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antitrafik.settings")
application = get_wsgi_application()

from antitrafik.warm import warm_at_start  # noqa: E402 - once Django is set up

warm_at_start()
