"""Topics (onderwerpen): their pages with a timeline, and "Zet weer op de agenda": members propose a
topic for a coming session, others support it, organisers put it on a session's programme.

Supporting is idempotent: supporting twice leaves one support, and the proposer's own support is a
no-op (a proposal speaks for its proposer already; the count is of the others who back it).
Proposing a topic again while your own proposal of it is open is refused with a clear error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from boards import permissions
from boards.models import ActionTeam, Idea, Session, Summary, Topic, TopicProposal
from callouts.models import Event, Notification

REASON_MAX = TopicProposal._meta.get_field("reason").max_length
#: How many items of each kind a topic's timeline shows at most.
TIMELINE_PER_KIND = 100

Viewer = AbstractBaseUser | AnonymousUser | None


# --- topics and their timeline ---------------------------------------------------------------------


def topics_listed() -> QuerySet[Topic]:
    """Every topic with how many published summaries name it, most talked about first."""
    return Topic.objects.annotate(
        summary_count=Count("summaries", filter=Q(summaries__published_at__isnull=False), distinct=True)
    ).order_by("-summary_count", "name")


@dataclass(frozen=True)
class TimelineItem:
    kind: str  # "summary", "idea", "callout", "team", "event"
    date: datetime
    item: object


def topic_timeline(*, topic: Topic, viewer: Viewer) -> list[TimelineItem]:
    """Where the topic came up, newest first, in a fixed number of queries however many items.

    Everyone sees the published summaries, the published events and the action teams (their
    names and goals); members also see the ideas participants saw and the callouts in the feed.
    """
    items: list[TimelineItem] = []
    summaries = (
        Summary.objects.filter(topics=topic, published_at__isnull=False)
        .select_related("session__municipality")
        .order_by("-session__starts_at")[:TIMELINE_PER_KIND]
    )
    items += [TimelineItem("summary", s.session.starts_at, s) for s in summaries]
    events = (
        Event.objects.filter(topics=topic, status=Event.Status.PUBLISHED)
        .select_related("municipality")
        .order_by("-starts_at")[:TIMELINE_PER_KIND]
    )
    items += [TimelineItem("event", e.starts_at, e) for e in events]
    teams = ActionTeam.objects.filter(topic=topic).select_related("session").order_by("-created_at")
    items += [TimelineItem("team", t.created_at, t) for t in teams[:TIMELINE_PER_KIND]]
    if permissions.can_see_members_timeline(viewer):
        from callouts import selectors as callout_selectors

        ideas = (
            Idea.objects.filter(topics=topic, status=Idea.Status.VISIBLE, merged_into__isnull=True)
            .select_related("board__session")
            .order_by("-created_at")[:TIMELINE_PER_KIND]
        )
        items += [TimelineItem("idea", i.created_at, i) for i in ideas]
        callouts = (
            callout_selectors.in_feed()
            .filter(topics=topic)
            .prefetch_related(None)
            .order_by("-created_at")[:TIMELINE_PER_KIND]
        )
        items += [TimelineItem("callout", c.created_at, c) for c in callouts]
    items.sort(key=lambda entry: entry.date, reverse=True)
    return items


# --- proposals ------------------------------------------------------------------------------------


def _with_support(proposals: QuerySet[TopicProposal], viewer: Viewer) -> QuerySet[TopicProposal]:
    supported = Value(False)
    if viewer is not None and viewer.is_authenticated:
        supported = Exists(
            TopicProposal.supporters.through.objects.filter(topicproposal=OuterRef("pk"), user=viewer.pk)
        )
    return proposals.annotate(
        support_count=Count("supporters", distinct=True), supported_by_viewer=supported
    ).select_related("topic", "proposed_by__profile")


def proposals_ranked(viewer: Viewer = None) -> QuerySet[TopicProposal]:
    """Open proposals (on no programme yet), most supported first, then the oldest first."""
    return _with_support(TopicProposal.objects.filter(session__isnull=True), viewer).order_by(
        "-support_count", "created_at", "pk"
    )


def proposals_of_topic(topic: Topic, viewer: Viewer = None) -> QuerySet[TopicProposal]:
    return proposals_ranked(viewer).filter(topic=topic)


def topics_on_programme(session: Session) -> QuerySet[TopicProposal]:
    """The proposals an organiser put on this session's programme."""
    return _with_support(TopicProposal.objects.filter(session=session), None).order_by(
        "-support_count", "created_at", "pk"
    )


def session_proposals_context(session: Session, user: Viewer) -> dict:
    """For templates/boards/topics/proposals_for_session.html on the session page."""
    return {
        "session": session,
        "proposals": list(proposals_ranked(user)),
        "scheduled": list(topics_on_programme(session)),
        "can_schedule": permissions.can_schedule_proposal(user) and session.starts_at > timezone.now(),
    }


@transaction.atomic
def proposal_create(*, topic: Topic, by: AbstractBaseUser, reason: str) -> TopicProposal:
    """A member proposes a topic for a coming session, with a line of why."""
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
    if TopicProposal.objects.filter(topic=topic, proposed_by=by, session__isnull=True).exists():
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


def proposal_supported_by(proposal: TopicProposal, user: Viewer) -> bool:
    return bool(
        user is not None and user.is_authenticated and proposal.supporters.filter(pk=user.pk).exists()
    )


@transaction.atomic
def proposal_schedule(*, proposal: TopicProposal, session: Session, by: AbstractBaseUser) -> TopicProposal:
    """Put a proposed topic on a coming session's programme; its proposer and supporters hear of it."""
    from callouts.services import notify

    if not permissions.can_schedule_proposal(by):
        raise PermissionDenied
    proposal = TopicProposal.objects.select_for_update().select_related("topic").get(pk=proposal.pk)
    if proposal.session_id == session.pk:
        return proposal
    if proposal.session_id is not None:
        raise ValidationError(_("This topic is already on the programme of another session."))
    if session.starts_at <= timezone.now():
        raise ValidationError(_("Choose a session that is still to come."))
    proposal.session = session
    proposal.save(update_fields=["session"])
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
        url=session.get_absolute_url(),
        subject=proposal.topic.name,
        detail=session.title,
    )
    return proposal
