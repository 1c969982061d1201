from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from cmij.emails import email_subject, send_email_on_commit
from cmij.language import CHOSEN_BEFORE_LOGIN, set_language_cookie
from profiles import services as profile_services
from realtime import control, names


class AccountAdapter(DefaultAccountAdapter):
    """allauth, with its emails sent by the task worker instead of inside the request."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # The same context as allauth's own send_mail; then the message goes to the email task.
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        send_email_on_commit(self.render_mail(template_prefix, email, ctx))

    def format_email_subject(self, subject: str) -> str:
        """allauth's subject (its prefix too: the site's name, ACCOUNT_EMAIL_SUBJECT_PREFIX) on one line."""
        return email_subject(super().format_email_subject(subject))

    def post_login(self, request, user, **kwargs):
        """After logging in, the site speaks the language the member chose: on the switch just now,
        before logging in (then it is kept on the profile), or else the one on the profile."""
        response = super().post_login(request, user, **kwargs)
        language = request.session.pop(CHOSEN_BEFORE_LOGIN, "")
        if language and hasattr(user, "profile"):
            profile_services.profile_set_language(user=user, language=language)
        language = language or getattr(getattr(user, "profile", None), "preferred_language", "")
        if language:
            set_language_cookie(response, language)
        return response

    def logout(self, request):
        """Logging out closes the member's sockets with 4008 (stay away) in every tab."""
        user = request.user
        super().logout(request)
        if user.is_authenticated:
            control.close_sockets_on_commit(names.user_group(user.pk), code=control.CLOSE_STAY_AWAY)
