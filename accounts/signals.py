"""
A person's name and their clinician badge show on their posts, so changing either drops
the kept public pages (`cryoinfo.pagecache`); so does deleting an account, which takes its
posts with it. Other saves of an account (the time of the last sign-in, a new password)
and new accounts change nothing a reader sees.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cryoinfo.pagecache import content_changed

from .models import ClinicianProfile, User

USER_FIELDS_SHOWN = {"display_name", "username"}


@receiver(post_save, sender=User, dispatch_uid="pages:User")
def user_saved(sender, created=False, update_fields=None, **kwargs) -> None:
    if not created and (update_fields is None or USER_FIELDS_SHOWN & set(update_fields)):
        content_changed()


@receiver(post_delete, sender=User, dispatch_uid="pages:-User")
@receiver(post_save, sender=ClinicianProfile, dispatch_uid="pages:ClinicianProfile")
@receiver(post_delete, sender=ClinicianProfile, dispatch_uid="pages:-ClinicianProfile")
def shown_on_posts_changed(sender, **kwargs) -> None:
    content_changed()
