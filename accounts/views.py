import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from .emails import has_confirmed_email
from .export import collect_user_data
from .forms import ClinicianForm, DeleteAccountForm, ProfileForm
from .models import ClinicianProfile, User
from .two_factor import has_two_factor

DELETE_ATTEMPT_RATE = "10/h"
DELETE_LIMITED = "Too many attempts. Please try again in an hour. Nothing has been deleted."


@require_http_methods(["GET", "HEAD", "POST"])
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
            "email_confirmed": has_confirmed_email(account),
            "two_factor": has_two_factor(account),
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


@require_http_methods(["GET", "HEAD", "POST"])
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


@require_http_methods(["GET", "HEAD", "POST"])
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

    if request.method == "POST" and not has_confirmed_email(request.user):
        messages.error(
            request,
            "Please confirm your e-mail address before applying, so that we can reach you "
            "about your application. Your details were not sent.",
        )
        form = ClinicianForm(request.POST, instance=application)
        return render(
            request, "accounts/clinician.html", {"application": application, "form": form}
        )
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
