"""Every write to the UIT-agenda: members' events with approval, and campaigns.

An event is submitted by a member (pending), approved or refused by an organiser (the submitter
hears either way), edited by its submitter or an organiser (a published one stays published and its
`sequence` rises, so calendar apps take the change) and cancelled (it keeps its page, shown as
cancelled, and is sent to calendars with STATUS:CANCELLED).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda import permissions
from agenda.models import Campaign, Event, Source
from archive.models import Topic
from cmij.images import ALT_REQUIRED, image_checked, photo_jpeg, set_image
from cmij.text import markdown_html, single_line
from notifications.models import Notification
from notifications.services import notify
from profiles.models import Discipline
from profiles.services import discipline_links_move

#: How far ahead an event may be.
LONGEST_AHEAD = timedelta(days=2 * 365)

#: Fields event_submit and event_update set from keyword arguments.
EDITABLE = {
    "title", "description", "starts_at", "ends_at", "venue", "address", "municipality", "kern",
    "free", "price", "link", "maker_names", "image_alt",
}  # fmt: skip
#: Text that stands on one line: in pages, in a calendar's SUMMARY and LOCATION.
SINGLE_LINE = ("title", "venue", "address", "price", "maker_names", "image_alt")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# --- services ---------------------------------------------------------------------------------------


@transaction.atomic
def event_submit(
    *,
    by: AbstractBaseUser,
    image: File | None = None,
    makers: Iterable[AbstractBaseUser] = (),
    disciplines: Iterable[Discipline] = (),
    campaigns: Iterable[Campaign] = (),
    topics: Iterable[Topic] = (),
    **fields: object,
) -> Event:
    """A member submits an event; it waits for an organiser, and the organisers hear of it.

    Everything is validated (the image too) before anything is stored."""
    if not permissions.can_submit_event(by):
        raise PermissionDenied
    campaigns = list(campaigns)
    if campaigns and not permissions.can_set_campaigns(by):
        raise PermissionDenied
    event = Event(submitted_by=by, status=Event.Status.PENDING)
    _assign(event, fields)
    set_image(event, _validate(event, image=image, new=True))
    event.save()
    event.makers.set(list(makers))
    event.disciplines.set(list(disciplines))
    event.campaigns.set(campaigns)
    event.topics.set(list(topics))
    _tell_organisers(event, by)
    return event


@transaction.atomic
def event_update(
    *,
    event: Event,
    by: AbstractBaseUser,
    image: File | bool | None = None,
    makers: Iterable[AbstractBaseUser] | None = None,
    disciplines: Iterable[Discipline] | None = None,
    campaigns: Iterable[Campaign] | None = None,
    topics: Iterable[Topic] | None = None,
    **fields: object,
) -> Event:
    """The submitter or an organiser edits an event. `image`: an upload to use, False to remove it,
    None to keep it; a relation given as None is kept.

    A published event stays published; a refused one edited by its submitter goes back to the
    queue. `sequence` rises, so calendar apps take the change."""
    event = _lock(event)
    if not permissions.can_edit_event(by, event):
        raise PermissionDenied
    if campaigns is not None and not permissions.can_set_campaigns(by):
        raise PermissionDenied
    _assign(event, fields)
    jpeg = _validate(event, image=image or None, removing=image is False, new=False)
    set_image(event, jpeg, remove=image is False)
    resubmitted = event.status == Event.Status.REFUSED and permissions.is_event_submitter(by, event)
    if resubmitted:
        event.status = Event.Status.PENDING
        event.refused_reason = ""
    event.sequence += 1
    # An organiser's edit of a partner's event stays: fetches no longer change its content.
    event.edited_locally = event.is_imported
    event.save()
    for relation, values in (
        (event.makers, makers),
        (event.disciplines, disciplines),
        (event.campaigns, campaigns),
        (event.topics, topics),
    ):
        if values is not None:
            relation.set(list(values))
    if resubmitted:
        _tell_organisers(event, by)
    return event


@transaction.atomic
def event_approve(
    *, event: Event, by: AbstractBaseUser, campaigns: Iterable[Campaign] | None = None
) -> Event:
    """An organiser publishes an event (and may tag it with campaigns); the submitter hears of it.
    A partner's repeating series is approved at once: every occurrence still waiting."""
    if not permissions.can_review_events(by):
        raise PermissionDenied
    event = _lock(event)
    if campaigns is not None:
        event.campaigns.set(list(campaigns))
    if event.is_imported:
        Event.objects.filter(
            source_id=event.source_id, source_uid=event.source_uid, status=Event.Status.PENDING
        ).exclude(pk=event.pk).update(status=Event.Status.PUBLISHED, updated_at=timezone.now())
    if event.status == Event.Status.PUBLISHED:
        return event
    event.status = Event.Status.PUBLISHED
    event.refused_reason = ""
    event.save(update_fields=["status", "refused_reason", "updated_at"])
    _tell_submitter(event, by, Notification.Kind.EVENT_PUBLISHED)
    return event


@transaction.atomic
def event_refuse(*, event: Event, by: AbstractBaseUser, reason: str) -> Event:
    """An organiser does not publish an event, and says why; the submitter sees the reason."""
    if not permissions.can_review_events(by):
        raise PermissionDenied
    event = _lock(event)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the submitter understands.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    if event.status != Event.Status.PENDING:
        raise ValidationError(_("Only an event that waits for approval can be refused."))
    event.status = Event.Status.REFUSED
    event.refused_reason = reason
    event.save(update_fields=["status", "refused_reason", "updated_at"])
    _tell_submitter(event, by, Notification.Kind.EVENT_REFUSED, detail=reason)
    return event


@transaction.atomic
def event_cancel(*, event: Event, by: AbstractBaseUser) -> Event:
    """The event does not happen: it keeps its page, shown as cancelled, and calendars hear of it."""
    event = _lock(event)
    if not permissions.can_edit_event(by, event):
        raise PermissionDenied
    if event.is_cancelled:
        return event
    event.cancelled_at = timezone.now()
    event.sequence += 1
    event.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    return event


def campaign_render(campaign: Campaign) -> Campaign:
    """What a campaign keeps about itself: its text as sanitised HTML."""
    campaign.text_html = markdown_html(campaign.text)
    return campaign


def campaign_check(*, campaign: Campaign, image: File | bool | None = None) -> bytes | None:
    """Every check of a campaign's image at once, by field (the admin's form shows them); the upload
    made ready to store. `image` as campaign_save takes it."""
    jpeg, errors = image_checked(campaign, image)
    if errors:
        raise ValidationError(errors)
    return jpeg


@transaction.atomic
def campaign_save(*, campaign: Campaign, image: File | bool | None = None) -> Campaign:
    """An organiser saves a campaign (in the admin): its text rendered, its image checked and stored
    in its widths (cmij.images). `image`: an upload to use, False to remove it, None to keep it."""
    jpeg = campaign_check(campaign=campaign, image=image)
    campaign.image_alt = campaign.image_alt.strip()
    set_image(campaign, jpeg, remove=image is False)
    campaign_render(campaign).save()
    return campaign


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _assign(event: Event, fields: dict[str, object]) -> None:
    for name, value in fields.items():
        if name not in EDITABLE:
            raise TypeError(f"an event's {name!r} cannot be set here")
        if isinstance(value, str):
            value = single_line(value) if name in SINGLE_LINE else value.replace("\r\n", "\n")
            value = value.replace("\r", "\n").strip()
        setattr(event, name, value)
    if event.free:
        event.price = ""
    event.description_html = markdown_html(event.description)


def _validate(event: Event, *, image: File | None, new: bool, removing: bool = False) -> bytes | None:
    """Every check at once, so the member sees every error; returns the image made ready to store.
    `removing`: the event's image is being removed (it needs no description then)."""
    errors: dict[str, list] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message))

    for name in SINGLE_LINE:
        if _CONTROL.search(getattr(event, name) or ""):
            refuse(name, _("Keep this on one line."))
    if "\x00" in event.description:
        refuse("description", _("The text contains a character that is not allowed."))
    if event.starts_at and event.ends_at:
        if event.ends_at <= event.starts_at:
            refuse("ends_at", _("The end must be after the start."))
        if event.starts_at > timezone.now() + LONGEST_AHEAD:
            refuse("starts_at", _("An event can be at most two years ahead."))
        if new and event.ends_at <= timezone.now():
            refuse("ends_at", _("This event is already over."))
    if event.venue and not event.address:
        refuse("address", _("Give the venue's address too."))
    if event.kern_id and event.municipality_id and event.kern.municipality_id != event.municipality_id:
        refuse("kern", _("This village is not in the chosen municipality."))
    if event.link:
        try:
            URLValidator(schemes=["http", "https"])(event.link)
        except ValidationError:
            refuse("link", _("Give a web address that starts with https:// or http://."))
    if (image or event.image and not removing) and not (event.image_alt or "").strip():
        refuse("image_alt", ALT_REQUIRED)
    jpeg = None
    if image:
        try:
            jpeg = photo_jpeg(image, field="image")
        except ValidationError as error:
            for message in error.message_dict.get("image", []):
                refuse("image", message)
    try:
        event.full_clean(exclude=[*errors, "submitted_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                refuse(field, message)
    if errors:
        raise ValidationError(errors)
    return jpeg


def _tell_organisers(event: Event, by: AbstractBaseUser) -> None:
    notify(
        recipients=get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .exclude(pk=by.pk)
        .values("pk"),
        kind=Notification.Kind.EVENT_SUBMITTED,
        actor=by,
        url=reverse("agenda:event_queue"),
        subject=event.title,
    )


def _tell_submitter(event: Event, by: AbstractBaseUser, kind: str, detail: str = "") -> None:
    if event.submitted_by_id is None:
        return
    notify(
        recipients=get_user_model().objects.filter(pk=event.submitted_by_id, is_active=True).values("pk"),
        kind=kind,
        actor=by,
        url=event.get_absolute_url(),
        subject=event.title,
        detail=detail,
    )


@transaction.atomic
def disciplines_merge(*, keep_id: int, other_ids: list[int]) -> None:
    """Duplicate disciplines merged into one (profiles.services.disciplines_merge): events and
    partner calendars move to `keep_id`."""
    discipline_links_move(
        through=Event.disciplines.through, owner="event_id", keep_id=keep_id, other_ids=other_ids
    )
    discipline_links_move(
        through=Source.disciplines.through, owner="source_id", keep_id=keep_id, other_ids=other_ids
    )
