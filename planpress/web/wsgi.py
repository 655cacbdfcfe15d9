"""The WSGI application gunicorn serves (`planpress serve`, or gunicorn planpress.web.wsgi in production)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planpress.web.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
