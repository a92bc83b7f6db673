import re

import pyotp
import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from accounts.models import ClinicianProfile, User
from accounts.two_factor import has_two_factor
from pages.management.commands.seed_demo import DEMO_TOTP_SECRET
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CLINICIAN_URL = reverse("accounts:clinician")
ADMIN_LIST_URL = reverse("admin:accounts_clinicianprofile_changelist")


def application(**overrides) -> dict:
    data = {
        "specialty": "Urology",
        "registration_number": "GMC-7654321",
        "institution": "General Hospital",
        "conflicts_of_interest": "None",
    }
    data.update(overrides)
    return data


def make_application(user, **fields) -> ClinicianProfile:
    return ClinicianProfile.objects.create(user=user, **{**application(), **fields})


# The model


def test_is_verified_clinician_without_and_with_a_profile(alice, admin):
    assert alice.is_verified_clinician is False

    profile = make_application(alice)
    alice = User.objects.get(pk=alice.pk)
    assert alice.is_verified_clinician is False

    profile.verify(by=admin)
    alice = User.objects.get(pk=alice.pk)
    assert alice.is_verified_clinician is True


def test_is_verified_clinician_costs_no_query_when_selected_with_the_user(
    dr_dee, alice, django_assert_num_queries
):
    people = list(User.objects.select_related("clinician_profile").order_by("username"))

    with django_assert_num_queries(0):
        flags = {person.username: person.is_verified_clinician for person in people}

    assert flags == {"admin": False, "alice": False, "dee": True}


def test_verify_and_reject_record_the_decision(alice, admin):
    profile = make_application(alice)

    profile.reject(by=admin, note="We could not find this number on the register.")
    profile.refresh_from_db()

    assert profile.status == ClinicianProfile.Status.REJECTED
    assert profile.decided_by == admin
    assert profile.decided_at is not None
    assert profile.admin_note == "We could not find this number on the register."
    assert str(profile) == "Alice: Urology (Not verified)"

    profile.verify(by=admin)
    profile.refresh_from_db()

    assert profile.status == ClinicianProfile.Status.VERIFIED


def test_a_decision_must_have_a_time(alice):
    with pytest.raises(IntegrityError):
        make_application(alice, status=ClinicianProfile.Status.VERIFIED)


def test_two_accounts_cannot_share_an_email_in_any_case(alice):
    with pytest.raises(IntegrityError):
        UserFactory(username="alice2", email="ALICE@example.org")


def test_accounts_without_an_email_do_not_clash(db):
    UserFactory(username="one", email="")
    UserFactory(username="two", email="")

    assert User.objects.filter(email="").count() == 2


# The applicant's page


def test_applying_creates_a_pending_application(client, alice):
    client.force_login(alice)

    response = client.post(CLINICIAN_URL, application(), follow=True)

    profile = ClinicianProfile.objects.get()
    assert profile.user == alice
    assert profile.status == ClinicianProfile.Status.PENDING
    assert profile.decided_at is None
    assert profile.registration_number == "GMC-7654321"
    assert "Your application is waiting for review" in response.content.decode()
    assert "Status: <strong>Waiting for review</strong>" in response.content.decode()


def test_the_form_never_takes_the_status_or_the_decision(client, alice, bob):
    client.force_login(alice)

    client.post(CLINICIAN_URL, application(status="verified", decided_by=bob.pk, user=bob.pk))

    profile = ClinicianProfile.objects.get()
    assert (profile.user, profile.status, profile.decided_by) == (alice, "pending", None)


def test_conflicts_of_interest_must_be_answered(client, alice):
    client.force_login(alice)

    response = client.post(CLINICIAN_URL, application(conflicts_of_interest=" "))

    assert response.context["form"].errors["conflicts_of_interest"]
    assert not ClinicianProfile.objects.exists()


def test_a_rejected_applicant_can_update_and_goes_back_to_pending(client, alice, admin):
    profile = make_application(alice)
    profile.reject(by=admin, note="Please give your full GMC number.")
    client.force_login(alice)

    page = client.get(CLINICIAN_URL).content.decode()
    client.post(CLINICIAN_URL, application(registration_number="GMC-7654321-A"))

    assert "Note from CryoInfo: Please give your full GMC number." in page
    assert "Send updated application" in page
    profile.refresh_from_db()
    assert profile.status == ClinicianProfile.Status.PENDING
    assert profile.registration_number == "GMC-7654321-A"
    assert profile.decided_at is None and profile.decided_by is None
    assert ClinicianProfile.objects.count() == 1


def test_a_verified_clinician_sees_their_details_read_only(client, dr_dee):
    client.force_login(dr_dee)

    html = client.get(CLINICIAN_URL).content.decode()
    client.post(CLINICIAN_URL, application(registration_number="CHANGED"))

    assert "Status: <strong>Verified clinician</strong>" in html
    assert "GMC-1234567" in html
    assert "<form" not in html.split("<main", 1)[1]
    assert dr_dee.clinician_profile.registration_number == "GMC-1234567"
    dr_dee.clinician_profile.refresh_from_db()
    assert dr_dee.clinician_profile.registration_number == "GMC-1234567"
    assert dr_dee.clinician_profile.status == ClinicianProfile.Status.VERIFIED


def test_one_person_never_sees_anothers_application(client, dr_dee, bob):
    client.force_login(bob)

    html = client.get(CLINICIAN_URL).content.decode()

    assert "GMC-1234567" not in html
    assert "Apply" in html


# The admin


def test_admin_verify_action_verifies_and_records_who(client, alice, bob, admin):
    first, second = make_application(alice), make_application(bob)
    client.force_login(admin)

    response = client.post(
        ADMIN_LIST_URL, {"action": "verify_selected", "_selected_action": [first.pk, second.pk]}
    )

    assert response.status_code == 302
    for profile in (first, second):
        profile.refresh_from_db()
        assert profile.status == ClinicianProfile.Status.VERIFIED
        assert profile.decided_by == admin
        assert profile.decided_at <= timezone.now()
    assert User.objects.get(pk=alice.pk).is_verified_clinician is True


def test_admin_reject_action_keeps_the_note(client, alice, admin):
    profile = make_application(alice, admin_note="Registration lapsed in 2024.")
    client.force_login(admin)

    client.post(ADMIN_LIST_URL, {"action": "reject_selected", "_selected_action": [profile.pk]})

    profile.refresh_from_db()
    assert profile.status == ClinicianProfile.Status.REJECTED
    assert profile.decided_by == admin
    assert profile.admin_note == "Registration lapsed in 2024."


def test_admin_lists_filters_and_searches_applications(client, alice, dr_dee, admin):
    make_application(alice)
    client.force_login(admin)

    pending = client.get(ADMIN_LIST_URL, {"status": "pending"})
    found = client.get(ADMIN_LIST_URL, {"q": "GMC-1234567"})

    assert [p.user for p in pending.context["cl"].result_list] == [alice]
    assert [p.user for p in found.context["cl"].result_list] == [dr_dee]


def test_admin_status_is_changed_only_by_the_actions(client, dr_dee, admin):
    client.force_login(admin)
    url = reverse("admin:accounts_clinicianprofile_change", args=[dr_dee.clinician_profile.pk])

    form = client.get(url).context["adminform"].form

    assert "status" not in form.fields
    assert "decided_by" not in form.fields


def test_user_admin_shows_the_clinician_profile_inline(client, dr_dee, admin):
    client.force_login(admin)

    html = client.get(reverse("admin:accounts_user_change", args=[dr_dee.pk])).content.decode()

    assert 'name="clinician_profile-TOTAL_FORMS"' in html
    assert "GMC-1234567" in html


def test_editors_without_permission_cannot_verify(client, alice, editor):
    profile = make_application(alice)
    client.force_login(editor)

    response = client.post(
        ADMIN_LIST_URL, {"action": "verify_selected", "_selected_action": [profile.pk]}
    )

    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.status == ClinicianProfile.Status.PENDING


# Demo data


def test_seed_demo_makes_the_demo_doctor_a_verified_clinician(settings):
    settings.DEBUG = True

    call_command("seed_demo")
    call_command("seed_demo")

    doctor = User.objects.select_related("clinician_profile").get(username="doctor")
    assert doctor.is_verified_clinician
    profile = doctor.clinician_profile
    assert (
        profile.specialty,
        profile.registration_number,
        profile.institution,
        profile.conflicts_of_interest,
    ) == (
        "Interventional radiology",
        "DEMO-0000",
        "Demo Hospital (fictional)",
        "None (demo account)",
    )
    assert profile.decided_by.username == "admin"
    # With the two other demo clinicians, who write insights and respond to stories.
    assert ClinicianProfile.objects.filter(status=ClinicianProfile.Status.VERIFIED).count() == 3


def test_seed_demo_confirms_the_demo_addresses_and_gives_staff_a_second_step(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    call_command("demo_code")

    users = User.objects.in_bulk(["admin", "moderator", "patient", "doctor"], field_name="username")
    assert {u: has_two_factor(users[u]) for u in users} == {
        "admin": True, "moderator": True, "patient": False, "doctor": True  # the reviewer
    }  # fmt: skip
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 4
    code = re.search(r": (\d{6}) ", capsys.readouterr().out)[1]
    assert pyotp.TOTP(DEMO_TOTP_SECRET).verify(code, valid_window=1)
