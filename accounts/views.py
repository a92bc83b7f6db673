import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

from .export import collect_user_data
from .forms import ClinicianForm, DeleteAccountForm, ProfileForm, SignInForm, SignUpForm
from .models import ClinicianProfile, User

SIGN_UP_RATE = "5/h"
SIGN_IN_FAILURE_RATE = "30/h"
DELETE_ATTEMPT_RATE = "10/h"
SIGN_UP_LIMITED = "Too many sign-ups from your connection. Please try again in an hour."
SIGN_IN_LIMITED = (
    "Too many unsuccessful sign-ins from your connection. Please try again in an hour, "
    "or set a new password if you have forgotten it."
)
DELETE_LIMITED = "Too many attempts. Please try again in an hour. Nothing has been deleted."


def safe_next_url(request: HttpRequest) -> str:
    """The `next` address from the form or query, if it stays on this site; else ''."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


@sensitive_post_parameters("password1", "password2")
@ratelimit(key="ip", rate=SIGN_UP_RATE, method="POST", block=False)
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    next_url = safe_next_url(request)
    context = {"next": next_url}
    if request.method == "POST":
        if request.limited:
            # Check nothing, not even whether the address is taken: the limit also slows
            # anyone using this form to find out who has an account.
            form = SignUpForm(
                initial={k: request.POST.get(k, "") for k in ("email", "display_name")}
            )
            context.update(form=form, rate_limit_error=SIGN_UP_LIMITED)
            return render(request, "accounts/signup.html", context, status=429)
        form = SignUpForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    user = form.save()
            except IntegrityError:
                # Someone took the address or name between our check and the save.
                form.add_error(None, "Please try again.")
            else:
                login(request, user, backend="accounts.backends.EmailOrUsernameBackend")
                messages.success(request, f"Welcome to CryoInfo, {user.display_name}.")
                return redirect(next_url or "home")
    else:
        form = SignUpForm()
    context["form"] = form
    return render(request, "accounts/signup.html", context)


def _sign_in_failures(request: HttpRequest, *, increment: bool) -> dict | None:
    return get_usage(
        request,
        group="accounts.sign_in_failures",
        key="ip",
        rate=SIGN_IN_FAILURE_RATE,
        method="POST",
        increment=increment,
    )


class SignInView(auth_views.LoginView):
    """Django's sign-in with our form, and a limit on failed sign-ins per address.

    django-axes locks one account after ten wrong passwords; this limit stops one address
    trying a few common passwords against many accounts (password spraying). Only failures
    count, so people behind one busy connection who sign in correctly are never slowed.
    """

    authentication_form = SignInForm

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        usage = _sign_in_failures(request, increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            # Not even the right password gets through, or the limit would leak it.
            form = self.get_form_class()(
                request, initial={"username": request.POST.get("username", "")}
            )
            context = self.get_context_data(form=form, rate_limit_error=SIGN_IN_LIMITED)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form) -> HttpResponse:
        _sign_in_failures(self.request, increment=True)
        return super().form_invalid(form)


@login_required
@never_cache
def profile(request: HttpRequest) -> HttpResponse:
    # A separate copy: a refused form must not leave its values on request.user.
    account = User.objects.get(pk=request.user.pk)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=account)
        if form.is_valid():
            form.save()
            messages.success(request, "Your profile has been saved.")
            return redirect("accounts:profile")
    else:
        form = ProfileForm(instance=account)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "clinician_profile": ClinicianProfile.objects.filter(user=account).first(),
        },
    )


@login_required
@require_GET
@never_cache
def export_data(request: HttpRequest) -> HttpResponse:
    data = collect_user_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="cryoinfo-my-data.json"'
    return response


@login_required
@never_cache
@sensitive_post_parameters("password")
@ratelimit(key="user", rate=DELETE_ATTEMPT_RATE, method="POST", block=False)
def delete_account(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_superuser:
        # The site must never lose its last administrator by a click; another admin can.
        messages.error(
            request,
            "Administrator accounts cannot be deleted here. Ask another administrator to "
            "remove yours in the admin.",
        )
        return redirect("accounts:profile")
    context = {}
    if request.method == "POST":
        if request.limited:
            # The password field would otherwise let a borrowed session guess the password.
            context["rate_limit_error"] = DELETE_LIMITED
            context["form"] = DeleteAccountForm(user)
            return render(request, "accounts/delete_account.html", context, status=429)
        form = DeleteAccountForm(user, request.POST)
        if form.is_valid():
            with transaction.atomic():
                user.delete()
            logout(request)
            messages.success(request, "Your account and everything you posted have been deleted.")
            return redirect("home")
    else:
        form = DeleteAccountForm(user)
    context["form"] = form
    return render(request, "accounts/delete_account.html", context)


@login_required
@never_cache
def clinician(request: HttpRequest) -> HttpResponse:
    application = ClinicianProfile.objects.filter(user=request.user).first()
    if application and application.status == ClinicianProfile.Status.VERIFIED:
        if request.method == "POST":
            messages.info(
                request,
                "Your details are verified, so they cannot be changed here. Write to us if "
                "something has changed.",
            )
            return redirect("accounts:clinician")
        return render(request, "accounts/clinician.html", {"application": application})

    if request.method == "POST":
        form = ClinicianForm(request.POST, instance=application)
        if form.is_valid():
            application = form.save(commit=False)
            application.user = request.user
            application.resubmit()
            try:
                with transaction.atomic():
                    application.save()
            except IntegrityError:
                # A second click sent the first application twice; the first one counts.
                return redirect("accounts:clinician")
            messages.success(
                request,
                "Thank you. Your application is waiting for review; we will check your "
                "registration and show the result here.",
            )
            return redirect("accounts:clinician")
    else:
        form = ClinicianForm(instance=application)
    return render(request, "accounts/clinician.html", {"application": application, "form": form})


# Password-reset e-mails, limited per address and per e-mail so the form cannot be used to
# flood someone's inbox. Over a limit, django-ratelimit shows the 429 page and sends nothing.
password_reset = ratelimit(key="post:email", rate="3/h", method="POST", block=True)(
    ratelimit(key="ip", rate="10/h", method="POST", block=True)(
        auth_views.PasswordResetView.as_view()
    )
)
