"""ASGI entry point, served in production by uvicorn (see docs/deploy.md).

HTTP goes to Django; WebSockets (live workshop updates, coproduce/workshops/routing.py) go to Channels, behind
the session's sign-in and a check that the browser's Origin is one of ALLOWED_HOSTS.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

from coproduce.core.asgi import asgi_application

# Django must be set up before anything imports models (the routing imports the consumers). Each request's
# synchronous code runs on one of ASGI_THREADS threads kept for reuse (coproduce/core/asgi.py).
django_application = asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from coproduce.workshops.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
