"""
A person's name and their clinician badge show on their posts, so changing either drops
the kept public pages (`cryoinfo.pagecache`); so does deleting an account, which takes its
posts with it. Other saves of an account (the time of the last sign-in, a new password)
and new accounts change nothing a reader sees.

What a person may do is kept per process under their `permissions_version`
(accounts.backends): every change to their groups, their own permissions, a group's
permissions, or a group or permission deleted moves the number on for everyone it touches,
once the change is made and in its transaction.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import F, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
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


def _permissions_changed(users: Q) -> None:
    User.objects.filter(users).update(permissions_version=F("permissions_version") + 1)


def _members(groups) -> Q:
    return Q(groups__in=list(groups))


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="perms:User.groups")
@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="perms:User.perms")
def users_groups_or_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """user.groups / user.user_permissions, from either side (group.user_set, say)."""
    if action == "pre_clear" and reverse:  # who had it, before the rows go
        instance._had_it = list(instance.user_set.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove") and reverse:
        _permissions_changed(Q(pk__in=pk_set))
    elif action == "post_clear" and reverse:
        _permissions_changed(Q(pk__in=getattr(instance, "_had_it", [])))
    elif action in ("post_add", "post_remove", "post_clear"):
        _permissions_changed(Q(pk=instance.pk))


@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="perms:Group.perms")
def groups_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """group.permissions, or permission.group_set: everyone in those groups."""
    if action == "pre_clear" and reverse:
        instance._groups_before = list(instance.group_set.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        _permissions_changed(_members(pk_set if reverse else [instance.pk]))
    elif action == "post_clear":
        _permissions_changed(_members(getattr(instance, "_groups_before", [instance.pk])))


@receiver(pre_delete, sender=Group, dispatch_uid="perms:-Group")
@receiver(pre_delete, sender=Permission, dispatch_uid="perms:-Permission")
def remember_who_is_touched(sender, instance, **kwargs) -> None:
    if sender is Group:
        users = Q(groups=instance.pk)
    else:
        users = Q(user_permissions=instance.pk) | Q(groups__permissions=instance.pk)
    instance._touches = list(User.objects.filter(users).values_list("pk", flat=True).distinct())


@receiver(post_delete, sender=Group, dispatch_uid="perms:-Group-after")
@receiver(post_delete, sender=Permission, dispatch_uid="perms:-Permission-after")
def group_or_permission_deleted(sender, instance, **kwargs) -> None:
    _permissions_changed(Q(pk__in=getattr(instance, "_touches", [])))
