"""Thin views for summaries (verslagen), the archive and its feed, topics and topic proposals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from archive import permissions, registry, selectors, services
from archive.forms import ArchiveFilterForm, ProposalForm, ScheduleForm, SummaryForm
from archive.models import NameReview, Summary, Topic, TopicProposal
from boards import permissions as board_permissions
from boards import selectors as board_selectors
from boards.models import Meeting
from cmij.forms import filter_chips
from cmij.registry import render_sections
from profiles.limits import member_limited
from profiles.references import Names, nameable_members, references_in

ARCHIVE_PAGE_SIZE = 20


def _summary(slug: str) -> Summary:
    return get_object_or_404(
        Summary.objects.select_related("meeting__municipality", "updated_by__profile"), meeting__slug=slug
    )


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- summaries ------------------------------------------------------------------------------------


@require_GET
@vary_on_headers("Cookie")
def summary_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A published summary is a public page; a draft only for those who may edit it (404 for others)."""
    summary = _summary(slug)
    if not permissions.can_view_summary(request.user, summary):
        raise Http404
    meeting = summary.meeting
    context = {
        "summary": summary,
        "names": Names.of(summary.text_html),
        "meeting": meeting,
        "topics": list(summary.topics.all()),
        # The action teams started at the meeting and its report-backs (archive/registry.py).
        "sections": render_sections(registry.summary_sections, request, summary),
        "can_edit": permissions.can_edit_summary(request.user, meeting),
    }
    return render(request, "archive/summary.html", context)


@require_POST
def summary_draft(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(meeting.get_absolute_url())
    try:
        services.summary_draft(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
        return redirect(meeting)
    return redirect("archive:summary_edit", slug=meeting.slug)


@require_http_methods(["GET", "POST"])
def summary_edit(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, slug=slug)
    if not permissions.can_edit_summary(request.user, meeting):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    summary = Summary.objects.select_related("meeting__municipality").filter(meeting=meeting).first()
    name_reviews = list(meeting.name_reviews.all())
    if summary is None:
        # Not drafted yet: say so, with the button that drafts it (or what stands in the way).
        context = {**meeting_summary_actions(request, meeting), "name_reviews": name_reviews}
        return render(request, "archive/summary_start.html", context)
    conflict: services.SummaryConflict | None = None
    base_version = summary.version
    if request.method == "POST":
        form = SummaryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.summary_save(
                    summary=summary,
                    by=request.user,
                    text=data["text"],
                    topics=data["topics"],
                    new_topics=data["new_topics"],
                    base_version=data["base_version"],
                )
            except services.SummaryConflict as error:
                conflict = error
                base_version = error.version
            except ValidationError as error:
                form.add_error(None, error)
                base_version = data["base_version"]
            else:
                messages.success(request, _("The summary was saved."))
                return redirect("archive:summary_edit", slug=slug)
        else:
            base_version = request.POST.get("base_version", "")
    else:
        form = SummaryForm(
            initial={
                "text": summary.text,
                "topics": list(summary.topics.all()),
                "base_version": summary.version,
            }
        )
    context = {
        "summary": summary,
        "meeting": summary.meeting,
        "form": form,
        "base_version": base_version,
        "conflict": conflict,
        # Members are named by reference (profiles/references.py): whom the editor may name, and
        # whom the saved text names.
        "members": nameable_members(),
        "named": references_in(summary.text),
        # A deleted member's name typed by hand here or in a report-back, to review (#28).
        "name_reviews": name_reviews,
    }
    status = 409 if conflict else (400 if request.method == "POST" else 200)
    return render(request, "archive/summary_edit.html", context, status=status)


@require_POST
def name_review_done(request: HttpRequest, slug: str, review_id: int) -> HttpResponse:
    review = get_object_or_404(NameReview.objects.select_related("meeting"), pk=review_id, meeting__slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("archive:summary_edit", kwargs={"slug": slug}))
    services.name_review_done(review=review, by=request.user)
    messages.success(request, _("Marked as reviewed."))
    return redirect("archive:summary_edit", slug=slug)


@require_POST
def meeting_close_and_draft(request: HttpRequest, slug: str) -> HttpResponse:
    """Close every board of the meeting and open its summary's draft (archive.services)."""
    meeting = get_object_or_404(Meeting, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(meeting.get_absolute_url())
    try:
        services.meeting_close_and_draft(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
        return redirect(meeting)
    messages.success(request, _("Every board is closed. This is the summary's draft."))
    return redirect("archive:summary_edit", slug=meeting.slug)


def _publish_view(service, done):
    @require_POST
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        summary = _summary(slug)
        if not request.user.is_authenticated:
            return redirect_to_login(summary.get_absolute_url())
        try:
            service(summary=summary, by=request.user)
        except ValidationError as error:
            messages.error(request, _messages_of(error))
            return redirect("archive:summary_edit", slug=slug)
        messages.success(request, str(done))
        return redirect(summary)

    return view


summary_publish = _publish_view(services.summary_publish, gettext_lazy("The summary is published."))
summary_unpublish = _publish_view(services.summary_unpublish, gettext_lazy("The summary is a draft again."))


# --- the archive ----------------------------------------------------------------------------------


@require_GET
@vary_on_headers("HX-Request")
def archive(request: HttpRequest) -> HttpResponse:
    """Every published summary, newest first; search and filters in the URL; HTMX gets the results."""
    form = ArchiveFilterForm(request.GET)
    query = form.query() if form.is_valid() else selectors.ArchiveQuery()
    page = Paginator(selectors.archive_summaries(query), ARCHIVE_PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    params = request.GET.copy()
    params.pop("pagina", None)
    context = {
        "form": form,
        "page": page,
        "names": Names.of(*(summary.text_html for summary in page.object_list)),
        "query_string": params.urlencode(),
        "chips": filter_chips(form, params),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "archive/archive.html#archive-results", context)
    return render(request, "archive/archive.html", context)


# --- topics ---------------------------------------------------------------------------------------


@require_GET
def topic_list(request: HttpRequest) -> HttpResponse:
    return render(request, "archive/topic_list.html", {"topics": selectors.topics_listed()})


def _topic_context(request: HttpRequest, topic: Topic, proposal_form: ProposalForm | None = None) -> dict:
    return {
        "topic": topic,
        "timeline": selectors.topic_timeline(topic=topic, viewer=request.user),
        "members_view": permissions.can_see_members_timeline(request.user),
        "proposals": list(selectors.proposals_of_topic(topic, request.user)),
        "can_propose": permissions.can_propose_topic(request.user),
        "proposal_form": proposal_form or ProposalForm(),
    }


@require_GET
@vary_on_headers("Cookie")
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    return render(request, "archive/topic.html", _topic_context(request, topic))


@require_POST
def topic_propose(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(topic.get_absolute_url())
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            with member_limited(request.user, "topic_proposals"):
                services.proposal_create(topic=topic, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your proposal is in. Others can now support it."))
            return redirect(topic)
    return render(request, "archive/topic.html", _topic_context(request, topic, form), status=400)


@require_POST
def proposal_support(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """Toggle your support; HTMX gets the proposal's row back."""
    proposal = get_object_or_404(TopicProposal.objects.select_related("topic"), pk=proposal_id)
    if not request.user.is_authenticated:
        return redirect_to_login(proposal.topic.get_absolute_url())
    service = (
        services.proposal_unsupport
        if selectors.proposal_supported_by(proposal, request.user)
        else services.proposal_support
    )
    try:
        service(proposal=proposal, by=request.user)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
        return redirect(proposal.topic)
    if request.htmx:
        shown = selectors.proposals_ranked(request.user).filter(pk=proposal.pk).first()
        if shown is not None:
            return render(request, "archive/topic.html#proposal", {"proposal": shown, "can_propose": True})
    return redirect(proposal.topic)


@require_POST
def proposal_schedule(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = get_object_or_404(TopicProposal.objects.select_related("topic"), pk=proposal_id)
    if not permissions.can_schedule_proposal(request.user):
        raise PermissionDenied
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a session."))
        return redirect("boards:meetings")
    meeting = form.cleaned_data["session"]
    try:
        services.proposal_schedule(proposal=proposal, meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(
            request,
            _("“%(topic)s” is on the programme. Whoever proposed or supported it hears of it.")
            % {"topic": proposal.topic.name},
        )
    return redirect(meeting)


# --- what the archive adds to the meeting page (boards/registry.py) ---------------------------------


def meeting_summary_actions(request: HttpRequest, meeting: Meeting) -> dict:
    """Read, edit or draft the meeting's summary, under its facts. "Draft" shows only when it can be
    done (every board closed); else the boards still open, and for those who may, one action that
    closes them and drafts."""
    can_edit = permissions.can_edit_summary(request.user, meeting)
    summary = Summary.objects.filter(meeting=meeting).first()
    open_boards = list(board_selectors.open_boards(meeting)) if can_edit and summary is None else []
    return {
        "meeting": meeting,
        "summary": summary,
        "can_edit": can_edit,
        "open_boards": open_boards,
        "can_close": bool(open_boards) and board_permissions.can_close_meeting(request.user, meeting),
    }


def programme_topics(request: HttpRequest, meeting: Meeting, programme: object) -> dict | None:
    """The topics an organiser put on the meeting's programme."""
    topics = list(selectors.topics_on_programme(meeting).select_related("topic"))
    return {"topics": topics} if topics else None


def meeting_proposals(request: HttpRequest, meeting: Meeting) -> dict | None:
    """Proposed topics, for organisers planning a meeting still to come."""
    if not permissions.can_schedule_proposal(request.user) or meeting.starts_at <= timezone.now():
        return None
    return selectors.meeting_proposals_context(meeting, request.user)
