"""Demo data with realistic Dutch content. Idempotent: running it twice changes nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from boards import services as board_services
from boards.identity import Participant
from boards.models import Board, Session
from cmij.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SESSION_TITLE
from profiles import services as profile_services
from profiles.models import Discipline, Kern, Municipality
from profiles.reference import ensure_reference_data

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# email, name, kern, disciplines, level, stage, pay, bio
MAKERS = [
    (
        "organisator@demo.cmij.nl",
        "Marloes Bakker",
        "beverwijk",
        ["evenementen", "theater"],
        "professional",
        "behind_the_scenes",
        "paid",
        "Cultuurcoördinator in Beverwijk. Ik breng makers, podia en gemeente bij elkaar en organiseer de bijeenkomsten van CMIJ.",
    ),
    (
        "facilitator@demo.cmij.nl",
        "Jeroen Visser",
        "ijmuiden",
        ["muziek", "kunsteducatie"],
        "professional",
        "on_stage",
        "paid",
        "Muziekdocent en bandcoach in IJmuiden. Ik begeleid graag de deelsessie over jongeren en podiumkansen.",
    ),
    (
        "maker@demo.cmij.nl",
        "Sanne de Vries",
        "wijk-aan-zee",
        ["beeldende-kunst", "fotografie"],
        "both",
        "on_stage",
        "both",
        "Fotograaf en beeldend kunstenaar in Wijk aan Zee. Ik werk met licht, zand en staal en zoek een werkplaats voor groot werk.",
    ),
    (
        "fatima@demo.cmij.nl",
        "Fatima El Amrani",
        "heemskerk",
        ["dans", "kunsteducatie"],
        "professional",
        "on_stage",
        "paid",
        "Danser en choreograaf. In Heemskerk geef ik les aan kinderen en senioren en maak ik voorstellingen op locatie.",
    ),
    (
        "kees@demo.cmij.nl",
        "Kees Schouten",
        "velsen-noord",
        ["podiumtechniek", "muziek"],
        "amateur",
        "behind_the_scenes",
        "volunteer",
        "Vrijwilliger licht en geluid bij verschillende verenigingen in Velsen-Noord. Kan helpen met techniek bij kleine podia.",
    ),
    (
        "ingrid@demo.cmij.nl",
        "Ingrid Mulder",
        "santpoort-noord",
        ["literatuur", "erfgoed"],
        "amateur",
        "on_stage",
        "volunteer",
        "Schrijft verhalen over de geschiedenis van Santpoort en leest voor op erfgoeddagen. Zoekt een illustrator.",
    ),
    (
        "thijs@demo.cmij.nl",
        "Thijs de Jong",
        "velserbroek",
        ["film", "nieuwe-media"],
        "professional",
        "behind_the_scenes",
        "paid",
        "Filmmaker en editor uit Velserbroek. Maakt korte documentaires over makers in de IJmond.",
    ),
    (
        "noor@demo.cmij.nl",
        "Noor Hendriks",
        "beverwijk",
        ["theater", "cabaret"],
        "amateur",
        "on_stage",
        "volunteer",
        "Speelt bij een toneelvereniging in Beverwijk en schrijft cabaretteksten. Op zoek naar een repetitieruimte op dinsdagavond.",
    ),
]


class Command(BaseCommand):
    help = "Load demo data: reference data, demo members and a demo session (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        ensure_reference_data()
        users = {maker[0]: self.ensure_maker(*maker) for maker in MAKERS}
        roles = {email: role for email, _name, role in DEMO_ACCOUNTS}
        organiser = users[next(email for email, role in roles.items() if role == "organiser")]
        facilitator = users[next(email for email, role in roles.items() if role == "facilitator")]
        session = self.ensure_session(organiser, facilitator)
        if not session.boards.filter(kind=Board.Kind.BREAKOUT).exists():
            self.fill_boards(session, organiser, facilitator, users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(users)} makers, {session.boards.count()} boards, "
                f"session join code {session.join_code}."
            )
        )

    def ensure_maker(self, email, name, kern_slug, discipline_slugs, level, stage, pay, bio):
        User = get_user_model()
        user = User.objects.filter(email=email).first()
        role = next((role for e, _n, role in DEMO_ACCOUNTS if e == email), "member")
        if user is None:
            user = profile_services.member_create(
                email=email, password=DEMO_PASSWORD, display_name=name, is_staff=role == "organiser"
            )
            kern = Kern.objects.get(slug=kern_slug)
            profile_services.profile_update(
                profile=user.profile,
                municipality=kern.municipality,
                kern=kern,
                disciplines=list(Discipline.objects.filter(slug__in=discipline_slugs)),
                level=level,
                stage=stage,
                pay=pay,
                bio=bio,
                open_to_collaboration=True,
            )
        return user

    def ensure_session(self, organiser, facilitator) -> Session:
        session = Session.objects.filter(title=DEMO_SESSION_TITLE).first()
        if session is not None:
            return session
        # The next Thursday evening, 19:30 to 22:00, Amsterdam time.
        today = timezone.localdate()
        thursday = today + timedelta(days=(3 - today.weekday()) % 7 or 7)
        starts_at = datetime.combine(thursday, time(19, 30), tzinfo=AMSTERDAM)
        return board_services.session_create(
            by=organiser,
            title=DEMO_SESSION_TITLE,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2, minutes=30),
            place="Kunstencentrum Beverwijk, Zeestraat 12",
            municipality=Municipality.objects.get(slug="beverwijk"),
            theme="Hoe maken we cultuur in de IJmond samen zichtbaar?",
            description=(
                "Inloop vanaf 19.00 uur. Na een korte plenaire opening gaan we in drie deelsessies uiteen: "
                "een gezamenlijke UIT-agenda, ruimte om te maken en te repeteren, en jong talent op het podium. "
                "We sluiten af met een korte terugkoppeling en een drankje."
            ),
            facilitators=[facilitator],
        )

    def fill_boards(self, session, organiser, facilitator, users) -> None:
        """Two breakouts beside the plenary board, with ideas and votes, so a demo starts lively."""
        plenary = session.boards.get(kind=Board.Kind.PLENARY)
        agenda = board_services.board_create(
            session=session,
            by=organiser,
            title="Een gezamenlijke UIT-agenda",
            theme="Hoe zorgen we dat iedereen weet wat er te doen is?",
            facilitators=[facilitator],
        )
        ruimte = board_services.board_create(
            session=session,
            by=organiser,
            title="Ruimte om te maken",
            theme="Ateliers, repetitieruimtes en podia in de IJmond",
            facilitators=[facilitator],
        )
        makers = [Participant(user=user) for user in users.values()]
        ideas = {
            plenary: [
                "Elke bijeenkomst in een andere kern houden",
                "Een vaste inloopavond voor nieuwe makers",
            ],
            agenda: [
                "Eén agenda voor Beverwijk, Heemskerk en Velsen",
                "Makers zetten hun eigen voorstellingen erin, zonder tussenpersoon",
                "Een wekelijkse UIT-tip in de lokale krant",
            ],
            ruimte: [
                "Leegstaande winkels tijdelijk als atelier gebruiken",
                "Een overzicht van repetitieruimtes met prijzen",
                "Podiumtechniek delen tussen verenigingen",
            ],
        }
        for board, texts in ideas.items():
            prompt = board.prompts.first()
            for n, text in enumerate(texts):
                board_services.idea_create(
                    board=board,
                    participant=makers[n % len(makers)],
                    prompt=prompt,
                    text=text,
                    client_msg_id=f"demo-{board.pk}-{n}",
                )
        board_services.board_set_phase(board=agenda, by=facilitator, phase=Board.Phase.VOTE)
        for voter, idea in zip(makers, list(agenda.ideas.all()) * 3, strict=False):
            board_services.idea_vote(idea=idea, participant=voter)
