"""
What drops the kept public pages (`cryoinfo.pagecache`): every save or delete of something
a reader sees. A post's changes of state go through `stories.services`, which calls
`content_changed()` itself; here are the saves that can happen anywhere (the admin, a
command, an account deletion).
"""

from django.db.models.signals import post_delete, post_save

from accounts.models import ClinicianProfile, User
from posts.models import Article, Reference, TaggedArticle
from stories.models import Story, StoryQuote

from .models import Indication
from .pagecache import content_changed

# A person's name shows on their posts; other saves of an account (the time of the last
# sign-in, a new password) and new accounts change nothing a reader sees.
USER_FIELDS_SHOWN = {"display_name", "username"}


def _changed(sender, **kwargs) -> None:
    content_changed()


def _user_saved(sender, created=False, update_fields=None, **kwargs) -> None:
    if not created and (update_fields is None or USER_FIELDS_SHOWN & set(update_fields)):
        content_changed()


def connect() -> None:
    for model in (Article, Reference, TaggedArticle, Indication, StoryQuote, ClinicianProfile):
        post_save.connect(_changed, sender=model, dispatch_uid=f"pages:{model.__name__}")
    for model in (Article, Reference, TaggedArticle, Indication, StoryQuote, ClinicianProfile,
                  Story, User):  # fmt: skip
        post_delete.connect(_changed, sender=model, dispatch_uid=f"pages:-{model.__name__}")
    post_save.connect(_user_saved, sender=User, dispatch_uid="pages:User")
