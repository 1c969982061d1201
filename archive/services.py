"""Every write to the archive: summaries (verslagen), topics and topic proposals.

A summary is drafted from a meeting's closed boards (a Markdown template, never text built here),
edited by the meeting's facilitators with a version check (no silent overwrite), given topics and
published. Published summaries are the public archive (archive/selectors.py: searchable with
PostgreSQL's Dutch full-text search, a plain fallback on SQLite; filterable by topic, municipality and
year) and an Atom feed (archive/feeds.py). Members propose a topic for a coming meeting, others support
it, organisers put it on a programme.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from archive import permissions
from archive.drafts import draft_text
from archive.models import SUMMARY_MAX, NameReview, Summary, Topic, TopicProposal
from boards import permissions as board_permissions
from boards import services as board_services
from boards.models import Board, Meeting
from cmij.text import markdown_html
from notifications.models import Notification
from notifications.services import notify
from profiles.models import validate_plain_text
from profiles.references import name_typed_in

TOPIC_NAME_MAX = Topic._meta.get_field("name").max_length


class SummaryConflict(Exception):
    """A save over a newer version than the one it started from; nothing was stored.

    Carries the current text, version and who saved it, to show beside the editor's own text.
    """

    def __init__(self, *, text: str, version: int, updated_by: AbstractBaseUser | None) -> None:
        super().__init__(f"summary is at version {version}")
        self.text = text
        self.version = version
        self.updated_by = updated_by


@transaction.atomic
def summary_draft(*, meeting: Meeting, by: AbstractBaseUser) -> Summary:
    """Start the meeting's summary from its closed boards; an existing summary is returned unchanged."""
    if not permissions.can_edit_summary(by, meeting):
        raise PermissionDenied
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    existing = Summary.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    if meeting.boards.exclude(phase=Board.Phase.CLOSED).exists():
        raise ValidationError(
            _("Close every board of this session first: the summary is drafted from closed boards.")
        )
    text = draft_text(meeting)[:SUMMARY_MAX]
    summary = Summary(meeting=meeting, text=text, text_html=markdown_html(text, top_heading=2), updated_by=by)
    summary.full_clean()
    summary.save()
    return summary


@transaction.atomic
def meeting_close_and_draft(*, meeting: Meeting, by: AbstractBaseUser) -> Summary:
    """The end of a meeting in one action: close every board still open (each screen follows), then
    draft the summary (or return the one already started)."""
    if not (board_permissions.can_close_meeting(by, meeting) and permissions.can_edit_summary(by, meeting)):
        raise PermissionDenied
    board_services.meeting_boards_close(meeting=meeting, by=by)
    return summary_draft(meeting=meeting, by=by)


# --- editing and publishing -------------------------------------------------------------------------


def _clean_topic_names(names: Iterable[str]) -> list[str]:
    """New topic names as typed: plain text, at most the name's length, each once."""
    cleaned: list[str] = []
    for name in names:
        name = " ".join(name.split())
        if not name:
            continue
        validate_plain_text(name)
        if len(name) > TOPIC_NAME_MAX:
            raise ValidationError(
                _("A topic name has at most %(max)d characters: “%(name)s…”")
                % {"max": TOPIC_NAME_MAX, "name": name[:40]}
            )
        if not slugify(name):
            raise ValidationError(
                _("“%(name)s” cannot be a topic name: use letters or digits.") % {"name": name}
            )
        if name.casefold() not in {c.casefold() for c in cleaned}:
            cleaned.append(name)
    return cleaned


def _topic_slug_new(name: str) -> str:
    base = slugify(name)[:80] or "onderwerp"
    slug, n = base, 2
    while Topic.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def topics_get_or_create(*, names: Iterable[str], by: AbstractBaseUser, meeting: Meeting) -> list[Topic]:
    """Topics by name, made on the fly (with a slug) where they do not exist yet.

    Validates every name before writing any; call inside a transaction.
    """
    names = _clean_topic_names(names)
    if names and not permissions.can_create_topic(by, meeting):
        raise PermissionDenied
    topics: list[Topic] = []
    for name in names:
        topic = Topic.objects.filter(name__iexact=name).first()
        if topic is None:
            topic = Topic(name=name, slug=_topic_slug_new(name))
            topic.full_clean()
            topic.save()
        topics.append(topic)
    return topics


@transaction.atomic
def summary_save(
    *,
    summary: Summary,
    by: AbstractBaseUser,
    text: str,
    topics: Iterable[Topic] = (),
    new_topics: Iterable[str] = (),
    base_version: int,
) -> Summary:
    """Save an edit made from `base_version`, the version the editor saw last.

    Over any other version it raises SummaryConflict and stores nothing. After a conflict the editor
    is shown the newest version beside their own text, and their next save names that version: it
    replaces exactly what they saw, and if someone saved again meanwhile, that is a new conflict.
    """
    summary = Summary.objects.select_for_update().select_related("meeting").get(pk=summary.pk)
    if not permissions.can_edit_summary(by, summary.meeting):
        raise PermissionDenied
    if base_version != summary.version:
        updated_by = summary.updated_by
        raise SummaryConflict(text=summary.text, version=summary.version, updated_by=updated_by)
    text = text.replace("\r\n", "\n").strip()
    if len(text) > SUMMARY_MAX:
        raise ValidationError(
            {
                "text": _("A summary has at most %(max)d characters; this one has %(n)d.")
                % {"max": SUMMARY_MAX, "n": len(text)}
            }
        )
    try:
        made = topics_get_or_create(names=new_topics, by=by, meeting=summary.meeting)
    except ValidationError as error:
        raise ValidationError({"new_topics": error.messages}) from error
    summary.text = text
    summary.text_html = markdown_html(text, top_heading=2)
    summary.version += 1
    summary.updated_by = by
    summary.full_clean()
    summary.save()
    summary.topics.set([*topics, *made])
    # A deleted member's typed name that this text no longer holds needs no review any more.
    for review in NameReview.objects.filter(meeting=summary.meeting, team_name=""):
        if not name_typed_in(review.name, text):
            review.delete()
    return summary


def _publish_set(*, summary: Summary, by: AbstractBaseUser, published: bool) -> Summary:
    summary = Summary.objects.select_for_update().select_related("meeting").get(pk=summary.pk)
    if not permissions.can_edit_summary(by, summary.meeting):
        raise PermissionDenied
    if published and not summary.text.strip():
        raise ValidationError(_("Write the summary before you publish it."))
    if published and summary.published_at is None:
        summary.published_at = timezone.now()
    elif not published:
        summary.published_at = None
    summary.save(update_fields=["published_at", "updated_at"])
    return summary


@transaction.atomic
def summary_publish(*, summary: Summary, by: AbstractBaseUser) -> Summary:
    """Make the summary a public page, in the archive and the feed."""
    return _publish_set(summary=summary, by=by, published=True)


@transaction.atomic
def summary_unpublish(*, summary: Summary, by: AbstractBaseUser) -> Summary:
    """Back to a draft: it leaves the archive and the feed."""
    return _publish_set(summary=summary, by=by, published=False)


# --- a deleted member's name, typed by hand (#28) -----------------------------------------------------


def summaries_name_review(*, user: AbstractBaseUser) -> None:
    """Before an account is deleted (profiles/registry.py's `member_deleting`): each summary in which
    the member's display name is typed by hand becomes a review item for its meeting's facilitators.
    The text stays as written: a facilitator's words are never rewritten by a machine."""
    profile = getattr(user, "profile", None)
    name = profile.display_name if profile is not None else ""
    if not name.split():
        return
    summaries = Summary.objects.filter(text__icontains=name.split()[0]).select_related("meeting")
    for summary in summaries:
        if name_typed_in(name, summary.text):
            name_review_add(meeting=summary.meeting, name=name, leaving=user)


def name_review_add(
    *, meeting: Meeting, name: str, leaving: AbstractBaseUser, team_name: str = ""
) -> NameReview:
    """A deleted member's name typed in the meeting's summary (or, with `team_name`, in that team's
    report-back there), for the meeting's facilitators to review. They are told once per name: on the
    edit page of the summary and in a notification (organisers, when the meeting has no facilitator
    left), which carries the meeting's title, not the name."""
    first = not NameReview.objects.filter(meeting=meeting, name=name).exists()
    review = NameReview(meeting=meeting, name=name, team_name=team_name)
    review.full_clean()
    review.save()
    if first:
        people = get_user_model().objects.filter(is_active=True).exclude(pk=leaving.pk)
        facilitators = people.filter(Q(facilitated_meetings=meeting) | Q(facilitated_boards__meeting=meeting))
        recipients = facilitators if facilitators.exists() else people.filter(is_staff=True)
        notify(
            recipients=recipients.values("pk").distinct(),
            kind=Notification.Kind.NAME_REVIEW,
            actor=None,
            url=reverse("archive:summary_edit", kwargs={"slug": meeting.slug}),
            subject=meeting.title,
        )
    return review


@transaction.atomic
def name_review_done(*, review: NameReview, by: AbstractBaseUser) -> None:
    """A facilitator reviewed a deleted member's typed name (took it out, or keeps it as written): the
    review, and the name with it, goes."""
    if not permissions.can_edit_summary(by, review.meeting):
        raise PermissionDenied
    review.delete()


REASON_MAX = TopicProposal._meta.get_field("reason").max_length


@transaction.atomic
def proposal_create(*, topic: Topic, by: AbstractBaseUser, reason: str) -> TopicProposal:
    """A member proposes a topic for a coming meeting, with a line of why."""
    if not permissions.can_propose_topic(by):
        raise PermissionDenied
    topic = Topic.objects.select_for_update().get(pk=topic.pk)  # one open proposal per member and topic
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Say in one line why this topic should come back.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {
                "reason": _("At most %(max)d characters; yours has %(n)d.")
                % {"max": REASON_MAX, "n": len(reason)}
            }
        )
    if TopicProposal.objects.filter(topic=topic, proposed_by=by, meeting__isnull=True).exists():
        raise ValidationError({"reason": _("You already proposed this topic; your proposal is still open.")})
    proposal = TopicProposal(topic=topic, proposed_by=by, reason=reason)
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_support(*, proposal: TopicProposal, by: AbstractBaseUser) -> TopicProposal:
    """Back a proposal. Twice is once; the proposer's own support changes nothing."""
    proposal = TopicProposal.objects.select_for_update().get(pk=proposal.pk)
    if not permissions.can_support_proposal(by, proposal):
        if permissions.can_propose_topic(by):
            raise ValidationError(_("This topic is already on a programme."))
        raise PermissionDenied
    if proposal.proposed_by_id != by.pk:
        proposal.supporters.add(by)
    return proposal


@transaction.atomic
def proposal_unsupport(*, proposal: TopicProposal, by: AbstractBaseUser) -> TopicProposal:
    proposal = TopicProposal.objects.select_for_update().get(pk=proposal.pk)
    if not permissions.can_support_proposal(by, proposal):
        if permissions.can_propose_topic(by):
            raise ValidationError(_("This topic is already on a programme."))
        raise PermissionDenied
    proposal.supporters.remove(by)
    return proposal


@transaction.atomic
def proposal_schedule(*, proposal: TopicProposal, meeting: Meeting, by: AbstractBaseUser) -> TopicProposal:
    """Put a proposed topic on a coming meeting's programme; its proposer and supporters hear of it."""
    if not permissions.can_schedule_proposal(by):
        raise PermissionDenied
    proposal = TopicProposal.objects.select_for_update().select_related("topic").get(pk=proposal.pk)
    if proposal.meeting_id == meeting.pk:
        return proposal
    if proposal.meeting_id is not None:
        raise ValidationError(_("This topic is already on the programme of another session."))
    if meeting.starts_at <= timezone.now():
        raise ValidationError(_("Choose a session that is still to come."))
    proposal.meeting = meeting
    proposal.save(update_fields=["meeting"])
    supporters = TopicProposal.supporters.through.objects.filter(topicproposal=proposal).values("user_id")
    recipients = (
        get_user_model()
        .objects.filter(Q(pk=proposal.proposed_by_id) | Q(pk__in=supporters), is_active=True)
        .exclude(pk=by.pk)
        .values("pk")
    )
    notify(
        recipients=recipients,
        kind=Notification.Kind.PROPOSAL_SCHEDULED,
        actor=by,
        url=meeting.get_absolute_url(),
        subject=proposal.topic.name,
        detail=meeting.title,
    )
    return proposal
