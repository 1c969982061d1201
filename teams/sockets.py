"""What the live socket needs from action teams: may this user watch team N?

Called by realtime.consumers (through database_sync_to_async); no Channels here.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from teams import permissions
from teams.models import ActionTeam


def may_watch(*, user: AbstractBaseUser | AnonymousUser | None, team_id: int) -> bool:
    """A member may watch the live part of an existing team's page; anonymous visitors may not."""
    team = ActionTeam.objects.filter(pk=team_id).first()
    return team is not None and permissions.can_see_team_details(user, team)
