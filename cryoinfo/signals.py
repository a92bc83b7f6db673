"""
What drops the kept public pages (`cryoinfo.pagecache`) when an indication changes. Each
app does the same for its own models, from its own services or signal receivers.
"""

from django.db.models.signals import post_delete, post_save

from .models import Indication
from .pagecache import content_changed


def _changed(sender, **kwargs) -> None:
    content_changed()


def connect() -> None:
    post_save.connect(_changed, sender=Indication, dispatch_uid="pages:Indication")
    post_delete.connect(_changed, sender=Indication, dispatch_uid="pages:-Indication")
