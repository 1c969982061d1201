"""What the live socket needs from callouts: the reader's feed subscription.

Called by realtime.consumers (through database_sync_to_async); no Channels here.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.http import QueryDict

from callouts import permissions
from callouts.filters import FeedQuery
from callouts.forms import FeedFilterForm


class SubscriptionRefused(ValueError):
    pass


def may_follow_feed(*, user: AbstractBaseUser) -> bool:
    """Whether the reader may still follow the feed live (checked again when their rights change)."""
    return permissions.can_read_feed(user)


def feed_subscription(*, user: AbstractBaseUser, query: str) -> FeedQuery:
    """The reader's filters, validated with the same form as the page, as the hub's predicate."""
    if not may_follow_feed(user=user):
        raise SubscriptionRefused("not a member")
    form = FeedFilterForm(QueryDict(query))
    if not form.is_valid():
        raise SubscriptionRefused("invalid filters")
    return form.feed_query(user)
