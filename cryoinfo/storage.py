"""
Where private files (photos on community posts) are kept.

Settings choose the place as the storage alias "private" in STORAGES: a folder outside
MEDIA_ROOT by default, or a private S3 bucket or prefix when DJANGO_S3_BUCKET is set (see
cryoinfo/settings_storage.py). Either way no URL leads to them: only views that check who is asking
read them and send them on (`stories:photo`).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible

PRIVATE_STORAGE_ALIAS = "private"
NO_URL = "Private files are served by a view, not by URL."


@deconstructible
class PrivateFileSystemStorage(FileSystemStorage):
    """The default private storage: the folder PRIVATE_MEDIA_ROOT, never served directly."""

    def __init__(self):
        super().__init__(base_url=None)

    # Read on every use rather than once, so a test that points PRIVATE_MEDIA_ROOT at a
    # temporary folder is obeyed.
    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NotImplementedError(NO_URL)


@deconstructible(path="cryoinfo.storage.PrivateMediaStorage")
class PrivateMediaStorage:
    """
    What private file fields name as their storage: a stand-in that passes every call to
    STORAGES["private"], looked up on each use.

    Fields (and so migrations) name this stand-in rather than a backend, so where the files
    live is a deployment setting, not part of the schema, and a test that changes STORAGES
    is obeyed. It never gives a URL, whatever the backend would do.
    """

    def __getattr__(self, name):
        if name.startswith("__"):  # copy and pickle look for these; they are not delegated
            raise AttributeError(name)
        return getattr(storages[PRIVATE_STORAGE_ALIAS], name)

    def url(self, name):
        raise NotImplementedError(NO_URL)
