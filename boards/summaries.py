"""Summaries (verslagen) and the archive: every write and the reads worth naming.

A summary is drafted from a session's closed boards (a Markdown template, never text built here),
edited by the session's facilitators with a version check (no silent overwrite), given topics and
published. Published summaries are the public archive: searchable (PostgreSQL's Dutch full-text
search, a plain fallback on SQLite), filterable by topic, municipality and year, and an Atom feed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from boards import permissions
from boards.models import (
    SUMMARY_MAX,
    ActionTeam,
    Board,
    Idea,
    Prompt,
    ReportBack,
    Session,
    Summary,
    Topic,
)
from cmij.text import markdown_html
from profiles.models import Municipality, validate_plain_text

SEARCH_CONFIG = "dutch"
FEED_SIZE = 20
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


# --- the draft ------------------------------------------------------------------------------------


@dataclass
class DraftIdea:
    text: str
    votes: int
    merged: int
    #: The author's name, or "" for "a participant" (a guest, a member whose profile is not public).
    author: str


@dataclass
class DraftPrompt:
    prompt: Prompt
    ideas: list[DraftIdea] = field(default_factory=list)


@dataclass
class DraftBoard:
    board: Board
    prompts: list[DraftPrompt] = field(default_factory=list)


def _author_of(idea: Idea, board: Board) -> str:
    """A name only for a member with a public profile on a board that is not anonymous."""
    user = idea.author_user
    if board.anonymous or user is None or not user.is_active:
        return ""
    profile = getattr(user, "profile", None)
    return profile.display_name if profile is not None and profile.public else ""


def draft_context(session: Session) -> dict:
    """What the draft template needs, in a fixed number of queries however many ideas."""
    boards = list(
        session.boards.annotate(
            plenary_first=Case(
                When(kind=Board.Kind.PLENARY, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        ).order_by("plenary_first", "position", "id")
    )
    prompts = Prompt.objects.filter(board__session=session).order_by("board_id", "position", "id")
    ideas = (
        Idea.objects.filter(board__session=session, status=Idea.Status.VISIBLE, merged_into__isnull=True)
        .select_related("author_user__profile")
        .annotate(merged_count=Count("merged"))
        .order_by("-vote_count", "created_at", "id")
    )
    drafted = {board.pk: DraftBoard(board=board) for board in boards}
    by_prompt: dict[int, DraftPrompt] = {}
    for prompt in prompts:
        by_prompt[prompt.pk] = DraftPrompt(prompt=prompt)
        drafted[prompt.board_id].prompts.append(by_prompt[prompt.pk])
    boards_by_id = {board.pk: board for board in boards}
    for idea in ideas:
        by_prompt[idea.prompt_id].ideas.append(
            DraftIdea(
                text=" ".join(idea.text.split()),
                votes=idea.vote_count,
                merged=idea.merged_count,
                author=_author_of(idea, boards_by_id[idea.board_id]),
            )
        )
    teams = list(ActionTeam.objects.filter(session=session).order_by("name", "id"))
    return {
        "session": session,
        "boards": [
            DraftBoard(board=item.board, prompts=[p for p in item.prompts if p.ideas])
            for item in drafted.values()
        ],
        "teams": [(team, " ".join(team.goal.split()), team.get_absolute_url()) for team in teams],
        "report_backs": list(
            ReportBack.objects.filter(session=session).select_related("team").order_by("team__name", "id")
        ),
    }


def draft_text(session: Session) -> str:
    """The draft as Markdown, in the active language, from templates/boards/summaries/draft.md."""
    return render_to_string("boards/summaries/draft.md", draft_context(session)).strip() + "\n"


@transaction.atomic
def summary_draft(*, session: Session, by: AbstractBaseUser) -> Summary:
    """Start the session's summary from its closed boards; an existing summary is returned unchanged."""
    if not permissions.can_edit_summary(by, session):
        raise PermissionDenied
    session = Session.objects.select_for_update().get(pk=session.pk)
    existing = Summary.objects.filter(session=session).first()
    if existing is not None:
        return existing
    if session.boards.exclude(phase=Board.Phase.CLOSED).exists():
        raise ValidationError(
            _("Close every board of this session first: the summary is drafted from closed boards.")
        )
    text = draft_text(session)[:SUMMARY_MAX]
    summary = Summary(session=session, text=text, text_html=markdown_html(text), updated_by=by)
    summary.full_clean()
    summary.save()
    return summary


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


def topics_get_or_create(*, names: Iterable[str], by: AbstractBaseUser, session: Session) -> list[Topic]:
    """Topics by name, made on the fly (with a slug) where they do not exist yet.

    Validates every name before writing any; call inside a transaction.
    """
    names = _clean_topic_names(names)
    if names and not permissions.can_create_topic(by, session):
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
    overwrite: bool = False,
) -> Summary:
    """Save an edit made from `base_version`.

    Over a newer version it raises SummaryConflict and stores nothing, unless `overwrite` says the
    editor saw the other text and chose to replace it.
    """
    summary = Summary.objects.select_for_update().select_related("session").get(pk=summary.pk)
    if not permissions.can_edit_summary(by, summary.session):
        raise PermissionDenied
    if base_version != summary.version and not overwrite:
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
        made = topics_get_or_create(names=new_topics, by=by, session=summary.session)
    except ValidationError as error:
        raise ValidationError({"new_topics": error.messages}) from error
    summary.text = text
    summary.text_html = markdown_html(text)
    summary.version += 1
    summary.updated_by = by
    summary.full_clean()
    summary.save()
    summary.topics.set([*topics, *made])
    return summary


def _publish_set(*, summary: Summary, by: AbstractBaseUser, published: bool) -> Summary:
    summary = Summary.objects.select_for_update().select_related("session").get(pk=summary.pk)
    if not permissions.can_edit_summary(by, summary.session):
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


# --- reads ----------------------------------------------------------------------------------------


def summary_of(session: Session) -> Summary | None:
    return Summary.objects.filter(session=session).first()


def published_summaries() -> QuerySet[Summary]:
    """Published, with what a card shows, in a fixed number of queries however many summaries."""
    return (
        Summary.objects.filter(published_at__isnull=False)
        .select_related("session__municipality")
        .prefetch_related("topics")
        .order_by("-session__starts_at", "-pk")
    )


@dataclass(frozen=True)
class ArchiveQuery:
    search: str = ""
    topic: Topic | None = None
    municipality: Municipality | None = None
    year: int | None = None


def summaries_matching(summaries: QuerySet[Summary], text: str) -> QuerySet[Summary]:
    """Search the session's title and the summary's text: on PostgreSQL with the Dutch configuration
    (stemming: "zichtbare" finds "zichtbaarheid"'s neighbours), on SQLite every word somewhere."""
    text = text.strip()
    if not text:
        return summaries
    if connection.vendor == "postgresql":
        vector = SearchVector("session__title", weight="A", config=SEARCH_CONFIG) + SearchVector(
            "text", weight="B", config=SEARCH_CONFIG
        )
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return summaries.annotate(search=vector).filter(search=query)
    for word in text.split():
        summaries = summaries.filter(Q(session__title__icontains=word) | Q(text__icontains=word))
    return summaries


def archive_summaries(query: ArchiveQuery | None = None) -> QuerySet[Summary]:
    """Every published summary, newest session first, filtered as the archive's URL says."""
    query = query or ArchiveQuery()
    summaries = published_summaries()
    if query.topic is not None:
        summaries = summaries.filter(topics=query.topic)
    if query.municipality is not None:
        summaries = summaries.filter(session__municipality=query.municipality)
    if query.year is not None:
        summaries = summaries.filter(session__starts_at__year=query.year)
    return summaries_matching(summaries, query.search)


def archive_years() -> list[int]:
    """The years that have a published summary, newest first (for the archive's filter)."""
    years = (
        Session.objects.filter(summary__published_at__isnull=False)
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
