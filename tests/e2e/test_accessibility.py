"""The accessibility crawl (issue #16): every page of the app, reached through its own links and forms
as each role, in Dutch and in English, at 360, 640 and 1280 px, judged by axe-core's WCAG 2.2 A and AA
rules, for overflow and clipped text, console errors, failed requests and strings in the wrong language.
Zero serious or critical findings; every other finding goes into build/accessibility-report.md.

Marked e2e (by tests/conftest.py, like every browser test) and a11y: `.ci/run` runs it as its own part
with its own budget (10 minutes, DESIGN.md "Tests and CI")."""

from __future__ import annotations

import io
import re
import threading
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from django.views.defaults import server_error
from PIL import Image

from agenda import services as agenda_services
from agenda.models import Event
from archive import selectors as archive_selectors
from archive import services as archive_services
from archive.models import Summary
from boards import services as board_services
from boards.identity import Participant
from boards.models import Board, Guest, Idea, Meeting
from callouts import services as callout_services
from callouts.models import Callout
from cmij.demo import DEMO_SESSION_TITLE
from profiles import services as profile_services
from profiles.models import Discipline, Municipality
from teams import services as team_services
from tests.e2e.conftest import CHROMIUM_ARGS
from tests.e2e.crawl import Check, Crawl, WrongLanguage
from tests.helpers.servers import daphne
from tests.helpers.services import require_chromium

pytestmark = [pytest.mark.a11y, pytest.mark.timeout(900)]

# How long the crawl may wait for its second browser. Its time is measured, not asserted: the report
# and the CI part print it against the part's budget of 600 s (DESIGN.md "Tests and CI").
SIDE_BROWSER_WAIT = 540

# URL names the crawl does not have to reach, and why.
EXCLUDED = {
    "admin:*": "Django's admin: not ours",
    "healthz": "not a page: the health check of the proxy and the tests",
    "account_confirm_login_code": "logging in by an emailed code is switched off (allauth's login by code)",
    "teams:team_live": "not a page: the fragment a team page fetches when a push says the team changed",
    "boards:guest_list": "not a page: the guest list a facilitator's board fetches when a push says it changed",
}

# URL names that answer with a file (feeds, calendars, exports, images, the data download): reached
# when a crawled page offers them, never loaded as a page.
FILES = {
    "boards:export",
    "archive:archive_feed",
    "boards:registrations_csv",
    "agenda:agenda_ics",
    "agenda:meetings_ics",
    "agenda:event_ics",
    "agenda:campaign_ics",
    "agenda:agenda_json",
    "agenda:meeting_ics",
    "agenda:event_image",
    "agenda:campaign_image",
    "boards:meeting_image",
    "profiles:photo",
    "profiles:data",
}

MEMBER_ROLES = ("member", "team member", "coordinator", "facilitator", "organiser")
# Crawled in a second browser at the same time as the rest when PARALLEL (this machine has two cores).
PARALLEL = True
SIDE_ROLES = ("member", "team member", "coordinator")

# What the crawl found and what was done about it, for the report.
NOTES = """
## What the crawl found and what was fixed

- templates/500.html said `lang="nl"` in English too; it now takes the language in use.
- The profile page had no way to the password and email pages (allauth's): it links to them now.
- At 360 px the facts lists (`dl.facts`: a profile's role, an event's details) were up to 413 px wide:
  the term column took its full width (`max-content`); it now takes at most 40 % and wraps.
- The "Forgot your password?" link alone under a label was a 22 px touch target next to the field
  (axe target-size, WCAG 2.2 2.5.8): links in help text are 24 px high now.
- The network's name in the header ("Cultuurmakers IJmond") is a name, not a translation: marked
  `translate="no"`. The column choices on a board are the facilitator's own words (user content,
  like the column headings): the selects carry `hx-disable` like other containers of user text.
- A hidden idea on the facilitator's board was faded with `opacity: 0.6`, its text below 4.5:1
  (found once the crawl hid an idea, so that "show again" is reached): it is set apart by a washed
  background and a dashed border now, its text at full contrast.
- #25 added four checks of the page's structure (duplicate ids, invalid `<time datetime>`, a heading
  level skipped, a form control under 44 px at 360 px) and axe in the dark scheme, once per URL name.
  They found: the event cards on "My events" and the review queue were h3 right below the page's h1
  (the card takes `heading="h2"` there); the callout page had `id_reason` twice for an organiser (the
  report form and the hide form: the hide form's ids are `id_hide_*` now); the "clear" checkbox of a
  photo was a 24 px target with its inline label (labels after a checkbox or radio are 44 px tall
  now); a danger button in the dark scheme had white text on light red (`--on-danger`).

The 500 page: the served app has no honest way to fail with an unhandled exception (that would be a
bug in it), so Django's handler500 renders templates/500.html here and the crawl sets it into a page
of the served app's origin (its stylesheet comes from there).

## Found in the app, not changed here

- A hidden callout is found again only through a notification: the reports page drops a report once
  its callout is hidden, and no list shows hidden callouts. Notifications about a hidden callout
  lead other members to a 403 page.
- The demo's default column names ("Ideeën", "Vragen", "Kansen") are stored in the language the board
  was made in, so an English page shows them in Dutch.
"""

User = get_user_model()


def url_names(resolver=None, namespace: str = "") -> set[str]:
    """Every named URL pattern of the project, namespaced, walking includes recursively."""
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def excluded(name: str) -> bool:
    return name in EXCLUDED or any(rule.endswith("*") and name.startswith(rule[:-1]) for rule in EXCLUDED)


def reached(name: str, ways: list) -> bool:
    """Loaded as a page; or, for a file, linked to; or, for an action, offered by a crawled page (a
    form that posts, hx-post, ...). A page only linked to, never loaded, is not reached."""
    if any(way.how in ("page", "set_content") for way in ways):
        return True
    if name in FILES:
        return bool(ways)
    actions = ("form POST", "formaction POST", "hx-post", "hx-put", "hx-patch", "hx-delete")
    return any(way.how.startswith(actions) for way in ways)


def picture(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (40, 110, 160)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def served(transactional_db, settings, tmp_path):
    """The app served by daphne, with its uploads in a folder of this test."""
    settings.MEDIA_ROOT = tmp_path
    with daphne(CMIJ_MEDIA_ROOT=str(tmp_path)) as url:
        yield url


def prepare_demo() -> dict:
    """The demo, plus what makes every action show somewhere: an idea waiting for approval on the
    moderated plenary board, a pending agenda event with a picture, a team request, a topic proposal,
    a reported and a hidden callout, a follow, a photo on a profile and a summary back to draft."""
    call_command("seed_demo", verbosity=0)
    people = {
        "organiser": User.objects.get(email="organisator@demo.cmij.nl"),
        "facilitator": User.objects.get(email="facilitator@demo.cmij.nl"),
        "coordinator": User.objects.get(email="maker@demo.cmij.nl"),  # coordinates "Ateliers in leegstand"
        "team member": User.objects.get(email="kees@demo.cmij.nl"),  # in "UIT-agenda IJmond"
        "member": User.objects.get(email="fatima@demo.cmij.nl"),  # in no team, facilitates nothing
    }
    meeting = Meeting.objects.get(title=DEMO_SESSION_TITLE)
    plenary = meeting.boards.get(kind=Board.Kind.PLENARY)
    facilitator, organiser, member = people["facilitator"], people["organiser"], people["member"]

    board_services.board_update_settings(board=plenary, by=facilitator, moderated=True)
    board_services.idea_create(
        board=plenary,
        participant=Participant(user=people["team member"]),
        prompt=plenary.prompts.first(),
        text="Een gedeelde bus voor decors tussen de verenigingen",
        client_msg_id="a11y-crawl-pending",
    )
    start = timezone.now() + timedelta(days=12)
    pending_event = agenda_services.event_submit(
        by=member,
        image=picture("dansavond.png"),
        image_alt="Dansers in een kring onder gekleurd licht",
        title="Dansavond in de bibliotheek",
        description="Een avond dans voor iedereen.",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue="Bibliotheek Heemskerk",
        address="Maerten van Heemskerckplein 1",
        municipality=Municipality.objects.get(slug="heemskerk"),
        free=True,
        price="",
        makers=[member],
        disciplines=list(Discipline.objects.filter(slug="dans")),
    )
    idea = Idea.objects.filter(status=Idea.Status.VISIBLE, teams__isnull=True, board__meeting=meeting).first()
    team_services.team_request_create(
        idea=idea, by=member, name="Decorbus", goal="Een bus voor decors delen."
    )
    proposal = archive_services.proposal_create(
        topic=archive_selectors.topics_listed().first(), by=member, reason="Graag op de volgende avond."
    )
    others = Callout.objects.exclude(author=member).filter(status=Callout.Status.OPEN).order_by("pk")
    callout_services.report_create(callout=others[0], by=member, reason="Dit lijkt reclame.")
    # An organiser's own callout that no one else heard of, hidden: organisers find a hidden callout
    # only through a notification (hiding tells the author), and to others it is gone (403).
    hidden = callout_services.callout_create(
        author=organiser, kind=others[0].kind, title="Dubbele oproep", body="Per ongeluk twee keer geplaatst."
    )
    hidden = callout_services.callout_hide(callout=hidden, by=organiser, reason="Dubbel geplaatst.")
    # A callout of the team member's, answered and then closed: its answer's notification leads back.
    closed = Callout.objects.filter(author=people["team member"], status=Callout.Status.OPEN).first()
    callout_services.response_create(callout=closed, sender=member, body="Ik heb een set voor je.")
    callout_services.callout_close(callout=closed, by=people["team member"])
    callout_services.follow_add(member=member, discipline=Discipline.objects.get(slug="dans"))
    profile_services.photo_set(profile=people["coordinator"].profile, upload=picture("sanne.png"))
    draft = Summary.objects.filter(published_at__isnull=False).order_by("pk").first()
    archive_services.summary_unpublish(summary=draft, by=facilitator)
    # A newcomer's first callout, waiting for an organiser (its approve form on "Callouts to look
    # at"), and a deleted member's typed name in the draft, for its facilitators to review (#28).
    newcomer = profile_services.member_create(
        email="nieuwkomer@demo.cmij.nl", password=None, display_name="Noor Nieuw"
    )
    callout_services.callout_create(
        author=newcomer, kind=Callout.Kind.PEOPLE, title="Mijn eerste oproep", body="Wie helpt mee?"
    )
    archive_services.name_review_add(meeting=draft.meeting, name="Wim Weggegaan", leaving=newcomer)
    return {
        "meeting": meeting,
        "plenary": plenary,
        "people": people,
        "topic": proposal.topic.slug,
        "hidden callout": hidden.pk,
        "closed callout": closed.pk,
        "draft summary": draft.meeting.slug,
        "pending event": pending_event.pk,
        "campaign events": set(Event.objects.filter(campaigns__isnull=False).values_list("pk", flat=True)),
    }


def session_key(user) -> str:
    """A session of `user`, made here (no login form), as tests/e2e/conftest.py login_context does."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


class InOwnBrowser(threading.Thread):
    """Runs job(browser) in a thread with its own Playwright and Chromium: Playwright's sync API is
    one instance per thread. The job must not touch the ORM (the test's thread owns the database)."""

    def __init__(self, job):
        super().__init__(daemon=True)
        self.job = job
        self.error: BaseException | None = None
        self.start()

    def run(self):
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
                try:
                    self.job(browser)
                finally:
                    browser.close()
        except BaseException as error:  # handed to the test's thread
            self.error = error


def error_page_html(language: str) -> str:
    """templates/500.html as Django renders it for an unhandled exception (handler500)."""
    with translation.override(language):
        return server_error(RequestFactory().get("/")).content.decode()


def path_id(url: str) -> str:
    """The last part of a URL's path: the id or slug of what it shows."""
    return urlsplit(url).path.rstrip("/").split("/")[-1]


def test_every_page_as_every_role_is_accessible_and_complete_in_both_languages(
    browser, served, capsys, request
):
    began = time.monotonic()
    demo = prepare_demo()
    live_url = served
    meeting, plenary, people = demo["meeting"], demo["plenary"], demo["people"]
    crawl = Crawl(live_url, WrongLanguage.from_catalogue(), FILES)

    def open_page(role, logged_in=False, own_browser=None):
        """A page of a new context in `own_browser` (the test's browser unless given); logged in from a
        session made beforehand (the ORM stays in the test's thread)."""
        context = (own_browser or browser).new_context(viewport={"width": 1280, "height": 800})
        if logged_in:
            context.add_cookies([{"name": "sessionid", "value": sessions[role], "url": live_url}])
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page, crawl.watch(page, role)

    sessions = {role: session_key(people[role]) for role in MEMBER_ROLES}
    own_profiles = {role: str(people[role].profile.pk) for role in MEMBER_ROLES}

    # --- members, each from the home page (see below for who and where) -------------------------------
    def crawl_member(role, own_browser=None):
        page, page_state = open_page(role, logged_in=True, own_browser=own_browser)
        prefer = {"profiles:profile": lambda url: path_id(url) != own_profiles[role]}  # someone else's
        if role == "team member":
            prefer["callouts:callout"] = lambda url: path_id(url) == str(demo["closed callout"])
        if role == "organiser":
            prefer["callouts:callout"] = lambda url: path_id(url) == str(demo["hidden callout"])
        if role == "member":
            prefer["agenda:event"] = lambda url: path_id(url) == str(demo["pending event"])
        if role == "coordinator":
            prefer["archive:topic"] = lambda url: path_id(url) == demo["topic"]
        if role == "facilitator":  # the meeting whose summary is a draft again, and that draft
            prefer["boards:meeting"] = lambda url: path_id(url) == demo["draft summary"]
            prefer["archive:summary_edit"] = lambda url: demo["draft summary"] in url
        with crawl.timed(role):
            crawl.crawl(page, page_state, role, [live_url + "/"], prefer=prefer)
            notifications = live_url + reverse("notifications:notifications")
            crawl.follow_notifications(page, page_state, role, notifications, prefer=prefer)
        return page, page_state

    def member_extras(member, state):
        with crawl.timed("member"):
            # The directory with its filters set through its own form.
            crawl.goto(member, state, live_url + reverse("profiles:directory"))
            form = member.locator("main form[method=get]").first
            form.locator("input[name=samenwerken]").check()
            member.wait_for_url("**samenwerken=on**")
            form.locator("details summary").first.click()
            form.locator("details input[type=checkbox]").first.check()
            member.wait_for_url("**discipline=**")
            crawl.audit(member, state, "member", "profiles:directory", member.url, "its filter form")
            # 403: the projector view without its link's token.
            projector_path = reverse("boards:projector", args=[plenary.pk])
            crawl.audit(
                member, state, "member", "403", live_url + projector_path, "error page", expect_status=403
            )
            # Where allauth sends a member by itself (to confirm the password again; to set a first one).
            for name in ("account_reauthenticate", "account_set_password"):
                crawl.audit(member, state, "member", name, live_url + reverse(name), "where allauth sends")

    def side_roles(own_browser):
        for role in SIDE_ROLES:
            page, page_state = crawl_member(role, own_browser)
            if role == "member":
                member_extras(page, page_state)
            page.context.close()

    # Two browsers at once (two cores): the side roles in a second Chromium, in a thread of their own.
    side = InOwnBrowser(side_roles) if PARALLEL else None
    if side is not None:  # done before the server stops, even when this thread fails
        request.addfinalizer(lambda: side.join(timeout=SIDE_BROWSER_WAIT))

    # --- the anonymous visitor: everything public, a form with errors, the error pages ---------------
    visitor, state = open_page("anonymous")
    with crawl.timed("anonymous"):
        # An event of the June campaign too: only it links to the campaign page.
        crawl.crawl(
            visitor,
            state,
            "anonymous",
            [live_url + "/"],
            prefer={"agenda:event": lambda url: int(path_id(url)) in demo["campaign events"]},
        )

        def wrong_password(page):  # a form with errors: the login form, a wrong password
            crawl.goto(page, state, live_url + reverse("account_login"))
            page.locator("input[name=login]").fill("maker@demo.cmij.nl")
            page.locator("input[name=password]").fill("not-the-password")
            with page.expect_navigation(wait_until="load"):
                page.locator("main form[method=post] [type=submit]").first.click()

        login_url = live_url + reverse("account_login")
        crawl.audit(
            visitor, state, "anonymous", "account_login", login_url, "sent with errors", load=wrong_password
        )
        crawl.audit(
            visitor, state, "anonymous", "404", live_url + "/bestaat-niet/", "error page", expect_status=404
        )
        # 500: Django renders templates/500.html for an unhandled exception. The app has no honest way
        # to raise one (that would be a bug in it), so the page Django renders is set into a page of
        # the served app (its stylesheet comes from there).
        crawl.audit_content(
            visitor, state, "anonymous", "500", {lang: error_page_html(lang) for lang in ("nl", "en")}
        )
        # Pages reached only through the link in an email, made as the email makes it.
        coordinator = people["coordinator"]
        kwargs = {
            "uidb36": user_pk_to_url_str(coordinator),
            "key": default_token_generator.make_token(coordinator),
        }
        crawl.audit(
            visitor,
            state,
            "anonymous",
            "account_reset_password_from_key",
            live_url + reverse("account_reset_password_from_key", kwargs=kwargs),
            "the link in the password reset email",
        )
        member = people["member"]
        address, _created = EmailAddress.objects.get_or_create(user=member, email=member.email)
        EmailAddress.objects.filter(pk=address.pk).update(verified=False)
        address.refresh_from_db()
        crawl.audit(
            visitor,
            state,
            "anonymous",
            "account_confirm_email",
            live_url + reverse("account_confirm_email", kwargs={"key": EmailConfirmationHMAC(address).key}),
            "the link in the confirmation email",
        )
        # Pages the app shows only where a form's POST leads (its redirect), loaded directly.
        for name in (
            "account_reset_password_done",
            "account_reset_password_from_key_done",
            "account_inactive",
            "account_email_verification_sent",
        ):
            crawl.audit(
                visitor, state, "anonymous", name, live_url + reverse(name), "where a form's POST leads"
            )
    visitor.context.close()

    def boards_only(name):  # beyond their meeting's boards a guest sees what the visitor sees
        return name.startswith("boards:")

    def projector_only(name):  # the projector link opens the projector view, and the rest is public
        return name == "boards:projector"

    # --- a guest, joined once through the join form ---------------------------------------------------
    guest, guest_state = open_page("guest")
    with crawl.timed("guest"):
        crawl.set_language(guest.context, "nl")
        crawl.goto(guest, guest_state, live_url + reverse("boards:join"))
        guest.locator("input[name=code]").fill(meeting.join_code)
        guest.locator("input[name=display_name]").fill("Gast Noor")
        with guest.expect_navigation(wait_until="load"):
            guest.locator("form[action$='/meedoen/'] [type=submit]").click()
        guest_board = guest.url
        assert reverse("boards:board", args=[plenary.pk]) in guest_board
        crawl.crawl(guest, guest_state, "guest", [guest_board], scope=boards_only)

    pages = {}
    for role in MEMBER_ROLES:
        if PARALLEL and role in SIDE_ROLES:
            continue
        pages[role] = crawl_member(role)
        if role == "member":
            member_extras(*pages[role])

    # --- the projector link ----------------------------------------------------------------------------
    projector, projector_state = open_page("projector")
    projector_url = (
        live_url + reverse("boards:projector", args=[plenary.pk]) + f"?t={plenary.projector_token}"
    )
    with crawl.timed("projector"):
        crawl.crawl(projector, projector_state, "projector", [projector_url], scope=projector_only)

    # --- the board in each phase: a participant who votes, its facilitator, the projector -------------
    facilitator, facilitator_state = pages["facilitator"]
    board_url = live_url + reverse("boards:board", args=[plenary.pk])
    guest_row = Guest.objects.get(meeting=meeting, display_name="Gast Noor")
    with crawl.timed("board phases"):
        # One idea pinned and one hidden: the facilitator's board offers "unpin" and "show again" too
        # (each moderation action has its own URL name).
        pinned, hidden = plenary.ideas.filter(status=Idea.Status.VISIBLE).order_by("pk")[:2]
        board_services.idea_moderate(idea=pinned, by=people["facilitator"], action="pin")
        board_services.idea_moderate(idea=hidden, by=people["facilitator"], action="hide")
        for phase in Board.Phase.values:
            board_services.board_set_phase(board=plenary, by=people["facilitator"], phase=phase)
            if phase == Board.Phase.VOTE:  # a vote of the guest's own, to take back
                idea = plenary.ideas.filter(status=Idea.Status.VISIBLE).first()
                board_services.idea_vote(idea=idea, participant=Participant(guest=guest_row))
            # Each a crawl from the board: what only this phase offers is followed too.
            how = f"phase {phase}"
            crawl.crawl(guest, guest_state, "guest", [guest_board], scope=boards_only, how=how)
            crawl.crawl(facilitator, facilitator_state, "facilitator", [board_url], how=how)
            crawl.crawl(
                projector, projector_state, "projector", [projector_url], scope=projector_only, how=how
            )

    # --- the end of the meeting: every board closed, so "draft the summary" is offered --------------
    with crawl.timed("meeting closed"):
        board_services.meeting_boards_close(meeting=meeting, by=people["organiser"])
        meeting_url = live_url + meeting.get_absolute_url()
        crawl.crawl(
            facilitator,
            facilitator_state,
            "facilitator",
            [meeting_url],
            scope=lambda name: name == "boards:meeting",
            how="boards closed",
        )

    if side is not None:
        side.join()
        if side.error is not None:
            raise side.error

    # --- the verdict -----------------------------------------------------------------------------------
    names = {name for name in url_names() if not excluded(name)}
    missing = sorted(name for name in names if not reached(name, crawl.reached.get(name, [])))
    elapsed = time.monotonic() - began
    report = crawl.write_report(missing, EXCLUDED, elapsed, NOTES)
    blocking = crawl.blocking()
    with capsys.disabled():  # shown whether the test passes or not
        print(
            f"\naccessibility crawl: {len({(c.role, c.name) for c in crawl.checks})} pages, {len(crawl.checks)} checks, "
            f"{len(blocking)} blocking, {sum(len(c.minor) for c in crawl.checks)} other findings, "
            f"{elapsed:.0f} s; report: {report}"
        )
    assert not missing, f"URL names no crawled page reached: {missing}"
    assert not blocking, f"{len(blocking)} blocking findings (all in {report}):\n" + "\n".join(blocking[:80])


def test_the_crawl_sees_each_kind_of_fault_it_looks_for(browser, live_url):
    """The judges themselves, on a page made with one fault of each kind (with inline styles, so not
    under the app's Content-Security-Policy): a crawl that cannot fail proves nothing."""
    crawl = Crawl(live_url, WrongLanguage.from_catalogue(), FILES)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    crawl.watch(page, "probe")
    english = next(
        text for text in sorted(crawl.wrong_language.exact["nl"]) if re.fullmatch(r"[A-Za-z ]{8,}", text)
    )
    page.set_content(
        f"""<!doctype html><html lang="nl"><head><title>Proef</title>
        <link rel="stylesheet" href="{live_url}/static/css/cmij.css"></head><body><main>
        <h1>Proef</h1>
        <input type="text" name="unlabelled">
        <p style="color: #bbb; background: #fff">Te licht om te lezen</p>
        <div style="width: 500px; background: #eee">Te breed voor een telefoon</div>
        <p style="width: 100px; overflow: hidden; white-space: nowrap">Een zin die niet in honderd pixels past</p>
        <p>{english}</p>
        <p hx-disable>{english}</p>
        <p id="twice">Een</p><p id="twice">Twee</p>
        <p><time datetime="2026-12-05T20:00:00.123456+01:00">te precies</time>
          <time datetime="2026-12-05T20:00:00+01:00">goed</time> <time datetime="2026-12-05">ook goed</time></p>
        <h2>Deel</h2><h4>Te diep</h4>
        <input type="date" name="small" style="min-height: 0; height: 20px">
        <label><input type="checkbox" name="fine"> Een vinkje met zijn label</label>
        <style>@media (prefers-color-scheme: dark) {{ .night {{ color: #333; }} }}</style>
        <p class="night">Alleen 's nachts onleesbaar</p>
        </main></body></html>"""
    )
    wide, narrow, zoomed = (Check("probe", "probe", "", "", "nl", width) for width in (1280, 360, 640))
    crawl.judge(page, wide, axe=True, layout=False, clip=False, texts=True)
    page.set_viewport_size({"width": 360, "height": 800})
    crawl.judge(page, narrow, axe=False, layout=True, clip=False, texts=False)
    page.set_viewport_size({"width": 640, "height": 800})
    crawl.judge(page, zoomed, axe=False, layout=True, clip=True, texts=False)
    found = "\n".join(wide.blocking + narrow.blocking + zoomed.blocking)
    assert "axe critical: label" in found
    assert "axe serious: color-contrast" in found
    assert f"English on a Dutch page: {english}" in found and found.count(english) == 1  # not user text
    assert "overflow: the page is" in narrow.blocking[0] and "sticks out of the window: div" in found
    assert "clipped text: p" in "\n".join(zoomed.blocking)
    assert not any("overflow" in line for line in zoomed.blocking)  # 500 px fit in 640
    assert "duplicate id: #twice (2x)" in wide.blocking
    assert [line for line in wide.blocking if "datetime" in line] == [
        "invalid <time datetime>: '2026-12-05T20:00:00.123456+01:00'"
    ]
    assert 'heading level skipped: h2 then h4 "Te diep"' in wide.blocking
    small = [line for line in narrow.blocking if "under 44 px" in line]
    assert len(small) == 1 and "input[name=small] (" in small[0]  # the checkbox with its label is tall enough
    assert not any("under 44 px" in line for line in wide.blocking)  # measured on a phone only
    assert not any(".night" in line for line in wide.blocking)  # readable in the light scheme
    page.set_viewport_size({"width": 1280, "height": 800})
    dark = Check("probe", "probe", "", "", "nl", 1280)
    crawl.judge_dark(page, dark)
    assert any("color-contrast" in line and ".night" in line for line in dark.blocking)
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") is False  # light again

    page = page.context.new_page()  # on the app's own origin, to fetch from
    state = crawl.watch(page, "probe")
    crawl.goto(page, state, live_url + reverse("privacy"))
    with page.expect_console_message(lambda message: "kapot" in message.text):
        page.evaluate("console.error('kapot')")
    with page.expect_response(lambda response: response.url.endswith("/bestaat-niet/")):
        page.evaluate("fetch('/bestaat-niet/').catch(() => null)")
    assert any("console error" in line and "kapot" in line for line in crawl.problems)
    assert any(line.startswith("[probe] 404") and "/bestaat-niet/" in line for line in crawl.problems)
