"""WebSocket routes of live workshops (config/asgi.py mounts them): one per audience of a workshop."""

from typing import Any

from django.urls import path

from .consumers import PeopleConsumer, ScreensConsumer

# Django's `path` is typed for views; Channels routes ASGI applications with it, as its docs show.
websocket_urlpatterns: list[Any] = [
    path("ws/workshops/<uuid:workshop_id>/screens/", ScreensConsumer.as_asgi()),  # type: ignore[arg-type]
    path("ws/workshops/<uuid:workshop_id>/people/", PeopleConsumer.as_asgi()),  # type: ignore[arg-type]
]
