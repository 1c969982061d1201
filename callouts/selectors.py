"""Reads worth naming: the feed, a callout's threads, who a callout concerns, a member's follows."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.models import Topic
from archive.registry import TimelineItem
from callouts.filters import FeedQuery
from callouts.models import Callout, CalloutMute, Follow, Report, Response
from notifications.models import NotificationSettings
from profiles.models import Profile

PAGE_SIZE = 20


def callouts_for_cards() -> QuerySet[Callout]:
    """Everything a card shows, in a fixed number of queries however many cards."""
    return Callout.objects.select_related("author__profile", "municipality").prefetch_related("disciplines")


def in_feed() -> QuerySet[Callout]:
    """Open, not expired, not hidden: what the feed lists. Closed and expired ones keep their page."""
    return callouts_for_cards().filter(
        status=Callout.Status.OPEN,
        expires_on__gte=timezone.localdate(),
        hidden_at__isnull=True,
        held_at__isnull=True,
    )


def feed_page(*, query: FeedQuery, before: int | None = None, after: int | None = None) -> list[Callout]:
    """Newest first, PAGE_SIZE at a time: `before` an id for "load more", `after` one for "new"."""
    callouts = query.filter(in_feed()).order_by("-id")
    if before is not None:
        callouts = callouts.filter(pk__lt=before)
    if after is not None:
        callouts = callouts.filter(pk__gt=after)
    return list(callouts[: PAGE_SIZE + 1])


def followed_callouts(member: AbstractBaseUser) -> QuerySet[Callout]:
    """Open callouts of others in what the member follows (a discipline or a municipality, not
    muted), newest first; none when they follow nothing."""
    followed = [follow for follow in follows(member) if not follow.muted]
    if not followed:
        return Callout.objects.none()
    discipline_ids = {follow.discipline_id for follow in followed if follow.discipline_id}
    municipality_ids = {follow.municipality_id for follow in followed if follow.municipality_id}
    tagged = Callout.disciplines.through.objects.filter(discipline_id__in=discipline_ids)
    matching = Q(pk__in=tagged.values("callout_id")) | Q(municipality_id__in=municipality_ids)
    return in_feed().filter(matching).exclude(author=member).order_by("-id")


def callout_followers(callout: Callout, discipline_ids: list[int]) -> QuerySet:
    """The pks of the active members a new callout concerns, as a subquery (never loaded per member).

    A member who chose their follows hears through their unmuted follows; one who never chose
    follows their profile: its disciplines and its municipality.
    """
    User = get_user_model()
    follows, by_profile = Q(pk__in=[]), Q(pk__in=[])
    if discipline_ids:
        follows |= Q(discipline_id__in=discipline_ids)
        through = Profile.disciplines.through.objects.filter(discipline_id__in=discipline_ids)
        by_profile |= Q(pk__in=through.values("profile_id"))
    if callout.municipality_id is not None:
        follows |= Q(municipality_id=callout.municipality_id)
        by_profile |= Q(municipality_id=callout.municipality_id)
    chosen = NotificationSettings.objects.filter(follows_chosen=True).values("member_id")
    explicit = Follow.objects.filter(follows, muted=False).values("member_id")
    profile_members = Profile.objects.filter(by_profile).values("user_id")
    return (
        User.objects.filter(is_active=True)
        .exclude(pk=callout.author_id)
        .filter((Q(pk__in=chosen) & Q(pk__in=explicit)) | (~Q(pk__in=chosen) & Q(pk__in=profile_members)))
        .values("pk")
    )


def not_muted(callout: Callout, member_ids: QuerySet) -> QuerySet:
    return member_ids.exclude(pk__in=CalloutMute.objects.filter(callout=callout).values("member_id"))


def has_muted(member: AbstractBaseUser, callout: Callout) -> bool:
    return CalloutMute.objects.filter(member=member, callout=callout).exists()


def threads(*, callout: Callout, viewer: AbstractBaseUser) -> list[tuple[AbstractBaseUser, list[Response]]]:
    """The private threads a viewer may read: all of them for the author, their own for a responder."""
    responses = Response.objects.filter(callout=callout).select_related(
        "sender__profile", "responder__profile"
    )
    if viewer.pk != callout.author_id:
        responses = responses.filter(responder=viewer)
    grouped: dict[int, tuple[AbstractBaseUser, list[Response]]] = {}
    for response in responses:
        grouped.setdefault(response.responder_id, (response.responder, []))[1].append(response)
    return list(grouped.values())


def follows(member: AbstractBaseUser) -> list[Follow]:
    """A member's follows; until they chose, the ones their profile gives them (not yet rows)."""
    chosen = NotificationSettings.objects.filter(member=member, follows_chosen=True).exists()
    if chosen:
        return list(Follow.objects.filter(member=member).select_related("discipline", "municipality"))
    return profile_follows(member)


def profile_follows(member: AbstractBaseUser) -> list[Follow]:
    profile = Profile.objects.filter(user=member).select_related("municipality").first()
    if profile is None:
        return []
    made = [Follow(member=member, discipline=discipline) for discipline in profile.disciplines.all()]
    if profile.municipality is not None:
        made.append(Follow(member=member, municipality=profile.municipality))
    return made


def held_callouts() -> QuerySet[Callout]:
    """Members' first callouts waiting for an organiser, the longest waiting first."""
    return callouts_for_cards().filter(held_at__isnull=False).order_by("held_at", "id")


def open_reports() -> QuerySet[Report]:
    return Report.objects.filter(handled_at__isnull=True).select_related(
        "callout__author__profile", "reporter__profile"
    )


def topic_timeline(*, topic: Topic, members_view: bool, limit: int) -> list[TimelineItem]:
    """The callouts in the feed on a topic, for its timeline (archive/registry.py): members only."""
    if not members_view:
        return []
    callouts = in_feed().filter(topics=topic).prefetch_related(None).order_by("-created_at")[:limit]
    return [
        TimelineItem("callout", c.created_at, c, _("Callout"), "callouts/timeline_callout.html")
        for c in callouts
    ]
