"""
Where uploads go, for cryoinfo/settings.py's STORAGES.

Uploads must be seen by every app instance. By default they go to MEDIA_ROOT and
PRIVATE_MEDIA_ROOT (one machine, or a folder all machines mount); with DJANGO_S3_BUCKET
set, to S3-compatible object storage: public media under media/ in that bucket, linked to
directly, and private photos under private/ in DJANGO_S3_PRIVATE_BUCKET (the same bucket if
unset), which no URL reaches: the app reads them and sends them on (cryoinfo/storage.py).
"""

from cryoinfo.env import env_str


def media_storages() -> tuple[dict, dict]:
    """The storages of public media and of private photos, from the environment."""
    bucket = env_str("DJANGO_S3_BUCKET")
    if not bucket:
        return (
            {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            {"BACKEND": "cryoinfo.storage.PrivateFileSystemStorage"},
        )
    s3_options = {
        # Empty means boto3's own search: AWS_* variables, ~/.aws, the machine's role.
        name: value
        for name, value in {
            "endpoint_url": env_str("DJANGO_S3_ENDPOINT_URL"),
            "region_name": env_str("DJANGO_S3_REGION"),
            "access_key": env_str("DJANGO_S3_ACCESS_KEY_ID"),
            "secret_key": env_str("DJANGO_S3_SECRET_ACCESS_KEY"),
        }.items()
        if value
    }
    # Objects get the bucket's own access rules, never a per-object public ACL (buckets
    # with ACLs disabled refuse those), and a second upload with a name already taken is
    # stored under another name instead of replacing the first.
    s3_options.update(default_acl=None, file_overwrite=False)
    public_media = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **s3_options,
            "bucket_name": bucket,
            "location": "media",
            # Plain, lasting links: they are written into articles and cached pages.
            "querystring_auth": False,
            "custom_domain": env_str("DJANGO_S3_CUSTOM_DOMAIN") or None,
        },
    }
    private_media = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **s3_options,
            "bucket_name": env_str("DJANGO_S3_PRIVATE_BUCKET") or bucket,
            "location": "private",
        },
    }
    return public_media, private_media
