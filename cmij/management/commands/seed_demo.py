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
from callouts import services as callout_services
from callouts.models import Callout
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


# Callouts (oproepen): author, kind, title, Markdown body, disciplines, municipality (None: all of
# IJmond), happens_on in days from today (None: no date), place, the thread's messages as
# (sender, responder) where responder is None for a member writing to the author and the member
# whose thread it is for an author reply, and whether the author has closed it ("gevonden!").
# Several match the demo accounts' disciplines and municipality, and some of their own get
# responses, so each demo account finds unread notifications on its bell.
CALLOUTS = [
    {
        "author": "noor@demo.cmij.nl",
        "kind": Callout.Kind.VENUE,
        "title": "Repetitieruimte gezocht op dinsdagavond in Beverwijk",
        "body": (
            "Onze toneelvereniging (twaalf spelers) zoekt vanaf volgende maand een vaste repetitieruimte "
            "voor de **dinsdagavond**, van 19.30 tot 22.30 uur. We hebben een speelvloer van minstens "
            "6 bij 8 meter nodig en een plek om een paar decorstukken op te slaan. Een kleine huur is geen "
            "probleem; we denken aan 40 tot 60 euro per avond. Wie weet een zaal in Beverwijk of Wijk aan Zee?"
        ),
        "disciplines": ["theater", "cabaret"],
        "municipality": "beverwijk",
        "responses": [
            (
                "organisator@demo.cmij.nl",
                None,
                "Hoi Noor, de kleine zaal van het Kunstencentrum aan de Zeestraat is op dinsdagavond nog vrij, "
                "en decor kan in de kelder. Zal ik je in contact brengen met de beheerder?",
            ),
            (
                "noor@demo.cmij.nl",
                "organisator@demo.cmij.nl",
                "Graag! Ik kan volgende week een avond komen kijken. Dank je wel, Marloes.",
            ),
        ],
        "closed": True,
    },
    {
        "author": "facilitator@demo.cmij.nl",
        "kind": Callout.Kind.VENUE,
        "title": "Oefenruimte voor jongerenband in IJmuiden",
        "body": (
            "Ik coach een band van vijf jongeren (14 tot 17 jaar) die uit mijn lessen is gegroeid. Ze zoeken "
            "een oefenruimte in IJmuiden of Velsen-Noord voor **één middag per week**, liefst op woensdag of "
            "zaterdag. Versterkers nemen ze zelf mee, maar de ruimte moet wel goed geïsoleerd zijn. "
            "Tips voor een betaalbare plek zijn heel welkom!"
        ),
        "disciplines": ["muziek", "kunsteducatie"],
        "municipality": "velsen",
        "responses": [
            (
                "kees@demo.cmij.nl",
                None,
                "Hoi Jeroen, bij onze muziekvereniging in Velsen-Noord staat de oefenruimte op zaterdagmiddag "
                "meestal leeg, en er staat al een drumstel. Ik vraag het deze week aan het bestuur en laat het "
                "je weten.",
            ),
        ],
    },
    {
        "author": "maker@demo.cmij.nl",
        "kind": Callout.Kind.OFFERED,
        "title": "Portfolio-shoots voor dansers, muzikanten en spelers",
        "body": (
            "De komende weken maak ik portretten voor podiumkunstenaars tegen een **gereduceerd tarief**: "
            "75 euro voor een shoot van een uur, met tien bewerkte foto's. Dat kan in mijn atelier in Wijk aan "
            "Zee of op locatie in de IJmond, op het strand of bij de sluizen. Je mag de foto's gebruiken voor "
            "je website, social media en subsidieaanvragen. Stuur me een berichtje als je interesse hebt."
        ),
        "disciplines": ["fotografie", "dans", "muziek", "theater"],
        "municipality": None,
        "place": "Atelier in Wijk aan Zee of op locatie",
        "responses": [
            (
                "fatima@demo.cmij.nl",
                None,
                "Hoi Sanne, dit komt als geroepen: ik heb nieuwe foto's nodig voor mijn voorstelling op locatie. "
                "Kan ik ook met twee dansers tegelijk komen?",
            ),
        ],
    },
    {
        "author": "fatima@demo.cmij.nl",
        "kind": Callout.Kind.PEOPLE,
        "title": "Vrijwilligers gezocht voor buitendansfestival in Heemskerk",
        "body": (
            "Voor ons buitenfestival met twintig dansgroepen uit de IJmond zoeken we nog **vijftien "
            "vrijwilligers**. Je helpt bij de opbouw, de kassa, het begeleiden van kinderen achter het podium "
            "of het afbreken aan het eind van de dag. Je krijgt een festivalshirt, lunch en een bedankborrel. "
            "Ook als je maar een dagdeel kunt, ben je van harte welkom!"
        ),
        "disciplines": ["dans", "evenementen"],
        "municipality": "heemskerk",
        "happens_in": 35,
        "place": "Park bij Kasteel Marquette, Heemskerk",
    },
    {
        "author": "ingrid@demo.cmij.nl",
        "kind": Callout.Kind.COLLABORATION,
        "title": "Illustrator gezocht voor verhalenbundel over Santpoort",
        "body": (
            "Ik werk aan een bundel van twaalf korte verhalen over Santpoort rond 1900: de buitenplaatsen, "
            "het leven in de dorpsstraat en de komst van de trein. Ik zoek een illustrator die bij elk verhaal "
            "een tekening wil maken, het liefst in pen en inkt of aquarel. Ik vraag een bijdrage aan bij een "
            "erfgoedfonds, zodat ik je een vergoeding kan geven. Lijkt het je wat? Dan stuur ik je graag een "
            "paar verhalen."
        ),
        "disciplines": ["literatuur", "erfgoed", "beeldende-kunst"],
        "municipality": "velsen",
        "responses": [
            (
                "maker@demo.cmij.nl",
                None,
                "Hoi Ingrid, ik teken veel met inkt en zou dit een prachtig project vinden. Ik stuur je een link "
                "naar mijn werk; zullen we een keer koffie drinken in Santpoort?",
            ),
        ],
    },
    {
        "author": "thijs@demo.cmij.nl",
        "kind": Callout.Kind.ADVICE,
        "title": "Ervaring met crowdfunding voor een korte documentaire?",
        "body": (
            "Ik wil een korte documentaire van twintig minuten maken over de laatste vissers van IJmuiden, en "
            "heb nog zo'n 4.000 euro nodig voor montage en muziekrechten. Heeft iemand ervaring met "
            "crowdfunding, bijvoorbeeld via Voordekunst? Ik ben vooral benieuwd welke tegenprestaties goed "
            "werken en hoe je lokale ondernemers erbij betrekt."
        ),
        "disciplines": ["film", "nieuwe-media"],
        "municipality": None,
    },
    {
        "author": "organisator@demo.cmij.nl",
        "kind": Callout.Kind.TIP,
        "title": "Deadline subsidie culturele activiteiten gemeente Beverwijk",
        "body": (
            "Let op: aanvragen voor de subsidie **culturele activiteiten** van de gemeente Beverwijk moeten "
            "uiterlijk op de datum hierboven binnen zijn, via het digitale loket van de gemeente. Denk aan een "
            "voorstelling, expositie, workshopreeks of festival in Beverwijk of Wijk aan Zee. Twijfel je of je "
            "project past, of wil je dat iemand je aanvraag meeleest? Stuur me een bericht, ik help je graag."
        ),
        "disciplines": [],
        "municipality": "beverwijk",
        "happens_in": 21,
    },
    {
        "author": "kees@demo.cmij.nl",
        "kind": Callout.Kind.PEOPLE,
        "title": "Ons koor in Velsen-Noord zoekt tenoren",
        "body": (
            "Ons gemengd koor van 35 leden repeteert elke donderdagavond in Velsen-Noord en zingt van Bach tot "
            "de Beatles. We komen **tenoren** tekort: er staan er op dit moment maar drie. Je hoeft geen noten "
            "te kunnen lezen, wel zuiver te zingen en plezier te hebben in samen oefenen. Kom gerust een keer "
            "vrijblijvend meezingen!"
        ),
        "disciplines": ["muziek"],
        "municipality": "velsen",
        "place": "Buurthuis in Velsen-Noord, donderdag 20.00 uur",
        "responses": [
            (
                "facilitator@demo.cmij.nl",
                None,
                "Hoi Kees, ik zing zelf tenor en ken twee oud-leerlingen die een koor zoeken. "
                "Zullen we donderdag met z'n drieën langskomen?",
            ),
        ],
        "closed": True,
    },
    {
        "author": "kees@demo.cmij.nl",
        "kind": Callout.Kind.OFFERED,
        "title": "Licht- en geluidsset te leen voor kleine podia",
        "body": (
            "Onze vereniging heeft een kleine licht- en geluidsset die vaak in de kast staat: een mengtafel "
            "met acht kanalen, twee speakers op statief, vier ledspots en een lichttafel. We lenen hem graag "
            "uit aan makers en verenigingen in de IJmond, tegen een vrijwillige bijdrage voor onderhoud. "
            "Als je wilt, kom ik hem ook aansluiten en bedienen. Reserveer wel minstens twee weken van tevoren."
        ),
        "disciplines": ["podiumtechniek", "evenementen", "theater"],
        "municipality": None,
    },
    {
        "author": "maker@demo.cmij.nl",
        "kind": Callout.Kind.COLLABORATION,
        "title": "Dansers gezocht voor fotoproject op het strand van Wijk aan Zee",
        "body": (
            "Voor een nieuwe serie over beweging tegen de achtergrond van zee en staalindustrie zoek ik twee of "
            "drie dansers. We fotograferen bij zonsopkomst, dus vroeg opstaan hoort erbij. Ik kan geen gage "
            "betalen, maar je krijgt alle foto's voor je eigen portfolio en je naam staat bij de expositie. "
            "Ervaring met improvisatie is fijn, maar niet nodig."
        ),
        "disciplines": ["fotografie", "dans", "beeldende-kunst"],
        "municipality": "beverwijk",
        "happens_in": 20,
        "place": "Strand van Wijk aan Zee",
    },
    {
        "author": "thijs@demo.cmij.nl",
        "kind": Callout.Kind.TIP,
        "title": "Open podium in IJmuiden heeft nog plek voor vier acts",
        "body": (
            "Op het open podium in IJmuiden is nog plek voor **vier acts** van maximaal tien minuten: muziek, "
            "spoken word, cabaret, alles mag. Er staan een piano, twee microfoons en een kleine geluidsset. "
            "Ik film de avond, dus na afloop krijg je een filmpje van je optreden. Reageer hier als je wilt "
            "meedoen, dan geef ik het door aan de organisatie."
        ),
        "disciplines": ["muziek", "cabaret", "literatuur", "theater"],
        "municipality": "velsen",
        "happens_in": 14,
        "place": "Buurthuis aan de Kennemerlaan, IJmuiden",
    },
    {
        "author": "fatima@demo.cmij.nl",
        "kind": Callout.Kind.ADVICE,
        "title": "Mag ik popmuziek gebruiken in mijn dansvoorstelling?",
        "body": (
            "Voor een voorstelling met mijn seniorengroep in Heemskerk wil ik drie bekende popnummers "
            "gebruiken. We spelen twee keer in een buurthuis, met kaartjes van 5 euro. Moet ik dan zelf iets "
            "regelen bij Buma/Stemra, of doet de zaal dat? En hoe zit het als een lokale band de nummers "
            "live speelt? Wie heeft hier ervaring mee?"
        ),
        "disciplines": ["dans", "muziek"],
        "municipality": "heemskerk",
    },
]


class Command(BaseCommand):
    help = "Load demo data: reference data, demo members, a demo session and callouts (idempotent)."

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
        callouts = self.ensure_callouts(users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(users)} makers, {session.boards.count()} boards, "
                f"{len(callouts)} callouts, session join code {session.join_code}."
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

    def ensure_callouts(self, users) -> list[Callout]:
        """The demo callouts, each with its responses and "gevonden!"; one that exists is left alone.

        A callout is known by its author and title; its responses and closing come with it, once.
        """
        today = timezone.localdate()
        disciplines = {discipline.slug: discipline for discipline in Discipline.objects.all()}
        municipalities = {municipality.slug: municipality for municipality in Municipality.objects.all()}
        callouts = []
        for spec in CALLOUTS:
            author = users[spec["author"]]
            callout = Callout.objects.filter(author=author, title=spec["title"]).first()
            if callout is not None:
                callouts.append(callout)
                continue
            happens_on = today + timedelta(days=spec["happens_in"]) if "happens_in" in spec else None
            callout = callout_services.callout_create(
                author=author,
                kind=spec["kind"],
                title=spec["title"],
                body=spec["body"],
                disciplines=[disciplines[slug] for slug in spec["disciplines"]],
                municipality=municipalities[spec["municipality"]] if spec["municipality"] else None,
                happens_on=happens_on,
                place=spec.get("place", ""),
                # A dated callout stays up until its day; the others the default six weeks.
                expires_on=happens_on,
            )
            for sender, responder, body in spec.get("responses", []):
                callout_services.response_create(
                    callout=callout,
                    sender=users[sender],
                    body=body,
                    responder=users[responder] if responder else None,
                )
            if spec.get("closed"):
                callout = callout_services.callout_close(callout=callout, by=author)
            callouts.append(callout)
        return callouts
