"""Every write to members and profiles."""

from __future__ import annotations

from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.urls import reverse

from cmij.images import attach, delete_with_widths, photo_jpeg
from cmij.models import FailedEmail
from cmij.text import markdown_html
from notifications.models import Notification
from notifications.services import notify
from profiles import permissions, registry
from profiles.models import Discipline, Message, Profile
from profiles.search import search_text_of
from realtime import control, names


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
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": True}
    )


def profile_create(*, user: AbstractUser, display_name: str, language: str = "nl") -> Profile:
    profile = Profile(user=user, display_name=display_name.strip(), preferred_language=language)
    _derive(profile)
    profile.full_clean(exclude=["user"])
    profile.save()
    return profile


@transaction.atomic
def profile_update(
    *,
    profile: Profile,
    disciplines: list[Discipline] | None = None,
    photo: File | bool | None = None,
    **fields: object,
) -> Profile:
    """Change the given fields (None clears a municipality or village); validates the whole profile,
    and a new photo, before saving anything. `photo`: an upload to use, False to remove it, None to
    keep it; `disciplines`: None keeps them."""
    jpeg = photo_jpeg(photo) if photo else None
    for name, value in fields.items():
        if name not in EDITABLE:
            raise TypeError(f"profile_update cannot change {name!r}")
        setattr(profile, name, value.strip() if isinstance(value, str) else value)
    _derive(profile)
    profile.full_clean(exclude=["user"])
    profile.save()
    if disciplines is not None:
        profile.disciplines.set(disciplines)
    if jpeg is not None:
        _photo_store(profile, jpeg)
    elif photo is False:
        photo_remove(profile=profile)
    return profile


EDITABLE = {
    "display_name", "municipality", "kern", "level", "stage", "pay", "bio", "website", "links",
    "organisations", "helps_with", "looking_for", "open_to_collaboration", "public", "show_email",
}  # fmt: skip


def _derive(profile: Profile) -> None:
    """What the profile keeps about itself: the rendered bio and the text a search looks through."""
    profile.bio_html = markdown_html(profile.bio)
    profile.search_text = search_text_of(
        display_name=profile.display_name,
        bio=profile.bio,
        organisations=list(profile.organisations),
        helps_with=list(profile.helps_with),
        looking_for=list(profile.looking_for),
    )


# --- the photo ------------------------------------------------------------------------------------


@transaction.atomic
def photo_set(*, profile: Profile, upload: File) -> Profile:
    """Check an uploaded photo (size, a real image of an allowed type), make it at most 800 px on
    its longest side as a JPEG without its metadata, and store it under MEDIA. The old one goes."""
    _photo_store(profile, photo_jpeg(upload))
    return profile


def _photo_store(profile: Profile, jpeg: bytes) -> None:
    """The photo and its widths (cmij.images) stored; the old one and its widths go after the commit."""
    old, old_width = profile.photo.name, profile.photo_width
    profile.photo_width, profile.photo_height = attach(profile.photo, jpeg)
    profile.save(update_fields=["photo", "photo_width", "photo_height", "updated_at"])
    if old:
        transaction.on_commit(partial(delete_with_widths, old, old_width))


@transaction.atomic
def photo_remove(*, profile: Profile) -> Profile:
    old, old_width = profile.photo.name, profile.photo_width
    if old:
        profile.photo = ""
        profile.photo_width = profile.photo_height = None
        profile.save(update_fields=["photo", "photo_width", "photo_height", "updated_at"])
        transaction.on_commit(partial(delete_with_widths, old, old_width))
    return profile


# --- "Neem contact op" ----------------------------------------------------------------------------


@transaction.atomic
def message_send(*, sender: AbstractUser, recipient: AbstractUser, body: str) -> Message:
    """A message to a member through the platform; they are notified (bell, and email as they chose)."""
    if not permissions.can_contact(sender, recipient):
        raise PermissionDenied
    message = Message(sender=sender, recipient=recipient, body=body.strip())
    message.full_clean()
    message.save()
    notify(
        recipients=get_user_model().objects.filter(pk=recipient.pk).values("pk"),
        kind=Notification.Kind.MESSAGE,
        actor=sender,
        url=f"{reverse('profiles:messages')}#bericht-{message.pk}",
    )
    return message


# --- your data, and leaving ---------------------------------------------------------------------


@transaction.atomic
def member_delete(*, user: AbstractUser) -> None:
    """Delete an account. Ideas on past boards stay, without a name; votes stay counted; callouts,
    responses, messages, follows and notifications go with the account. Open sockets are closed.

    What each app holds about the member goes or stays without the link, as the app said
    (profiles/registry.py's `personal_data`: the link's on_delete, after its `deleting`); then what
    else the apps do (`member_deleting`: a name typed by hand in a summary or a report-back becomes a
    review item for its editors)."""
    photo = user.profile.photo.name if hasattr(user, "profile") else ""
    for held in registry.personal_data:
        if held.deleting is not None:
            held.deleting(user=user)
    for forget in registry.member_deleting:
        forget(user=user)
    # The organisers' list of emails that did not arrive holds the address, not the account.
    FailedEmail.objects.filter(recipient__iexact=user.email).delete()
    control.close_sockets_on_commit(names.user_group(user.pk), code=control.CLOSE_STAY_AWAY)
    user.delete()
    if photo:
        transaction.on_commit(partial(default_storage.delete, photo))


@transaction.atomic
def member_deactivate(*, user: AbstractUser, by: AbstractUser) -> None:
    """An organiser switches an account off: it cannot log in, and is gone from the directory."""
    if not by.is_staff:
        raise PermissionDenied
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    member_rights_changed(user=user)


def member_rights_changed(*, user: AbstractUser) -> None:
    """An account's rights changed (switched off or on again, organiser or no longer): every socket
    of the person follows once this commits. Switched off, they are closed with 4008 (stay away);
    otherwise each re-checks what it may follow (a board socket moves to the audience the person
    still has, a site socket drops a subscription it may no longer hold)."""
    if not user.is_active:
        control.close_sockets_on_commit(names.user_group(user.pk), code=control.CLOSE_STAY_AWAY)
    else:
        control.recheck_roles_on_commit(names.user_group(user.pk))


@transaction.atomic
def disciplines_merge(*, keep: Discipline, others: list[Discipline]) -> Discipline:
    """Merge duplicate disciplines into one: profiles move to `keep` here; callouts, follows and events
    move in the apps that hold them (profiles/registry.py), in the same transaction."""
    other_ids = [other.pk for other in others if other.pk != keep.pk]
    discipline_links_move(
        through=Profile.disciplines.through, owner="profile_id", keep_id=keep.pk, other_ids=other_ids
    )
    for merge in registry.disciplines_merging:
        merge(keep_id=keep.pk, other_ids=other_ids)
    Discipline.objects.filter(pk__in=other_ids).delete()
    return keep


def discipline_links_move(
    *, through: type[models.Model], owner: str, keep_id: int, other_ids: list[int]
) -> None:
    """Move the rows of a many-to-many to disciplines from the others to `keep_id`; an owner that had
    both keeps one row."""
    already = set(through.objects.filter(discipline_id=keep_id).values_list(owner, flat=True))
    rows = through.objects.filter(discipline_id__in=other_ids)
    moving = {getattr(row, owner) for row in rows} - already
    through.objects.bulk_create([through(**{owner: pk, "discipline_id": keep_id}) for pk in moving])
    rows.delete()


def profile_set_language(*, user: AbstractUser, language: str) -> None:
    """Remember the language a member chose with the switch."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValueError(f"unsupported language {language!r}")
    Profile.objects.filter(user=user).update(preferred_language=language)
