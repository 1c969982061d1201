"""Every write to callouts, responses, follows, mutes and reports.

Each service checks permission, validates the whole row before saving anything, writes in one
transaction and schedules what follows after commit: the feed push, and the notifications (through
notifications.services.notify: rows now, the "+1" and the emails after commit).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callouts import permissions, rendering, selectors
from callouts.filters import callout_tags
from callouts.models import (
    DEFAULT_LIFETIME,
    Callout,
    CalloutMute,
    Follow,
    Report,
    Response,
    TrustedAuthor,
    default_expiry,
)
from cmij.text import markdown_html
from notifications import services as notification_services
from notifications.models import Notification, NotificationSettings
from profiles import roles
from profiles.models import Discipline, Municipality
from profiles.services import discipline_links_move
from realtime import broadcast

# --- callouts -------------------------------------------------------------------------------------


@transaction.atomic
def callout_create(
    *,
    author: AbstractBaseUser,
    kind: str,
    title: str,
    body: str,
    disciplines: Iterable[Discipline] = (),
    municipality: Municipality | None = None,
    happens_on: date | None = None,
    place: str = "",
    expires_on: date | None = None,
    reach_reason: str = "",
) -> Callout:
    """Post a callout: it arrives in the feed of every reader it matches, and its followers hear of it.

    What one account can reach is bounded: a member's callouts wait for an organiser
    (`callout_approve`) until one of them has been approved (TrustedAuthor), unseen and unannounced
    meanwhile; and a callout for more than MANY_DISCIPLINES disciplines needs a reason, which
    organisers see. An organiser's callouts need neither.
    """
    if not permissions.can_post_callout(author):
        raise PermissionDenied
    disciplines = list(disciplines)
    reach_reason = _reach_reason_checked(author, disciplines, reach_reason)
    held = not roles.is_organiser(author) and not TrustedAuthor.objects.filter(member=author).exists()
    callout = Callout(
        author=author,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        municipality=municipality,
        happens_on=happens_on,
        place=place.strip(),
        expires_on=expires_on or default_expiry(),
        reach_reason=reach_reason,
        held_at=timezone.now() if held else None,
    )
    callout.body_html = markdown_html(callout.body)
    callout.full_clean()
    callout.save()
    callout.disciplines.set(disciplines)
    if held:
        notification_services.notify(
            recipients=get_user_model().objects.filter(is_staff=True, is_active=True).values("pk"),
            kind=Notification.Kind.CALLOUT_HELD,
            callout=callout,
            actor=author,
            url=callout.get_absolute_url(),
        )
    else:
        _announce(callout)
    return callout


@transaction.atomic
def callout_approve(*, callout: Callout, by: AbstractBaseUser) -> Callout:
    """An organiser lets a member's first callout through: from now on it is in the feed, its
    followers hear of it as of a new one, and its author is told; the author's next callouts go
    online at once (TrustedAuthor)."""
    if not permissions.can_approve(by):
        raise PermissionDenied
    callout = _lock(callout)
    if not callout.is_held:
        raise ValidationError(_("This callout is already online."))
    callout.held_at = None
    callout.save(update_fields=["held_at", "updated_at"])
    TrustedAuthor.objects.get_or_create(member_id=callout.author_id, defaults={"approved_by": by})
    _tell_author(callout, Notification.Kind.CALLOUT_APPROVED, by=by)
    _announce(callout)
    return callout


def _tell_author(callout: Callout, kind: str, *, by: AbstractBaseUser) -> None:
    """What an organiser did with a callout, told to its author."""
    notification_services.notify(
        recipients=get_user_model().objects.filter(pk=callout.author_id).values("pk"),
        kind=kind,
        callout=callout,
        actor=by,
        url=callout.get_absolute_url(),
    )


def _announce(callout: Callout) -> None:
    """A callout comes online: its followers hear of it, and every reader it matches gets it live."""
    discipline_ids = sorted(callout.disciplines.values_list("pk", flat=True))
    notification_services.notify(
        recipients=selectors.callout_followers(callout, discipline_ids),
        kind=Notification.Kind.MATCH,
        callout=callout,
        actor=callout.author,
        url=callout.get_absolute_url(),
    )
    callout_id = callout.pk
    broadcast.feed_new_on_commit(
        callout_tags(callout, discipline_ids),
        lambda language: rendering.render_new_callout(callout_id, language),
    )


MANY_DISCIPLINES = 3


def _reach_reason_checked(author: AbstractBaseUser, disciplines: list[Discipline], reason: str) -> str:
    """A callout for more than MANY_DISCIPLINES disciplines reaches many members: it needs a reason
    (organisers see it), unless an organiser posts it."""
    reason = reason.strip()
    if len(disciplines) > MANY_DISCIPLINES and not reason and not roles.is_organiser(author):
        raise ValidationError(
            {
                "reach_reason": _(
                    "A callout for more than %(count)d disciplines reaches many members: say why it concerns "
                    "them all, or choose at most %(count)d."
                )
                % {"count": MANY_DISCIPLINES}
            }
        )
    return reason


@transaction.atomic
def callout_update(
    *,
    callout: Callout,
    by: AbstractBaseUser,
    disciplines: Iterable[Discipline] | None = None,
    **fields: object,
) -> Callout:
    """Edit your own callout; readers who have it on their page see the change."""
    callout = _lock(callout)
    if not permissions.can_change_callout(by, callout):
        raise PermissionDenied
    editable = {"kind", "title", "body", "municipality", "happens_on", "place", "expires_on", "reach_reason"}
    for name, value in fields.items():
        if name not in editable:
            raise TypeError(f"callout_update cannot change {name!r}")
        setattr(callout, name, value.strip() if isinstance(value, str) else value)
    if disciplines is not None:
        disciplines = list(disciplines)
        callout.reach_reason = _reach_reason_checked(by, disciplines, callout.reach_reason)
    callout.body_html = markdown_html(callout.body)
    callout.full_clean()
    callout.save()
    if disciplines is not None:
        callout.disciplines.set(disciplines)
    _push_update(callout)
    return callout


def callout_close(*, callout: Callout, by: AbstractBaseUser) -> Callout:
    """Found! The callout leaves the feed and keeps its page."""
    return _status_set(callout=callout, by=by, status=Callout.Status.CLOSED)


def callout_reopen(*, callout: Callout, by: AbstractBaseUser) -> Callout:
    return _status_set(callout=callout, by=by, status=Callout.Status.OPEN)


@transaction.atomic
def _status_set(*, callout: Callout, by: AbstractBaseUser, status: str) -> Callout:
    callout = _lock(callout)
    if not permissions.can_change_callout(by, callout):
        raise PermissionDenied
    if callout.status != status:
        callout.status = status
        callout.closed_at = timezone.now() if status == Callout.Status.CLOSED else None
        callout.save(update_fields=["status", "closed_at", "updated_at"])
        _push_update(callout)
    return callout


@transaction.atomic
def callout_renew(*, callout: Callout, by: AbstractBaseUser) -> Callout:
    """Keep it up for another six weeks from today (an expired one comes back to the feed)."""
    callout = _lock(callout)
    if not permissions.can_change_callout(by, callout):
        raise PermissionDenied
    callout.expires_on = max(callout.expires_on, timezone.localdate() + DEFAULT_LIFETIME)
    callout.full_clean()
    callout.save(update_fields=["expires_on", "updated_at"])
    _push_update(callout)
    return callout


@transaction.atomic
def callout_delete(*, callout: Callout, by: AbstractBaseUser) -> None:
    """Your own callout goes, with its threads and the notifications about it."""
    callout = _lock(callout)
    if not permissions.can_change_callout(by, callout):
        raise PermissionDenied
    callout_id = callout.pk
    callout.delete()
    broadcast.feed_update_on_commit(lambda language: rendering.render_callout_gone(callout_id))


@transaction.atomic
def callout_hide(*, callout: Callout, by: AbstractBaseUser, reason: str) -> Callout:
    """An organiser takes a callout out of the feed; the author sees why."""
    if not permissions.can_hide(by):
        raise PermissionDenied
    callout = _lock(callout)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the author understands.")})
    callout.hidden_at = timezone.now()
    callout.hidden_reason = reason
    callout.hidden_by = by
    callout.full_clean()
    callout.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])
    Report.objects.filter(callout=callout, handled_at__isnull=True).update(handled_at=timezone.now())
    _tell_author(callout, Notification.Kind.HIDDEN, by=by)
    _push_update(callout)
    return callout


@transaction.atomic
def callout_unhide(*, callout: Callout, by: AbstractBaseUser) -> Callout:
    if not permissions.can_hide(by):
        raise PermissionDenied
    callout = _lock(callout)
    callout.hidden_at = None
    callout.hidden_reason = ""
    callout.hidden_by = None
    callout.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])
    _push_update(callout)
    return callout


def _lock(callout: Callout) -> Callout:
    return Callout.objects.select_for_update().get(pk=callout.pk)


def _push_update(callout: Callout) -> None:
    """After commit, readers with the card on their page get the new card, or lose it."""
    callout_id = callout.pk
    broadcast.feed_update_on_commit(lambda language: rendering.render_callout_update(callout_id, language))


# --- responses: a private thread between the author and one responder -----------------------------


@transaction.atomic
def response_create(
    *, callout: Callout, sender: AbstractBaseUser, body: str, responder: AbstractBaseUser | None = None
) -> Response:
    """ "Reageer": a member writes to the author, or the author replies in a member's thread.

    Starting a thread needs an open callout and someone else's; an existing thread goes on after
    the callout closed (the author may want to say thanks).
    """
    callout = Callout.objects.get(pk=callout.pk)
    if sender.pk == callout.author_id:
        if responder is None or responder.pk == callout.author_id:
            raise ValidationError(_("You cannot respond to your own callout."))
        if not Response.objects.filter(callout=callout, responder=responder).exists():
            raise ValidationError(_("There is no conversation with this member about this callout."))
        recipient_id = responder.pk
        kind = Notification.Kind.REPLY
    else:
        responder = sender
        started = Response.objects.filter(callout=callout, responder=sender).exists()
        if not roles.is_member(sender) or callout.is_hidden:
            raise PermissionDenied
        if not started and not permissions.can_respond(sender, callout):
            raise ValidationError(_("This callout is closed: it takes no new responses."))
        recipient_id = callout.author_id
        kind = Notification.Kind.RESPONSE
    response = Response(callout=callout, responder=responder, sender=sender, body=body.strip())
    response.full_clean()
    response.save()
    notification_services.notify(
        recipients=selectors.not_muted(
            callout, get_user_model().objects.filter(pk=recipient_id, is_active=True).values("pk")
        ),
        kind=kind,
        callout=callout,
        actor=sender,
        url=rendering.thread_url(callout, responder.pk),
    )
    return response


# --- reports --------------------------------------------------------------------------------------


@transaction.atomic
def report_create(*, callout: Callout, by: AbstractBaseUser, reason: str) -> Report:
    """A member reports a callout; the organisers hear of it."""
    if not permissions.can_report(by, callout):
        raise PermissionDenied
    if Report.objects.filter(callout=callout, reporter=by).exists():
        raise ValidationError(_("You already reported this callout."))
    report = Report(callout=callout, reporter=by, reason=reason.strip())
    report.full_clean()
    report.save()
    notification_services.notify(
        recipients=get_user_model().objects.filter(is_staff=True, is_active=True).values("pk"),
        kind=Notification.Kind.REPORT,
        callout=callout,
        actor=by,
        url=rendering.reports_url(),
    )
    return report


# --- mutes, follows, settings ---------------------------------------------------------------------


@transaction.atomic
def callout_mute(*, callout: Callout, member: AbstractBaseUser, muted: bool) -> None:
    """Hear nothing more about this callout (responses, replies), or hear it again."""
    if not roles.is_member(member):
        raise PermissionDenied
    if muted:
        CalloutMute.objects.get_or_create(member=member, callout=callout)
    else:
        CalloutMute.objects.filter(member=member, callout=callout).delete()


@transaction.atomic
def follow_add(
    *,
    member: AbstractBaseUser,
    discipline: Discipline | None = None,
    municipality: Municipality | None = None,
) -> Follow:
    _choose_follows(member)
    follow, _created = Follow.objects.get_or_create(
        member=member, discipline=discipline, municipality=municipality
    )
    follow.full_clean()
    return follow


@transaction.atomic
def follow_remove(*, member: AbstractBaseUser, follow_id: int) -> None:
    _choose_follows(member)
    Follow.objects.filter(member=member, pk=follow_id).delete()


@transaction.atomic
def follow_set_muted(*, member: AbstractBaseUser, follow_id: int, muted: bool) -> None:
    _choose_follows(member)
    Follow.objects.filter(member=member, pk=follow_id).update(muted=muted)


def _choose_follows(member: AbstractBaseUser) -> None:
    """A member's first change to their follows turns the ones their profile gave them into rows."""
    if not roles.is_member(member):
        raise PermissionDenied
    choices, _created = NotificationSettings.objects.select_for_update().get_or_create(member=member)
    if choices.follows_chosen:
        return
    for follow in selectors.profile_follows(member):
        Follow.objects.get_or_create(
            member=member, discipline=follow.discipline, municipality=follow.municipality
        )
    choices.follows_chosen = True
    choices.save(update_fields=["follows_chosen"])


@transaction.atomic
def disciplines_merge(*, keep_id: int, other_ids: list[int]) -> None:
    """Duplicate disciplines merged into one (profiles.services.disciplines_merge): callouts and follows
    move to `keep_id`; a member who followed both keeps one follow."""
    discipline_links_move(
        through=Callout.disciplines.through, owner="callout_id", keep_id=keep_id, other_ids=other_ids
    )
    following = set(Follow.objects.filter(discipline_id=keep_id).values_list("member_id", flat=True))
    for follow in Follow.objects.filter(discipline_id__in=other_ids):
        if follow.member_id in following:
            follow.delete()
        else:
            following.add(follow.member_id)
            Follow.objects.filter(pk=follow.pk).update(discipline_id=keep_id)
