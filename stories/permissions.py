"""Who moderates: the one definition the views, the moderation desk and the admin check."""

from django.contrib.auth.decorators import login_required, permission_required

from accounts.two_factor import two_factor_required

MODERATE = "stories.moderate_story"  # the Moderators group has it (migration 0002)


def is_moderator(user) -> bool:
    return user.has_perm(MODERATE)  # False for anonymous people


def moderator_only(view):
    """
    Anonymous people go to sign in; signed-in people without the permission get 403;
    moderators without two-factor sign-in are sent to set it up.
    """
    return login_required(
        permission_required(MODERATE, raise_exception=True)(two_factor_required(view))
    )
