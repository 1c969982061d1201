"""What the demo remembers: CMIJ's own topics, three past meetings with their boards and summaries,
the action teams born there, and the UIT-agenda's events (used by `seed_demo`)."""

from __future__ import annotations

# slug, name, description
TOPICS: list[tuple[str, str, str]] = [
    (
        "stadsontwikkeling",
        "Stadsontwikkeling",
        "Cultuur in nieuwe wijken, op bedrijventerreinen en in leegstaande gebouwen: makers aan tafel bij de plannen.",
    ),
    (
        "cultuur-in-het-sociaal-domein",
        "Cultuur in het sociaal domein",
        "Kunst en cultuur in zorg, welzijn en buurtwerk: van dansles voor ouderen tot theater met nieuwkomers.",
    ),
    (
        "zichtbaarheid",
        "Zichtbaarheid",
        "Hoe laten we de regio zien wat er gemaakt wordt? Een gezamenlijke agenda, campagnes en de lokale pers.",
    ),
    (
        "ontmoetingsplekken",
        "Ontmoetingsplekken",
        "Plekken waar makers elkaar vinden: inloopavonden, gedeelde ateliers en een vaste stamtafel.",
    ),
    (
        "cultuureducatie",
        "Cultuureducatie",
        "Cultuur op school en na school: makers in de klas, en hoe scholen makers vinden.",
    ),
]

# Three past meetings, oldest first: months ago, title, place, municipality, theme, topics, and per
# board (the plenary first) its title, theme and ideas as (text, author email or None for a guest-like
# participant, votes). The boards are closed and summarised; the summary is published.
PAST_SESSIONS: list[dict] = [
    {
        "months_ago": 7,
        "title": "Ruimte voor makers in de IJmond",
        "place": "Het Witte Theater, Kanaalstraat 257, IJmuiden",
        "municipality": "velsen",
        "theme": "Waar kunnen we maken, repeteren en spelen?",
        "topics": ["stadsontwikkeling", "ontmoetingsplekken"],
        "boards": [
            {
                "title": "Ruimte voor makers in de IJmond",
                "theme": "",
                "ideas": [
                    (
                        "Leegstaande winkels in de Lange Nieuwstraat tijdelijk als atelier",
                        "maker@demo.cmij.nl",
                        9,
                    ),
                    (
                        "Een kaart van alle repetitieruimtes met prijzen en beschikbaarheid",
                        "kees@demo.cmij.nl",
                        7,
                    ),
                    ("Makers aan tafel bij de plannen voor het havengebied", "fatima@demo.cmij.nl", 5),
                    ("Een kaart van repetitieruimtes, ook de kerkzalen", None, 2),
                ],
                "merge": [(3, 1)],
            },
            {
                "title": "Delen wat er is",
                "theme": "Podiumtechniek, zalen en materiaal delen",
                "ideas": [
                    ("Een uitleenpunt voor licht en geluid tussen verenigingen", "thijs@demo.cmij.nl", 6),
                    ("Samen één technicus inhuren voor kleine podia", "noor@demo.cmij.nl", 3),
                    ("Gratis zaalhuur voor een eerste voorstelling", None, 1),
                ],
                "hidden": [2],
            },
        ],
    },
    {
        "months_ago": 4,
        "title": "Cultuur in de buurt",
        "place": "Buurthuis De Schakel, Heemskerk",
        "municipality": "heemskerk",
        "theme": "Wat kunnen makers betekenen in zorg, welzijn en buurtwerk?",
        "topics": ["cultuur-in-het-sociaal-domein", "cultuureducatie"],
        "boards": [
            {
                "title": "Cultuur in de buurt",
                "theme": "",
                "ideas": [
                    ("Dansles in verzorgingshuizen, met de buurtschool erbij", "fatima@demo.cmij.nl", 8),
                    (
                        "Een vaste maker per school, betaald uit de cultuureducatiegelden",
                        "facilitator@demo.cmij.nl",
                        6,
                    ),
                    ("Theater maken met nieuwkomers in het buurthuis", "ingrid@demo.cmij.nl", 4),
                ],
            },
        ],
    },
    {
        "months_ago": 2,
        "title": "Zichtbaar in de IJmond",
        "place": "Kunstencentrum Beverwijk, Zeestraat 12",
        "municipality": "beverwijk",
        "theme": "Hoe laten we de regio zien wat er gemaakt wordt?",
        "topics": ["zichtbaarheid", "ontmoetingsplekken"],
        "boards": [
            {
                "title": "Zichtbaar in de IJmond",
                "theme": "",
                "ideas": [
                    ("Eén UIT-agenda voor Beverwijk, Heemskerk en Velsen", "organisator@demo.cmij.nl", 11),
                    ("Een campagne in juni: de maand van de IJmondse makers", "maker@demo.cmij.nl", 7),
                    ("Een vaste stamtafel voor makers, elke eerste vrijdag", "kees@demo.cmij.nl", 5),
                    ("Een wekelijkse UIT-tip in de lokale krant", None, 3),
                ],
            },
        ],
    },
]

# The action teams born on those boards: (meeting title, idea text, team name, goal, topic, coordinator,
# members, tasks as (title, owner email, days from today or None, status), updates as (author, text)).
TEAMS: list[dict] = [
    {
        "meeting": "Zichtbaar in de IJmond",
        "idea": "Eén UIT-agenda voor Beverwijk, Heemskerk en Velsen",
        "name": "UIT-agenda IJmond",
        "goal": "Eén agenda waarin alle makers uit de drie gemeenten zelf hun voorstellingen, exposities en "
        "workshops zetten, met een feed voor de lokale media.",
        "topic": "zichtbaarheid",
        "coordinator": "organisator@demo.cmij.nl",
        "members": ["maker@demo.cmij.nl", "kees@demo.cmij.nl"],
        "tasks": [
            ("Afspraak met de redactie van de lokale krant", "kees@demo.cmij.nl", 10, "open"),
            ("Twintig makers vragen hun agenda in te voeren", "maker@demo.cmij.nl", 5, "doing"),
            ("Feed voor de bibliotheekschermen testen", "organisator@demo.cmij.nl", None, "done"),
        ],
        "updates": [
            ("organisator@demo.cmij.nl", "De agenda staat online. Wie zet er deze week iets in?"),
            ("kees@demo.cmij.nl", "De krant wil elke donderdag drie tips overnemen."),
        ],
        "report_back": (
            "**De agenda draait.** Sinds de vorige bijeenkomst staan er twintig activiteiten in, uit alle drie "
            "de gemeenten. De lokale krant neemt elke donderdag drie tips over.\n\n"
            "Nog te doen: meer makers uit Heemskerk, en een campagne in juni."
        ),
    },
    {
        "meeting": "Ruimte voor makers in de IJmond",
        "idea": "Leegstaande winkels in de Lange Nieuwstraat tijdelijk als atelier",
        "name": "Ateliers in leegstand",
        "goal": "Drie leegstaande winkelpanden in IJmuiden tijdelijk als atelier en expositieruimte voor "
        "makers, samen met de eigenaren en de gemeente.",
        "topic": "stadsontwikkeling",
        "coordinator": "maker@demo.cmij.nl",
        "members": ["thijs@demo.cmij.nl"],
        "tasks": [
            ("Eigenaren van de panden benaderen", "maker@demo.cmij.nl", -20, "open"),
            ("Voorbeeldcontract voor tijdelijk gebruik zoeken", "thijs@demo.cmij.nl", None, "open"),
        ],
        "updates": [("thijs@demo.cmij.nl", "Ik heb een voorbeeldcontract uit Haarlem gevonden.")],
        "report_back": None,
    },
]

# The coming meeting's registrations: (email, answer).
REGISTRATIONS: list[tuple[str, str]] = [
    ("maker@demo.cmij.nl", "yes"),
    ("fatima@demo.cmij.nl", "yes"),
    ("kees@demo.cmij.nl", "maybe"),
    ("ingrid@demo.cmij.nl", "yes"),
    ("thijs@demo.cmij.nl", "no"),
    ("noor@demo.cmij.nl", "yes"),
]

CAMPAIGN = {
    "slug": "juni-maand-van-de-makers",
    "name": "Juni: maand van de IJmondse makers",
    "text": "In juni laten de makers van Beverwijk, Heemskerk en Velsen zien wat ze doen: open ateliers, "
    "voorstellingen op straat en optredens op onverwachte plekken. Kijk, luister en doe mee.",
}

# Twenty agenda events: (days from today, start hour, hours, title, venue, address, kern, disciplines,
# free or a price, makers (emails), other makers by name, in the campaign).
# fmt: off
EVENTS: list[tuple] = [
    (3, 20, 2, "Singer-songwriteravond", "Café De Zwaan", "Breestraat 70, Beverwijk", "beverwijk", ["muziek"], "€ 5", ["facilitator@demo.cmij.nl"], "", False),
    (5, 14, 3, "Open atelier aan zee", "Atelier Zeewind", "Zeecroft 4, Wijk aan Zee", "wijk-aan-zee", ["beeldende-kunst", "fotografie"], None, ["maker@demo.cmij.nl"], "", False),
    (6, 15, 1, "Dansvoorstelling voor kinderen", "Dansstudio De Vloer", "Maerten van Heemskerckstraat 3, Heemskerk", "heemskerk", ["dans"], "€ 7,50", ["fatima@demo.cmij.nl"], "", False),
    (8, 19, 2, "Poëzie in de bibliotheek", "Bibliotheek IJmuiden", "Dudokplein 16, IJmuiden", "ijmuiden", ["literatuur"], None, [], "Dichters van de Kennemerkust", False),
    (10, 20, 2, "Cabaret: Staal en Zout", "Het Witte Theater", "Kanaalstraat 257, IJmuiden", "ijmuiden", ["cabaret"], "€ 15", [], "Duo Hoogovens", False),
    (12, 10, 6, "Erfgoeddag: forten langs het kanaal", "Fort Velsen", "Genieweg 1, Velsen-Zuid", "velsen-zuid", ["erfgoed"], None, ["kees@demo.cmij.nl"], "", False),
    (13, 20, 2, "Jazz in het Kennemer Theater", "Kennemer Theater", "Breestraat 29, Beverwijk", "beverwijk", ["muziek"], "€ 18", [], "Kwartet Noordzee", False),
    (15, 13, 4, "Fotowandeling door de haven", "Vertrek bij de pont", "Kanaaldijk, Velsen-Noord", "velsen-noord", ["fotografie"], "€ 10", ["maker@demo.cmij.nl"], "", False),
    (17, 19, 3, "Filmavond: korte films uit de regio", "Filmhuis Velsen", "Kennemerlaan 5, IJmuiden", "ijmuiden", ["film"], "€ 6", [], "", False),
    (19, 14, 2, "Keramiek voor beginners", "Kunstencentrum Beverwijk", "Zeestraat 12, Beverwijk", "beverwijk", ["ambacht"], "€ 25", [], "Atelier Klei & Co", False),
    (21, 20, 2, "Theater: De Pier", "Theater Velsen", "Kanaalstraat 1, IJmuiden", "ijmuiden", ["theater"], "€ 12,50", ["ingrid@demo.cmij.nl"], "", False),
    (24, 11, 5, "Straattheater op het Kerkplein", "Kerkplein", "Kerkplein, Heemskerk", "heemskerk", ["circus"], None, [], "Circus Kennemerland", False),
    (26, 20, 2, "Koorconcert in de Dorpskerk", "Dorpskerk", "Kerkplein 1, Santpoort-Noord", "santpoort-noord", ["muziek"], "€ 8", [], "Santpoorts Gemengd Koor", False),
    (29, 19, 2, "Lezing: het verhaal van de Hoogovens", "Museum Kennemerland", "Westerhoutplein 1, Beverwijk", "beverwijk", ["erfgoed", "literatuur"], "€ 5", [], "", False),
    (33, 16, 3, "Expositie nieuwe media", "Pand 13", "Velserduinweg 13, IJmuiden", "ijmuiden", ["nieuwe-media"], None, [], "Collectief Ruis", False),
    (36, 20, 2, "Open podium voor jonge bands", "Popschool De Sluis", "Havenkade 8, IJmuiden", "ijmuiden", ["muziek"], None, ["facilitator@demo.cmij.nl"], "", False),
    (40, 14, 2, "Workshop podiumtechniek", "Cultuurhuis Heemskerk", "Marquettelaan 40, Heemskerk", "heemskerk", ["podiumtechniek"], "€ 15", ["thijs@demo.cmij.nl"], "", False),
    (45, 19, 3, "Voorleesavond met muziek", "Bibliotheek Velserbroek", "Vestingplein 58, Velserbroek", "velserbroek", ["literatuur", "muziek"], None, [], "", False),
    (200, 12, 6, "Open ateliers Wijk aan Zee", "Dorpsplein", "Dorpsplein, Wijk aan Zee", "wijk-aan-zee", ["beeldende-kunst"], None, ["maker@demo.cmij.nl"], "", True),
    (207, 15, 3, "Buitendansfestival Heemskerk", "Park Assumburg", "Tolweg 1, Heemskerk", "heemskerk", ["dans", "evenementen"], None, ["fatima@demo.cmij.nl"], "", True),
]
# fmt: on
