"""
Accounts (django-allauth), imported by cryoinfo/settings.py. Nothing here depends on
the environment.
"""

# Accounts (django-allauth). Sign-in by e-mail or user name, both case-insensitive. A new
# account may read and write drafts at once; submitting a post for review waits until the
# e-mail address is confirmed (stories.author_views). Changing the address asks for the password
# again and keeps the old one until the new one is confirmed; the person is told by e-mail
# when their password or address changes.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignUpForm",
    "login": "accounts.forms.SignInForm",
    "add_email": "accounts.forms.AddEmailForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "CryoInfo: "
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Sign-up says plainly when an address already has an account: hiding it ("strict") needs
# mandatory confirmation before the first sign-in, and people here may read and write at
# once. Password reset and e-mail changes never tell (allauth's default).
# Counted in the shared cache. Failed sign-ins: ten per account in half an hour (an
# attacker cannot lock everyone out faster than that), thirty per connection in an hour
# (password spraying); a correct password never counts.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "30/h/ip,10/30m/key",
    "signup": "5/h/ip",
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/h/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# A second factor: an authenticator app (TOTP) or a security key or passkey (WebAuthn),
# with recovery codes for a lost phone or key.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "CryoInfo"
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
# Each sign-in is recorded for the list of signed-in browsers ("sign out everywhere else");
# tracking every request as well would cost queries on every page.
USERSESSIONS_TRACK_ACTIVITY = False
