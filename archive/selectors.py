"""Reads worth naming for the archive: summaries, the archive's search and filters, topics and their
timeline, proposals."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from archive import permissions, registry
from archive.models import Summary, Topic, TopicProposal
from archive.registry import TimelineItem
from boards.models import Idea, Meeting
from profiles.models import Municipality

SEARCH_CONFIG = "dutch"
FEED_SIZE = 20


# --- reads ----------------------------------------------------------------------------------------


def summary_of(meeting: Meeting) -> Summary | None:
    return Summary.objects.filter(meeting=meeting).first()


def published_summaries() -> QuerySet[Summary]:
    """Published, with what a card shows, in a fixed number of queries however many summaries."""
    return (
        Summary.objects.filter(published_at__isnull=False)
        .select_related("meeting__municipality")
        .prefetch_related("topics")
        .order_by("-meeting__starts_at", "-pk")
    )


@dataclass(frozen=True)
class ArchiveQuery:
    search: str = ""
    topic: Topic | None = None
    municipality: Municipality | None = None
    year: int | None = None


def summaries_matching(summaries: QuerySet[Summary], text: str) -> QuerySet[Summary]:
    """Search the meeting's title and the summary's text: on PostgreSQL with the Dutch configuration
    (stemming: "zichtbare" finds "zichtbaarheid"'s neighbours), on SQLite every word somewhere."""
    text = text.strip()
    if not text:
        return summaries
    if connection.vendor == "postgresql":
        vector = SearchVector("meeting__title", weight="A", config=SEARCH_CONFIG) + SearchVector(
            "text", weight="B", config=SEARCH_CONFIG
        )
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return summaries.annotate(search=vector).filter(search=query)
    for word in text.split():
        summaries = summaries.filter(Q(meeting__title__icontains=word) | Q(text__icontains=word))
    return summaries


def archive_summaries(query: ArchiveQuery | None = None) -> QuerySet[Summary]:
    """Every published summary, newest meeting first, filtered as the archive's URL says."""
    query = query or ArchiveQuery()
    summaries = published_summaries()
    if query.topic is not None:
        summaries = summaries.filter(topics=query.topic)
    if query.municipality is not None:
        summaries = summaries.filter(meeting__municipality=query.municipality)
    if query.year is not None:
        summaries = summaries.filter(meeting__starts_at__year=query.year)
    return summaries_matching(summaries, query.search)


def archive_years() -> list[int]:
    """The years that have a published summary, newest first (for the archive's filter)."""
    years = (
        Meeting.objects.filter(summary__published_at__isnull=False)
        .annotate(year=ExtractYear("starts_at"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return list(years)


def archive_topics() -> QuerySet[Topic]:
    """The topics that have a published summary (for the archive's filter)."""
    return Topic.objects.filter(summaries__published_at__isnull=False).distinct().order_by("name")


def feed_summaries() -> list[Summary]:
    """The newest published summaries, by when they were published, for the Atom feed."""
    return list(published_summaries().order_by("-published_at", "-pk")[:FEED_SIZE])


#: How many items of each kind a topic's timeline shows at most.
TIMELINE_PER_KIND = 100

Viewer = AbstractBaseUser | AnonymousUser | None


# --- topics and their timeline ---------------------------------------------------------------------


def topics_listed() -> QuerySet[Topic]:
    """Every topic with how many published summaries name it, most talked about first."""
    return Topic.objects.annotate(
        summary_count=Count("summaries", filter=Q(summaries__published_at__isnull=False), distinct=True)
    ).order_by("-summary_count", "name")


def topic_timeline(*, topic: Topic, viewer: Viewer) -> list[TimelineItem]:
    """Where the topic came up, newest first, in a fixed number of queries however many items.

    Everyone sees the published summaries, the published events and the action teams (their
    names and goals); members also see the ideas participants saw and the callouts in the feed.
    Events, teams and callouts come from their apps (archive/registry.py).
    """
    members_view = permissions.can_see_members_timeline(viewer)
    summaries = (
        Summary.objects.filter(topics=topic, published_at__isnull=False)
        .select_related("meeting__municipality")
        .order_by("-meeting__starts_at")[:TIMELINE_PER_KIND]
    )
    items = [
        TimelineItem("summary", s.meeting.starts_at, s, _("Session"), "archive/timeline_summary.html")
        for s in summaries
    ]
    if members_view:
        ideas = (
            Idea.objects.filter(topics=topic, status=Idea.Status.VISIBLE, merged_into__isnull=True)
            .select_related("board__meeting")
            .order_by("-created_at")[:TIMELINE_PER_KIND]
        )
        items += [
            TimelineItem("idea", i.created_at, i, _("Idea"), "archive/timeline_idea.html") for i in ideas
        ]
    for source in registry.timeline_sources:
        items += source(topic=topic, members_view=members_view, limit=TIMELINE_PER_KIND)
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
    return _with_support(TopicProposal.objects.filter(meeting__isnull=True), viewer).order_by(
        "-support_count", "created_at", "pk"
    )


def proposals_of_topic(topic: Topic, viewer: Viewer = None) -> QuerySet[TopicProposal]:
    return proposals_ranked(viewer).filter(topic=topic)


def topics_on_programme(meeting: Meeting) -> QuerySet[TopicProposal]:
    """The proposals an organiser put on this meeting's programme."""
    return _with_support(TopicProposal.objects.filter(meeting=meeting), None).order_by(
        "-support_count", "created_at", "pk"
    )


def meeting_proposals_context(meeting: Meeting, user: Viewer) -> dict:
    """For templates/archive/proposals_for_meeting.html on the meeting page."""
    return {
        "meeting": meeting,
        "proposals": list(proposals_ranked(user)),
        "scheduled": list(topics_on_programme(meeting)),
        "can_schedule": permissions.can_schedule_proposal(user) and meeting.starts_at > timezone.now(),
    }


def proposal_supported_by(proposal: TopicProposal, user: Viewer) -> bool:
    return bool(
        user is not None and user.is_authenticated and proposal.supporters.filter(pk=user.pk).exists()
    )
