"""Limits on joining a workshop: per browser (its device cookie) and per network address.

Anyone with the code can join without an account, so nothing can prove that two participants are two
people. These limits stop one script from filling a room with participants (`participant_join` is only
reached when both allow it), while a hall of people behind one shared address can still all join:

- per device: `WORKSHOP_JOIN_DEVICE_LIMIT` join attempts (5 by default) per `WORKSHOP_JOIN_WINDOW` seconds
  (600) for one workshop, counted by the browser's device cookie (identity.device_key). A browser that
  joined already gets its participant back, so these are only for mistakes and retries.
- per address: `WORKSHOP_JOIN_ADDRESS_LIMIT` (400 by default) per window for one workshop, counted by the
  address Django sees as REMOTE_ADDR. Behind the reverse proxy, uvicorn's `--proxy-headers
  --forwarded-allow-ips` sets it from X-Forwarded-For only when the proxy is trusted (docs/deploy.md), so a
  client cannot choose its own address. A hall of 300 on one venue network stays under it.

Counts live in Django's cache (Redis in production, shared by every process). Keys are hashes, never the
cookie or the address.
"""

import hashlib

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Workshop
from .ratelimit import RateLimited, window_count

DEVICE_TOO_MANY = _(
    "This phone or browser has tried to join this workshop too many times in the last few minutes. "
    "Wait 10 minutes and try again, or ask a facilitator for help."
)
ADDRESS_TOO_MANY = _(
    "Too many people have joined this workshop from your network in the last few minutes. "
    "Wait a few minutes and try again, or ask a facilitator for help."
)


def join_limit_hit(*, workshop: Workshop, device_key: str, address: str) -> None:
    """Count one attempt to join `workshop` from this device and address; raise RateLimited (nothing else
    changes) when either has used its share of the window."""
    per_device, per_address = settings.WORKSHOP_JOIN_DEVICE_LIMIT, settings.WORKSHOP_JOIN_ADDRESS_LIMIT
    window = int(settings.WORKSHOP_JOIN_WINDOW)
    prefix = f"workshops:join:{workshop.public_id.hex}"
    if window_count(key=f"{prefix}:device:{device_key}", window_seconds=window) > per_device:
        raise RateLimited(DEVICE_TOO_MANY, code="join_device")
    hashed = hashlib.sha256(f"{workshop.public_id}:{address}".encode()).hexdigest()[:32]
    if window_count(key=f"{prefix}:address:{hashed}", window_seconds=window) > per_address:
        raise RateLimited(ADDRESS_TOO_MANY, code="join_address")
