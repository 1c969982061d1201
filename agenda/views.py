"""Thin views of the UIT-agenda: the public agenda (filters in the URL, HTMX results), an event's
page (JSON-LD, Open Graph, "Zet in je agenda"), submitting, editing, cancelling, the organisers'
queue, campaigns, the calendar feeds (agenda/calendars.py), and the agenda on other sites: an
embed for an iframe and the open data (/agenda.json)."""

from __future__ import annotations

import hashlib

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from agenda import calendars, permissions, selectors, services, structured_data
from agenda.forms import AgendaFilterForm, ApproveForm, EventForm, RefuseForm
from agenda.models import Campaign, Event
from boards.models import Meeting
from cmij.decorators import role_required
from cmij.forms import filter_chips
from cmij.images import image_name, image_response, public_image_response
from cmij.text import plain_text
from profiles.limits import member_limited
from profiles.roles import is_member


def _event(request: HttpRequest, event_id: int, queryset=None) -> Event:
    """An event the viewer may see; a pending or refused one is a 404 for anyone else."""
    event = get_object_or_404(queryset if queryset is not None else selectors.events_for_cards(), pk=event_id)
    if not permissions.can_view_event(request.user, event):
        raise Http404
    return event


def _add_errors(form: Form, error: ValidationError) -> None:
    """A service's errors on the form's fields, or above the form for what it has no field for."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _webcal(url: str) -> str:
    return "webcal://" + url.split("://", 1)[-1]


def _ics(body: bytes, *, filename: str, download: bool = False) -> HttpResponse:
    response = HttpResponse(body, content_type=calendars.CONTENT_TYPE)
    response["Content-Disposition"] = f'{"attachment" if download else "inline"}; filename="{filename}"'
    return response


# --- the agenda -------------------------------------------------------------------------------------


def _filters(request: HttpRequest) -> tuple[AgendaFilterForm, selectors.AgendaQuery]:
    form = AgendaFilterForm(request.GET)
    return form, form.agenda_query() if form.is_valid() else selectors.AgendaQuery()


@require_GET
@vary_on_headers("HX-Request", "Cookie")
def agenda_page(request: HttpRequest) -> HttpResponse:
    """Upcoming events by day; filters in the URL; HTMX asks for the results only."""
    form, query = _filters(request)
    page = Paginator(selectors.agenda_events(query=query), selectors.PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    events = selectors.attach_twins(list(page.object_list))
    for event in events:
        event.shown_makers = selectors.event_makers(event, request.user)
    params = request.GET.copy()
    params.pop("pagina", None)
    query_string = params.urlencode()
    feed_url = structured_data.absolute_url(f"/agenda.ics{'?' + query_string if query_string else ''}")
    context = {
        "form": form,
        "page": page,
        "days": selectors.agenda_days(events, first_day=query.first_day),
        "query_string": query_string,
        "chips": filter_chips(form, params),
        "feed_url": feed_url,
        "webcal_url": _webcal(feed_url),
        "embed_url": _embed_url(query_string),
        "can_submit": permissions.can_submit_event(request.user),
        "can_review": permissions.can_review_events(request.user),
        "now": timezone.now(),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "agenda/agenda.html#agenda-results", context)
    return render(request, "agenda/agenda.html", context)


@require_GET
def agenda_ics(request: HttpRequest) -> HttpResponse:
    """The agenda as a calendar feed: the same filters, the same selector as the page."""
    _form, query = _filters(request)
    events = selectors.attach_twins(list(selectors.agenda_events(query=query)[: selectors.FEED_MAX]))
    name = _("Culture agenda IJmond")
    return _ics(calendars.calendar_ics(name=name, events=events), filename="cmij-agenda.ics")


# --- one event --------------------------------------------------------------------------------------


@require_GET
@vary_on_headers("Cookie")
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    queryset = (
        selectors.events_for_cards().select_related("submitted_by__profile").prefetch_related("campaigns")
    )
    event = _event(request, event_id, queryset)
    selectors.attach_twins([event])
    user = request.user
    public = event.is_published
    return render(
        request,
        "agenda/event.html",
        {
            "event": event,
            "makers": selectors.event_makers(event, user),
            "is_past": event.ends_at < timezone.now(),
            "can_edit": permissions.can_edit_event(user, event),
            "can_cancel": permissions.can_cancel_event(user, event),
            "can_review": permissions.can_review_events(user) and event.status == Event.Status.PENDING,
            "is_submitter": permissions.is_event_submitter(user, event),
            # Search engines and previews read only what an anonymous visitor may see.
            "json_ld": structured_data.json_ld(structured_data.event_structured_data(event))
            if public
            else "",
            "page_url": structured_data.absolute_url(event.get_absolute_url()),
            "image_url": structured_data.event_image_url(event),
            "summary": plain_text(event.description_html)[:300],
            "approve_form": ApproveForm(initial={"campaigns": list(event.campaigns.all())}),
            "refuse_form": RefuseForm(),
        },
    )


@require_GET
@vary_on_headers("Cookie")
def event_image(request: HttpRequest, event_id: int, width: int | None = None) -> HttpResponse:
    """The image, or one of its widths, under its event's visibility: never a public file address.
    A published event's image may be kept by any cache; one still waiting (and a 404), only by the
    browser."""
    try:
        event = _event(request, event_id, Event.objects.all())
    except Http404:
        event = None
    response = image_response(image_name(event, width))
    shared = event is not None and event.is_published and response.status_code == 200
    patch_cache_control(response, max_age=3600, **({"public": True} if shared else {"private": True}))
    return response


@require_GET
def campaign_image(request: HttpRequest, slug: str, width: int | None = None) -> HttpResponse:
    """A campaign's image, or one of its widths (cmij.images); campaigns are public, and so is it."""
    campaign = Campaign.objects.filter(slug=slug).only("image", "image_width").first()
    return public_image_response(image_name(campaign, width))


@require_GET
def event_ics(request: HttpRequest, event_id: int) -> HttpResponse:
    """ "Zet in je agenda": this one event, as a file."""
    event = _event(request, event_id, Event.objects.all())
    body = calendars.calendar_ics(name=event.title, events=[event], feed=False)
    return _ics(body, filename=f"{slugify(event.title)[:60] or 'event'}.ics", download=True)


@require_http_methods(["GET", "POST"])
@role_required(is_member)
def event_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_submit_event(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with member_limited(request.user, "events"):
                event = services.event_submit(by=request.user, **form.service_arguments())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Thank you! An organiser looks at your event before it is published.")
            )
            return redirect(event)
    return render(
        request,
        "agenda/event_form.html",
        {"form": form, "event": None},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@role_required(is_member)
def event_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id, Event.objects.all())
    if not permissions.can_edit_event(request.user, event):
        raise PermissionDenied
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        instance=Event.objects.get(pk=event.pk),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_update(event=event, by=request.user, **form.service_arguments())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if event.status == Event.Status.PENDING:
                messages.success(
                    request, _("Saved. An organiser looks at your event before it is published.")
                )
            else:
                messages.success(request, _("The event was saved."))
            return redirect(event)
    return render(
        request,
        "agenda/event_form.html",
        {"form": form, "event": event},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@role_required(is_member)
def event_cancel(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id, Event.objects.all())
    services.event_cancel(event=event, by=request.user)
    messages.success(request, _("The event is cancelled. Its page and calendars say so."))
    return redirect(event)


# --- the organisers' queue, and your own events -----------------------------------------------------------


@require_GET
@role_required(is_member)
def event_queue(request: HttpRequest) -> HttpResponse:
    if not permissions.can_review_events(request.user):
        raise PermissionDenied
    return render(request, "agenda/queue.html", _queue_context(request))


def _queue_context(request: HttpRequest, **forms_given) -> dict:
    events = list(selectors.event_queue().prefetch_related("campaigns"))
    for event in events:
        event.shown_makers = selectors.event_makers(event, request.user)
        event.approve_form = ApproveForm(
            prefix=f"event-{event.pk}", initial={"campaigns": list(event.campaigns.all())}
        )
        event.refuse_form = forms_given.get(f"refuse-{event.pk}") or RefuseForm(prefix=f"event-{event.pk}")
    return {"events": events, "now": timezone.now()}


@require_POST
@role_required(is_member)
def event_approve(request: HttpRequest, event_id: int) -> HttpResponse:
    if not permissions.can_review_events(request.user):
        raise PermissionDenied
    event = _event(request, event_id, Event.objects.all())
    form = ApproveForm(request.POST, prefix=_prefix(request, event))
    campaigns = form.cleaned_data["campaigns"] if form.is_valid() else None
    services.event_approve(event=event, by=request.user, campaigns=campaigns)
    messages.success(request, _("“%(title)s” is published in the agenda.") % {"title": event.title})
    return redirect("agenda:event_queue")


@require_POST
@role_required(is_member)
def event_refuse(request: HttpRequest, event_id: int) -> HttpResponse:
    if not permissions.can_review_events(request.user):
        raise PermissionDenied
    event = _event(request, event_id, Event.objects.all())
    form = RefuseForm(request.POST, prefix=_prefix(request, event))
    if form.is_valid():
        try:
            services.event_refuse(event=event, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("“%(title)s” was not published; the submitter sees why.") % {"title": event.title}
            )
            return redirect("agenda:event_queue")
    context = _queue_context(request, **{f"refuse-{event.pk}": form})
    return render(request, "agenda/queue.html", context, status=400)


def _prefix(request: HttpRequest, event: Event) -> str | None:
    """The queue's forms carry a prefix per event; the event page's do not."""
    prefix = f"event-{event.pk}"
    return prefix if any(key.startswith(f"{prefix}-") for key in request.POST) else None


@require_GET
@role_required(is_member)
def my_events(request: HttpRequest) -> HttpResponse:
    """The events you submitted, with where they stand (and why one was not published)."""
    return render(
        request,
        "agenda/my_events.html",
        {"events": list(selectors.events_submitted_by(request.user)), "now": timezone.now()},
    )


# --- campaigns --------------------------------------------------------------------------------------------


@require_GET
@vary_on_headers("Cookie")
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    events = list(selectors.campaign_events(campaign))
    for event in events:
        event.shown_makers = selectors.event_makers(event, request.user)
    feed_url = structured_data.absolute_url(f"/agenda/campagnes/{campaign.slug}/agenda.ics")
    now = timezone.now()
    return render(
        request,
        "agenda/campaign.html",
        {
            "campaign": campaign,
            "upcoming": [event for event in events if event.ends_at >= now],
            "past": [event for event in events if event.ends_at < now],
            "makers": selectors.campaign_makers(events, request.user),
            "page_url": structured_data.absolute_url(campaign.get_absolute_url()),
            "summary": plain_text(campaign.text_html)[:300],
            "feed_url": feed_url,
            "webcal_url": _webcal(feed_url),
            "now": now,
        },
    )


@require_GET
def campaign_ics(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    events = selectors.campaign_events(campaign)[: selectors.FEED_MAX]
    return _ics(
        calendars.calendar_ics(name=f"CMIJ: {campaign.name}", events=events),
        filename=f"cmij-{campaign.slug}.ics",
    )


# --- CMIJ's own sessions --------------------------------------------------------------------------------


@require_GET
def meetings_ics(request: HttpRequest) -> HttpResponse:
    body = calendars.calendar_ics(name=_("CMIJ sessions"), meetings=selectors.meetings_for_feed())
    return _ics(body, filename="cmij-bijeenkomsten.ics")


@require_GET
def meeting_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Zet in je agenda" on a meeting's page: meetings are public, as their page is."""
    meeting = get_object_or_404(Meeting.objects.select_related("municipality"), slug=slug)
    body = calendars.calendar_ics(name=meeting.title, meetings=[meeting], feed=False)
    return _ics(body, filename=f"{meeting.slug[:60]}.ics", download=True)


def meeting_action(request: HttpRequest, meeting: Meeting) -> dict:
    """ "Add to your calendar" on a meeting's page (boards/registry.py)."""
    return {"meeting": meeting}


# --- the agenda on other sites: the embed and the open data --------------------------------------------

#: Seconds a browser or a shared cache may keep the embed and the open data: they show the same to all.
PUBLIC_MAX_AGE = 300


def _address(url_name: str, params: QueryDict, page_number: int = 1) -> str:
    """Our absolute address of `url_name` with these parameters, at this page of its list."""
    wanted = params.copy()
    if page_number > 1:
        wanted["pagina"] = str(page_number)
    query = wanted.urlencode()
    return structured_data.absolute_url(f"{reverse(url_name)}{'?' + query if query else ''}")


def _embed_url(query_string: str) -> str:
    """The embed of this view of the agenda, for a partner's iframe (the agenda page's snippet): its
    filters, and the language it is read in when that is not Dutch."""
    params = QueryDict(query_string, mutable=True)
    if (language := translation.get_language()) != settings.LANGUAGE_CODE:
        params["taal"] = language
    return _address("agenda:embed", params)


def _embed_language(request: HttpRequest) -> str:
    """?taal=en, else Dutch: not the visitor's cookie, which a partner's frame does not carry
    dependably, so the same address always reads the same."""
    language = request.GET.get("taal", "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@require_safe
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def agenda_embed(request: HttpRequest) -> HttpResponse:
    """The agenda for an iframe on any site (the only page that may be framed): the agenda's filters
    and pages, no header, no script, no cookie; every link opens outside the frame ("more" at the
    full agenda's next page). The same for everyone (what an anonymous visitor sees), so any cache
    may keep it a while."""
    language = _embed_language(request)
    with translation.override(language):
        form, query = _filters(request)
        page = Paginator(selectors.agenda_events(query=query), selectors.PAGE_SIZE).get_page(
            request.GET.get("pagina")
        )
        events = selectors.attach_twins(list(page.object_list))
        for event in events:
            event.shown_makers = selectors.event_makers(event, AnonymousUser())
            event.page_url = structured_data.absolute_url(event.get_absolute_url())
        params = request.GET.copy()
        for name in ("pagina", "taal"):
            params.pop(name, None)
        response = render(
            request,
            "agenda/embed.html",
            {
                "form": form,
                "page": page,
                "days": selectors.agenda_days(events, first_day=query.first_day),
                "chips": filter_chips(form, params),
                # The full agenda with the same filters; "more" and "earlier" at its pages.
                "agenda_url": _address("agenda:agenda", params),
                "next_url": _address("agenda:agenda", params, page.next_page_number())
                if page.has_next()
                else "",
                "previous_url": _address("agenda:agenda", params, page.previous_page_number())
                if page.has_previous()
                else "",
                "now": timezone.now(),
            },
        )
    response["Content-Language"] = language
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def _open_to_all(response: HttpResponse) -> HttpResponse:
    """Readable by a script on any site (CORS): the open data holds nothing that is not public."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Link"
    return response


def _json_problem(status: int, detail: str, **more: object) -> HttpResponse:
    body = structured_data.json_document({"status": status, "detail": detail, **more})
    return _open_to_all(HttpResponse(body, status=status, content_type="application/json; charset=utf-8"))


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def agenda_json(request: HttpRequest) -> HttpResponse:
    """The agenda as open data: a schema.org ItemList of Events in JSON-LD, with the agenda's filters
    and pages (?pagina=; the next and previous in a Link header and as nextPage / previousPage).
    A strong ETag from the body answers If-None-Match with 304; any origin may read it."""
    if request.method == "OPTIONS":  # a CORS preflight: a script sending If-None-Match asks first
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Methods"] = "GET, HEAD"
        response["Access-Control-Allow-Headers"] = "If-None-Match"
        response["Access-Control-Max-Age"] = "86400"
        return _open_to_all(response)
    form = AgendaFilterForm(request.GET)
    if not form.is_valid():
        return _json_problem(400, "Some filters could not be read.", errors=form.errors.get_json_data())
    paginator = Paginator(selectors.agenda_events(query=form.agenda_query()), selectors.PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("pagina") or 1)
    except InvalidPage:
        return _json_problem(404, "There is no such page.")
    params = request.GET.copy()
    params.pop("pagina", None)
    data = structured_data.event_list_structured_data(
        selectors.attach_twins(list(page.object_list)),
        url=_address("agenda:agenda_json", params, page.number),
        total=paginator.count,
        first_position=page.start_index(),
    )
    links = []
    if page.has_next():
        data["nextPage"] = _address("agenda:agenda_json", params, page.next_page_number())
        links.append(f'<{data["nextPage"]}>; rel="next"')
    if page.has_previous():
        data["previousPage"] = _address("agenda:agenda_json", params, page.previous_page_number())
        links.append(f'<{data["previousPage"]}>; rel="prev"')
    body = structured_data.json_document(data)
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    response["ETag"] = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    if links:
        response["Link"] = ", ".join(links)
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return _open_to_all(get_conditional_response(request, etag=response["ETag"], response=response))
