"""Every write to members and profiles."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction

from profiles.models import Discipline, Kern, Municipality, Profile


@transaction.atomic
def member_create(
    *,
    email: str,
    password: str | None,
    display_name: str,
    is_staff: bool = False,
    language: str = "nl",
) -> AbstractUser:
    """A member: a user who logs in with their email, and their profile."""
    User = get_user_model()
    user = User(username=email.lower(), email=email.lower(), is_staff=is_staff)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    profile_create(user=user, display_name=display_name, language=language)
    _email_address_record(user)
    return user


def _email_address_record(user: AbstractUser) -> None:
    """allauth keeps its own record of addresses; a member made here has a verified primary one."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": True}
    )


def profile_create(*, user: AbstractUser, display_name: str, language: str = "nl") -> Profile:
    profile = Profile(user=user, display_name=display_name.strip(), preferred_language=language)
    profile.full_clean(exclude=["user"])
    profile.save()
    return profile


@transaction.atomic
def profile_update(
    *,
    profile: Profile,
    municipality: Municipality | None = None,
    kern: Kern | None = None,
    disciplines: list[Discipline] | None = None,
    **fields: object,
) -> Profile:
    """Change a profile's fields; validates the whole profile before saving anything."""
    for name, value in fields.items():
        setattr(profile, name, value)
    if municipality is not None:
        profile.municipality = municipality
    if kern is not None:
        profile.kern = kern
    profile.full_clean(exclude=["user"])
    profile.save()
    if disciplines is not None:
        profile.disciplines.set(disciplines)
    return profile


def profile_set_language(*, user: AbstractUser, language: str) -> None:
    """Remember the language a member chose with the switch."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValueError(f"unsupported language {language!r}")
    Profile.objects.filter(user=user).update(preferred_language=language)
