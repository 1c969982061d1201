"""Demo data with realistic Dutch content. Idempotent: running it twice changes nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from agenda import services as agenda_services
from agenda.models import Campaign, Event
from archive import services as archive_services
from archive.models import Summary, Topic
from boards import services as board_services
from boards.identity import Participant
from boards.models import Board, Idea, Meeting, Registration
from callouts import services as callout_services
from callouts.models import Callout, TrustedAuthor
from cmij import demo_history as history
from cmij.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SESSION_TITLE
from cmij.demo_images import POSTER_ALT, poster
from profiles import services as profile_services
from profiles.models import Discipline, Kern, Municipality
from profiles.reference import ensure_reference_data
from teams import services as team_services
from teams.models import ActionTeam, TeamTask

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# The demo makers: email, name, kern, disciplines (slugs), and their profile fields as
# `profiles.services.profile_update` takes them. Leave out what a maker does not fill in; a profile is
# members-only and open to collaboration unless it says otherwise. The first three are DEMO_ACCOUNTS.
MAKERS: list[dict] = [
    {
        "email": "organisator@demo.cmij.nl",
        "name": "Marloes Bakker",
        "kern": "beverwijk",
        "disciplines": ["evenementen", "theater"],
        "level": "professional",
        "stage": "behind_the_scenes",
        "pay": "paid",
        "bio": (
            "Cultuurcoördinator in Beverwijk. Ik breng makers, podia en gemeente bij elkaar en organiseer de "
            "bijeenkomsten van CMIJ."
        ),
        "organisations": ["Cultuurmakers IJmond", "Kunstencentrum Beverwijk"],
        "helps_with": ["subsidieaanvragen", "een zaal vinden", "netwerken", "projectplannen"],
        "looking_for": ["nieuwe makers", "vrijwilligers voor bijeenkomsten"],
        "website": "https://example.nl/cmij",
        "public": True,
        "show_email": True,
    },
    {
        "email": "facilitator@demo.cmij.nl",
        "name": "Jeroen Visser",
        "kern": "ijmuiden",
        "disciplines": ["muziek", "kunsteducatie"],
        "level": "professional",
        "stage": "on_stage",
        "pay": "paid",
        "bio": (
            "Muziekdocent en bandcoach in IJmuiden. Ik begeleid graag de deelsessie over jongeren en "
            "podiumkansen."
        ),
        "organisations": ["Popschool De Sluis"],
        "helps_with": ["bandcoaching", "gitaarles", "workshops leiden"],
        "looking_for": ["oefenruimte voor jongeren", "podia voor beginnende bands"],
    },
    {
        "email": "maker@demo.cmij.nl",
        "name": "Sanne de Vries",
        "kern": "wijk-aan-zee",
        "disciplines": ["beeldende-kunst", "fotografie"],
        "level": "both",
        "stage": "on_stage",
        "pay": "both",
        "bio": (
            "Fotograaf en beeldend kunstenaar in Wijk aan Zee. Ik werk met licht, zand en staal en zoek een "
            "werkplaats voor groot werk."
        ),
        "organisations": ["Atelier Zeewind"],
        "helps_with": ["portretfotografie", "expositie inrichten", "lassen"],
        "looking_for": ["een werkplaats voor groot werk", "dansers voor een fotoproject"],
        "website": "https://example.nl/sannedevries",
    },
    {
        "email": "fatima@demo.cmij.nl",
        "name": "Fatima El Amrani",
        "kern": "heemskerk",
        "disciplines": ["dans", "kunsteducatie"],
        "level": "professional",
        "stage": "on_stage",
        "pay": "paid",
        "bio": (
            "Danser en choreograaf. In Heemskerk geef ik les aan kinderen en senioren en maak ik "
            "voorstellingen op locatie."
        ),
        "organisations": ["Dansstudio De Vloer", "Buitendansfestival Heemskerk"],
        "helps_with": ["choreografie", "dansles voor senioren", "dansles voor kinderen"],
        "looking_for": ["vrijwilligers voor een festival", "een fotograaf", "live muzikanten"],
    },
    {
        "email": "kees@demo.cmij.nl",
        "name": "Kees Schouten",
        "kern": "velsen-noord",
        "disciplines": ["podiumtechniek", "muziek"],
        "level": "amateur",
        "stage": "behind_the_scenes",
        "pay": "volunteer",
        "bio": (
            "Vrijwilliger licht en geluid bij verschillende verenigingen in Velsen-Noord. Kan helpen met "
            "techniek bij kleine podia."
        ),
        "organisations": ["Gemengd Koor Noordklank", "Muziekvereniging Velsen-Noord"],
        "helps_with": ["licht en geluid", "techniek uitlenen", "podium opbouwen"],
        "looking_for": ["tenoren", "jonge technici"],
    },
    {
        "email": "ingrid@demo.cmij.nl",
        "name": "Ingrid Mulder",
        "kern": "santpoort-noord",
        "disciplines": ["literatuur", "erfgoed"],
        "level": "amateur",
        "stage": "on_stage",
        "pay": "volunteer",
        "bio": (
            "Schrijft verhalen over de geschiedenis van Santpoort en leest voor op erfgoeddagen. Zoekt een "
            "illustrator."
        ),
        "organisations": ["Erfgoedwerkgroep Santpoort", "Leesclub De Dorpsstraat"],
        "helps_with": ["voorlezen", "archiefonderzoek", "verhalen schrijven"],
        "looking_for": ["een illustrator", "een kleine uitgeverij"],
    },
    {
        "email": "thijs@demo.cmij.nl",
        "name": "Thijs de Jong",
        "kern": "velserbroek",
        "disciplines": ["film", "nieuwe-media"],
        "level": "professional",
        "stage": "behind_the_scenes",
        "pay": "paid",
        "bio": "Filmmaker en editor uit Velserbroek. Maakt korte documentaires over makers in de IJmond.",
        "organisations": ["Filmcollectief Kennemerkust"],
        "helps_with": ["filmen", "montage", "aftermovies"],
        "looking_for": ["crowdfunding-advies", "muziek voor een documentaire"],
        "website": "https://example.nl/thijsdejong",
        "links": ["https://video.example.nl/thijsdejong"],
        "public": True,
    },
    {
        "email": "noor@demo.cmij.nl",
        "name": "Noor Hendriks",
        "kern": "beverwijk",
        "disciplines": ["theater", "cabaret"],
        "level": "amateur",
        "stage": "on_stage",
        "pay": "volunteer",
        "bio": (
            "Speelt bij een toneelvereniging in Beverwijk en schrijft cabaretteksten. Op zoek naar een "
            "repetitieruimte op dinsdagavond."
        ),
        "organisations": ["Toneelgroep Wijkerspel"],
        "helps_with": ["cabaretteksten", "toneelspelen", "tekstcoaching"],
        "looking_for": ["repetitieruimte", "een regisseur"],
    },
    {
        "email": "ayse@demo.cmij.nl",
        "name": "Ayşe Yılmaz",
        "kern": "beverwijk",
        "disciplines": ["beeldende-kunst", "kunsteducatie"],
        "level": "professional",
        "stage": "on_stage",
        "pay": "both",
        "bio": (
            "Ik maak grote **schilderijen** in olieverf van markten, kades en de mensen die er werken. Mijn "
            "atelier in Beverwijk is open tijdens de Kunstlijn en op afspraak."
        ),
        "organisations": ["Kunstlijn Beverwijk", "Atelierhuis Breestraat"],
        "helps_with": ["schilderles", "expositie inrichten", "kleur en compositie"],
        "looking_for": ["een expositieruimte", "een lijstenmaker"],
        "website": "https://example.nl/ayseyilmaz",
        "public": True,
    },
    {
        "email": "pieter@demo.cmij.nl",
        "name": "Pieter Kramer",
        "kern": "driehuis",
        "disciplines": ["beeldende-kunst", "erfgoed"],
        "level": "amateur",
        "stage": "on_stage",
        "pay": "volunteer",
        "bio": (
            "Landschapsschilder in Driehuis. Elk schilderij begint buiten, in de duinen of aan het "
            "Noordzeekanaal, en wordt in mijn schuur afgemaakt."
        ),
        "organisations": ["Schildersclub Buitenwerk"],
        "helps_with": ["schilderen in de buitenlucht", "aquarelleren"],
        "looking_for": ["mensen om samen buiten te schilderen", "een plek om te exposeren"],
        "public": True,
    },
    {
        "email": "mohamed@demo.cmij.nl",
        "name": "Mohamed Ouali",
        "kern": "ijmuiden",
        "disciplines": ["muziek", "nieuwe-media"],
        "level": "amateur",
        "stage": "both",
        "pay": "both",
        "bio": (
            "Rapper en producer uit IJmuiden. In mijn thuisstudio neem ik tracks op met jongeren uit de "
            "buurt."
        ),
        "organisations": ["Jongerenstudio Havenbeat"],
        "helps_with": ["beats maken", "opnemen en mixen", "songteksten"],
        "looking_for": ["een zangeres", "een podium voor jong talent"],
        "links": ["https://muziek.example.nl/mo-ouali"],
        "public": True,
    },
    {
        "email": "dewi@demo.cmij.nl",
        "name": "Dewi Sahetapy",
        "kern": "velserbroek",
        "disciplines": ["dans", "erfgoed"],
        "level": "amateur",
        "stage": "on_stage",
        "pay": "volunteer",
        "bio": (
            "Ik leid een Molukse dansgroep in Velserbroek. We treden op bij herdenkingen, buurtfeesten en "
            "festivals en leren de dansen door aan de jongste generatie."
        ),
        "organisations": ["Molukse Dansgroep Tifa Velsen"],
        "helps_with": ["traditionele dans", "kostuums", "jeugdgroepen"],
        "looking_for": ["een trommelaar", "optredens in de zomer"],
    },
    {
        "email": "rachid@demo.cmij.nl",
        "name": "Rachid Bouzid",
        "kern": "velsen-noord",
        "disciplines": ["circus", "kunsteducatie"],
        "level": "professional",
        "stage": "on_stage",
        "pay": "paid",
        "bio": (
            "Jongleur en straatartiest. Ik speel op festivals door het hele land en geef circusles op "
            "scholen in de IJmond."
        ),
        "organisations": ["Circusschool Kustkunst"],
        "helps_with": ["jongleren", "circusworkshops", "straatvoorstellingen"],
        "looking_for": ["een oefenzaal met hoog plafond", "een muzikant voor een act"],
        "website": "https://example.nl/rachidbouzid",
        "public": True,
    },
    {
        "email": "joke@demo.cmij.nl",
        "name": "Joke van der Meer",
        "kern": "heemskerk",
        "disciplines": ["ambacht"],
        "level": "amateur",
        "stage": "behind_the_scenes",
        "pay": "both",
        "bio": (
            "Pottenbakker met een atelier aan huis. Ik draai servies en geef op zaterdag cursussen aan "
            "beginners."
        ),
        "organisations": ["Pottenbakkersgroep De Schijf"],
        "helps_with": ["draaien op de schijf", "glazuren", "stoken"],
        "looking_for": ["een tweede draaischijf", "een verkoopplek"],
    },
    {
        "email": "lucas@demo.cmij.nl",
        "name": "Lucas Brouwer",
        "kern": "santpoort-zuid",
        "disciplines": ["vormgeving", "nieuwe-media"],
        "level": "professional",
        "stage": "behind_the_scenes",
        "pay": "paid",
        "bio": (
            "Grafisch ontwerper. Ik ontwerp affiches, huisstijlen en websites voor festivals, theatergroepen "
            "en musea, het liefst met *veel* letters."
        ),
        "organisations": ["Studio Zuiderhout"],
        "helps_with": ["affiches ontwerpen", "huisstijl", "websites", "drukwerk"],
        "looking_for": ["culturele opdrachtgevers"],
        "website": "https://example.nl/lucasbrouwer",
        "links": ["https://portfolio.example.nl/lucasbrouwer"],
        "public": True,
        "show_email": True,
    },
    {
        "email": "wendy@demo.cmij.nl",
        "name": "Wendy Koster",
        "kern": "velsen-zuid",
        "disciplines": ["theater", "kunsteducatie"],
        "level": "professional",
        "stage": "both",
        "pay": "paid",
        "bio": (
            "Dramadocent op een middelbare school en regisseur van jeugdtheater. Elk voorjaar maken we een "
            "voorstelling met veertig leerlingen."
        ),
        "organisations": ["Jeugdtheater Het Podiumpje"],
        "helps_with": ["regie", "dramales", "improvisatie"],
        "looking_for": ["een decorbouwer", "een zaal in mei"],
    },
    {
        "email": "gerrit@demo.cmij.nl",
        "name": "Gerrit Zwart",
        "kern": "ijmuiden",
        "disciplines": ["erfgoed", "fotografie"],
        "level": "amateur",
        "stage": "behind_the_scenes",
        "pay": "volunteer",
        "bio": (
            "Oud-visser die foto's en verhalen over de IJmuider visserij verzamelt. Ik digitaliseer oude "
            "negatieven en help graag bij tentoonstellingen."
        ),
        "organisations": ["Werkgroep Vissersverleden"],
        "helps_with": ["oude foto's scannen", "rondleidingen", "verhalen over de haven"],
        "looking_for": ["vrijwilligers om te scannen", "een filmmaker"],
        "show_email": True,
    },
    {
        "email": "priya@demo.cmij.nl",
        "name": "Priya Ramdin",
        "kern": "heemskerk",
        "disciplines": ["muziek"],
        "level": "both",
        "stage": "on_stage",
        "pay": "both",
        "bio": (
            "Zangeres en harmoniumspeler. Ik zing baithak gana en Bollywoodliedjes en treed op bij feesten, "
            "festivals en in buurthuizen."
        ),
        "organisations": ["Stichting Sangeet IJmond"],
        "helps_with": ["zangles", "Hindostaanse muziek"],
        "looking_for": ["een tablaspeler", "optredens"],
    },
    {
        "email": "tomasz@demo.cmij.nl",
        "name": "Tomasz Nowak",
        "kern": "beverwijk",
        "disciplines": ["podiumtechniek", "evenementen"],
        "level": "professional",
        "stage": "behind_the_scenes",
        "pay": "paid",
        "bio": (
            "Podiumtechnicus en rigger. Ik bouw podia en lichtplannen voor festivals en evenementen; tot de "
            "zomer zit mijn agenda vol."
        ),
        "organisations": ["Technisch Team Kennemerkust"],
        "helps_with": ["lichtontwerp", "rigging", "veiligheidsplannen"],
        "open_to_collaboration": False,
    },
    {
        "email": "esther@demo.cmij.nl",
        "name": "Esther de Graaf",
        "kern": "wijk-aan-zee",
        "disciplines": ["literatuur"],
        "level": "both",
        "stage": "on_stage",
        "pay": "both",
        "bio": (
            "Dichter en spoken word-artiest. Mijn gedichten gaan over de zee, de hoogovens en het dorp "
            "ertussen. Ik organiseer een maandelijkse poëzieavond."
        ),
        "organisations": ["Poëziecafé Zeelucht"],
        "helps_with": ["schrijfworkshops", "voordragen", "een avond presenteren"],
        "looking_for": ["een muzikant voor een voorstelling", "een uitgever"],
        "links": ["https://gedichten.example.nl/esther"],
        "public": True,
    },
    {
        "email": "bram@demo.cmij.nl",
        "name": "Bram Smit",
        "kern": "velserbroek",
        "disciplines": ["muziek"],
        "level": "amateur",
        "stage": "on_stage",
        "pay": "volunteer",
        "bio": (
            "Drummer in een rockband die vooral eigen nummers speelt. We repeteren op vrijdagavond en willen "
            "dit jaar een EP opnemen."
        ),
        "organisations": ["Rockband Sluisgeluid"],
        "helps_with": ["drumles", "een drumstel lenen"],
        "looking_for": ["een bassist", "een studio voor een EP"],
    },
    {
        "email": "naima@demo.cmij.nl",
        "name": "Naima Chaouch",
        "kern": "velsen-noord",
        "disciplines": ["vormgeving", "ambacht", "theater"],
        "level": "both",
        "stage": "behind_the_scenes",
        "pay": "both",
        "bio": (
            "Kostuumontwerper en modemaker. In mijn naaiatelier maak ik kostuums voor toneel en dans, vaak "
            "van tweedehands stoffen."
        ),
        "organisations": ["Naaiatelier De Draad"],
        "helps_with": ["kostuums ontwerpen", "naaien", "patronen maken"],
        "looking_for": ["theatergroepen", "een grotere werkruimte"],
    },
    {
        "email": "henk@demo.cmij.nl",
        "name": "Henk Dekker",
        "kern": "heemskerk",
        "disciplines": ["theater", "podiumtechniek"],
        "level": "amateur",
        "stage": "behind_the_scenes",
        "pay": "volunteer",
        "bio": (
            "Decorbouwer bij de toneelvereniging sinds 1989. In mijn garage timmer ik alles, van een "
            "huiskamer tot een schip."
        ),
        "organisations": ["Toneelvereniging Heemskerk"],
        "helps_with": ["decorbouw", "timmeren", "decorstukken opslaan"],
        "looking_for": ["hulp bij het opbouwen", "een bus voor transport"],
    },
    {
        "email": "lotte@demo.cmij.nl",
        "name": "Lotte Vermeulen",
        "kern": "santpoort-noord",
        "disciplines": ["muziek", "kunsteducatie"],
        "level": "professional",
        "stage": "on_stage",
        "pay": "paid",
        "bio": "Violist en dirigent van een jeugdorkest. Ik speel in een strijkkwartet en geef les aan huis.",
        "organisations": ["Jeugdorkest De Strijkstok", "Strijkkwartet Duinwind"],
        "helps_with": ["vioolles", "orkestrepetities", "muziek voor bruiloften"],
        "looking_for": ["een altviolist", "een zaal met goede akoestiek"],
        "website": "https://example.nl/lottevermeulen",
        "public": True,
    },
    {
        "email": "emre@demo.cmij.nl",
        "name": "Emre Demir",
        "kern": "beverwijk",
        "disciplines": ["film", "nieuwe-media", "vormgeving"],
        "level": "professional",
        "stage": "behind_the_scenes",
        "pay": "paid",
        "bio": (
            "Animator en videomaker. Ik maak uitlegvideo's, clips en korte animaties voor makers die hun "
            "werk online willen laten zien."
        ),
        "organisations": ["Beeldmakerij Zeestraat"],
        "helps_with": ["animatie", "videoclips", "social media video's"],
        "looking_for": ["stemacteurs", "muziek voor een animatie"],
        "links": ["https://video.example.nl/emredemir"],
        "public": True,
    },
    {
        "email": "maria@demo.cmij.nl",
        "name": "Maria Santos",
        "kern": "ijmuiden",
        "disciplines": ["dans"],
        "level": "professional",
        "stage": "on_stage",
        "pay": "paid",
        "bio": (
            "Geeft salsa- en kizombales in IJmuiden, voor stellen en voor wie alleen komt. Eens per maand "
            "organiseer ik een dansavond met live muziek."
        ),
        "organisations": ["Dansschool Ritmo IJmuiden"],
        "helps_with": ["salsales", "dansavonden organiseren"],
        "looking_for": ["een latin band", "een zaal met houten vloer"],
    },
    {
        "email": "ruud@demo.cmij.nl",
        "name": "Ruud Jansen",
        "kern": "driehuis",
        "disciplines": ["muziek"],
        "level": "both",
        "stage": "on_stage",
        "pay": "both",
        "bio": (
            "Gepensioneerd pianist en begeleider van koren. Ik speel nog graag bij concerten en uitvaarten, "
            "maar neem geen nieuwe projecten aan."
        ),
        "organisations": ["Kamerkoor Vox Driehuis"],
        "helps_with": ["pianobegeleiding", "koorrepertoire"],
        "open_to_collaboration": False,
    },
    {
        "email": "yara@demo.cmij.nl",
        "name": "Yara Haddad",
        "kern": "heemskerk",
        "disciplines": ["beeldende-kunst", "vormgeving", "kunsteducatie"],
        "level": "professional",
        "stage": "behind_the_scenes",
        "pay": "both",
        "bio": (
            "Illustrator en kalligraaf, opgegroeid in Damascus en sinds 2016 in Heemskerk. Ik geef workshops "
            "Arabische kalligrafie en illustreer kinderboeken."
        ),
        "organisations": ["Kunstlijn Beverwijk", "Atelier Nieuwe Buren"],
        "helps_with": ["illustraties", "kalligrafie", "workshops voor nieuwkomers"],
        "looking_for": ["een schrijver voor een prentenboek"],
        "website": "https://example.nl/yarahaddad",
        "public": True,
    },
    {
        "email": "frank@demo.cmij.nl",
        "name": "Frank Bosman",
        "kern": "velsen-zuid",
        "disciplines": ["evenementen", "erfgoed"],
        "level": "amateur",
        "stage": "behind_the_scenes",
        "pay": "volunteer",
        "bio": (
            "Vrijwilligerscoördinator van een open dag op de oude buitenplaatsen in Velsen-Zuid. Ik regel "
            "vergunningen, rondleidingen en koffie."
        ),
        "organisations": ["Stichting Open Tuinen Velsen-Zuid"],
        "helps_with": ["vergunningen", "vrijwilligers plannen", "draaiboeken"],
        "looking_for": ["gidsen", "muzikanten voor in de tuin"],
    },
    {
        "email": "linda@demo.cmij.nl",
        "name": "Linda Willems",
        "kern": "wijk-aan-zee",
        "disciplines": ["fotografie"],
        "level": "both",
        "stage": "behind_the_scenes",
        "pay": "both",
        "bio": (
            "Natuur- en landschapsfotograaf. Ik fotografeer het strand van Wijk aan Zee in alle seizoenen en "
            "maak daar fotoboeken en kalenders van."
        ),
        "organisations": ["Fotoclub Zeezicht"],
        "helps_with": ["landschapsfotografie", "fotoboeken maken", "afdrukken"],
        "looking_for": ["een expositieplek", "een vormgever voor een fotoboek"],
        "website": "https://example.nl/lindawillems",
        "public": True,
    },
    {
        "email": "kofi@demo.cmij.nl",
        "name": "Kofi Mensah",
        "kern": "velsen-noord",
        "disciplines": ["muziek", "dans"],
        "level": "both",
        "stage": "on_stage",
        "pay": "both",
        "bio": (
            "Percussionist uit Ghana, sinds tien jaar in Velsen-Noord. Ik geef djembéworkshops en speel in "
            "een afrobeatband."
        ),
        "organisations": ["Afrobeat Collectief IJmond"],
        "helps_with": ["djembéles", "percussie", "workshops op scholen"],
        "looking_for": ["een blazerssectie", "optredens op festivals"],
    },
    {
        "email": "annemiek@demo.cmij.nl",
        "name": "Annemiek Post",
        "kern": "beverwijk",
        "disciplines": ["cabaret", "theater"],
        "level": "amateur",
        "stage": "on_stage",
        "pay": "both",
        "bio": (
            "Stand-upcomedian in de dop. Ik organiseer een open mic in een café in Beverwijk en zoek altijd "
            "nieuwe grappenmakers."
        ),
        "organisations": ["Open Mic Beverwijk"],
        "helps_with": ["een open mic organiseren", "grappen testen"],
        "looking_for": ["nieuwe comedians", "een geluidstechnicus"],
    },
    {
        "email": "sven@demo.cmij.nl",
        "name": "Sven Kuijpers",
        "kern": "santpoort-zuid",
        "disciplines": ["circus", "theater", "evenementen"],
        "level": "professional",
        "stage": "on_stage",
        "pay": "paid",
        "bio": (
            "Steltloper en vuurartiest. Met mijn straattheatervoorstellingen sta ik op braderieën, festivals "
            "en intochten."
        ),
        "organisations": ["Straattheater De Lange Benen"],
        "helps_with": ["steltlopen", "vuurshows", "straattheater"],
        "looking_for": ["een tweede steltloper", "een bus met opslag"],
        "website": "https://example.nl/svenkuijpers",
        "public": True,
    },
    {
        "email": "hatice@demo.cmij.nl",
        "name": "Hatice Kaya",
        "kern": "velserbroek",
        "disciplines": ["ambacht", "kunsteducatie"],
        "level": "amateur",
        "stage": "behind_the_scenes",
        "pay": "volunteer",
        "bio": (
            "Ik maak mozaïeken en geef creatieve ochtenden voor vrouwen in het buurthuis. Samen maken we nu "
            "een mozaïekbank voor het park."
        ),
        "organisations": ["Vrouwengroep Kleurrijk"],
        "helps_with": ["mozaïek", "creatieve workshops"],
        "looking_for": ["gebroken tegels", "een kunstenaar om mee samen te werken"],
    },
    {
        "email": "daan@demo.cmij.nl",
        "name": "Daan Verhoeven",
        "kern": "ijmuiden",
        "disciplines": ["nieuwe-media", "vormgeving"],
        "level": "professional",
        "stage": "behind_the_scenes",
        "pay": "paid",
        "bio": (
            "Creative coder en gamedesigner. Ik maak interactieve installaties met licht en geluid voor "
            "musea en festivals."
        ),
        "organisations": ["Lab Pixelhaven"],
        "helps_with": ["interactieve installaties", "projectiemapping"],
        "open_to_collaboration": False,
    },
    {
        "email": "iris@demo.cmij.nl",
        "name": "Iris Meijer",
        "kern": "heemskerk",
        "disciplines": ["literatuur", "erfgoed", "kunsteducatie"],
        "level": "both",
        "stage": "on_stage",
        "pay": "both",
        "bio": (
            "Kinderboekenschrijver. Mijn boeken spelen in kastelen en duinen rond Heemskerk, en ik geef "
            "schrijflessen in de bibliotheek."
        ),
        "organisations": ["Schrijverskring Heemskerk"],
        "helps_with": ["schrijflessen", "voorlezen op scholen"],
        "looking_for": ["een illustrator", "scholen voor een leesproject"],
        "website": "https://example.nl/irismeijer",
        "public": True,
    },
    {
        "email": "wim@demo.cmij.nl",
        "name": "Wim de Boer",
        "kern": "velsen-zuid",
        "disciplines": ["muziek", "evenementen"],
        "level": "amateur",
        "stage": "on_stage",
        "pay": "volunteer",
        "bio": (
            "Speelt al veertig jaar trombone in de harmonie en is penningmeester van de vereniging. We "
            "zoeken jonge blazers!"
        ),
        "organisations": ["Harmonie Velsen"],
        "helps_with": ["penningmeesterschap", "bladmuziek arrangeren"],
        "looking_for": ["jonge blazers", "een nieuwe dirigent"],
        "open_to_collaboration": False,
    },
    {
        "email": "nadia@demo.cmij.nl",
        "name": "Nadia Pinas",
        "kern": "beverwijk",
        "disciplines": ["dans", "kunsteducatie"],
        "level": "professional",
        "stage": "on_stage",
        "pay": "paid",
        "bio": (
            "Urban dance-docent. Ik geef hiphop- en breakdancelessen aan jongeren en train een battleteam "
            "dat meedoet aan wedstrijden."
        ),
        "organisations": ["Urban Dance Crew Beverwijk"],
        "helps_with": ["hiphopdans", "battles organiseren", "jongerenwerk"],
        "looking_for": ["een dj", "een zaal met spiegels"],
    },
    {
        "email": "joost@demo.cmij.nl",
        "name": "Joost Hoekstra",
        "kern": "driehuis",
        "disciplines": ["ambacht", "vormgeving"],
        "level": "both",
        "stage": "behind_the_scenes",
        "pay": "both",
        "bio": (
            "Meubelmaker. Ik maak tafels en banken van sloophout uit de haven en bouw soms een decorstuk "
            "voor een voorstelling."
        ),
        "organisations": ["Houtwerkplaats Driehuis"],
        "helps_with": ["houtbewerking", "meubels op maat", "een werkplaats delen"],
        "looking_for": ["sloophout", "ontwerpers om mee samen te werken"],
    },
    {
        "email": "anouk@demo.cmij.nl",
        "name": "Anouk Dijkstra",
        "kern": "santpoort-noord",
        "disciplines": ["theater", "evenementen"],
        "level": "professional",
        "stage": "behind_the_scenes",
        "pay": "both",
        "bio": (
            "Producent van openluchttheater. Elke zomer spelen we in de ruïne van Brederode, met spelers uit "
            "de hele IJmond."
        ),
        "organisations": ["Openluchtspel Santpoort"],
        "helps_with": ["productie", "fondsenwerving", "planning"],
        "looking_for": ["spelers", "een lichtontwerper", "vrijwilligers"],
        "website": "https://example.nl/openluchtspel",
        "public": True,
    },
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
        "reach_reason": "Iedereen die op een podium staat heeft goede foto's nodig, welk vak ook.",
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
        "reach_reason": "Een open podium is voor elke act die op een podium past.",
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
    help = (
        "Load demo data: reference data, demo members, a coming session, callouts, three past sessions with "
        "summaries and topics, action teams and the UIT-agenda (idempotent)."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        ensure_reference_data()
        users = {maker["email"]: self.ensure_maker(maker) for maker in MAKERS}
        roles = {email: role for email, _name, role in DEMO_ACCOUNTS}
        organiser = users[next(email for email, role in roles.items() if role == "organiser")]
        facilitator = users[next(email for email, role in roles.items() if role == "facilitator")]
        meeting = self.ensure_meeting(organiser, facilitator)
        if not meeting.boards.filter(kind=Board.Kind.BREAKOUT).exists():
            self.fill_boards(meeting, organiser, facilitator, users)
        callouts = self.ensure_callouts(users)
        topics = self.ensure_topics()
        if not Summary.objects.exists():
            self.ensure_history(users, organiser, facilitator, topics, meeting)
        # A demo database kept from an earlier week has a demo meeting that is over: no answers then.
        if meeting.ends_at > timezone.now() and not Registration.objects.filter(meeting=meeting).exists():
            for email, answer in history.REGISTRATIONS:
                board_services.registration_set(meeting=meeting, member=users[email], answer=answer)
        events = self.ensure_agenda(users, organiser, topics)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(users)} makers, {meeting.boards.count()} boards, "
                f"{len(callouts)} callouts, {Summary.objects.count()} summaries, "
                f"{ActionTeam.objects.count()} action teams, {events} agenda events, "
                f"session join code {meeting.join_code}."
            )
        )

    def ensure_maker(self, spec: dict):
        """A demo member and their profile, made once by email; one that exists is left alone."""
        fields = dict(spec)
        email, name = fields.pop("email"), fields.pop("name")
        User = get_user_model()
        user = User.objects.filter(email=email).first()
        if user is not None:
            return user
        role = next((role for e, _n, role in DEMO_ACCOUNTS if e == email), "member")
        user = profile_services.member_create(
            email=email, password=DEMO_PASSWORD, display_name=name, is_staff=role == "organiser"
        )
        kern = Kern.objects.get(slug=fields.pop("kern"))
        profile_services.profile_update(
            profile=user.profile,
            municipality=kern.municipality,
            kern=kern,
            disciplines=list(Discipline.objects.filter(slug__in=fields.pop("disciplines"))),
            **fields,
        )
        return user

    def ensure_meeting(self, organiser, facilitator) -> Meeting:
        meeting = Meeting.objects.filter(title=DEMO_SESSION_TITLE).first()
        if meeting is not None:
            return meeting
        # The next Thursday evening, 19:30 to 22:00, Amsterdam time.
        today = timezone.localdate()
        thursday = today + timedelta(days=(3 - today.weekday()) % 7 or 7)
        starts_at = datetime.combine(thursday, time(19, 30), tzinfo=AMSTERDAM)
        return board_services.meeting_create(
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
            image=SimpleUploadedFile("bijeenkomst.png", poster(DEMO_SESSION_TITLE, "performing")),
            image_alt=POSTER_ALT,
        )

    def fill_boards(self, meeting, organiser, facilitator, users) -> None:
        """Two breakouts beside the plenary board, with ideas and votes, so a demo starts lively."""
        plenary = meeting.boards.get(kind=Board.Kind.PLENARY)
        agenda = board_services.board_create(
            meeting=meeting,
            by=organiser,
            title="Een gezamenlijke UIT-agenda",
            theme="Hoe zorgen we dat iedereen weet wat er te doen is?",
            facilitators=[facilitator],
        )
        ruimte = board_services.board_create(
            meeting=meeting,
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

    # --- what earlier meetings left behind: topics, summaries, action teams ----------------------------

    def ensure_topics(self) -> dict[str, Topic]:
        topics = {}
        for slug, name, description in history.TOPICS:
            topics[slug], _created = Topic.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description}
            )
        return topics

    def ensure_history(self, users, organiser, facilitator, topics, coming) -> None:
        """Three past meetings with closed boards and published summaries, and the two action teams
        born there: one reporting back at the coming meeting, one that has not reported for two."""
        meetings = [self.past_meeting(spec, users, organiser, facilitator) for spec in history.PAST_SESSIONS]
        by_title = {meeting.title: meeting for meeting in meetings}
        for spec in history.TEAMS:
            meeting = by_title[spec["meeting"]]
            idea = Idea.objects.get(board__meeting=meeting, text=spec["idea"])
            coordinator = users[spec["coordinator"]]
            team = team_services.team_create(
                idea=idea,
                by=organiser,
                name=spec["name"],
                goal=spec["goal"],
                topic=topics[spec["topic"]],
                coordinator=coordinator,
            )
            # Born that evening: the "two meetings without a report-back" count starts there.
            ActionTeam.objects.filter(pk=team.pk).update(created_at=meeting.ends_at)
            for email in spec["members"]:
                team_services.team_join(team=team, member=users[email])
            today = timezone.localdate()
            for title, owner, due_in, status in spec["tasks"]:
                task = team_services.task_create(team=team, by=coordinator, title=title, owner=users[owner])
                if due_in is not None:  # a due date in the past is the demo's overdue task
                    TeamTask.objects.filter(pk=task.pk).update(due_on=today + timedelta(days=due_in))
                if status != TeamTask.Status.OPEN:
                    team_services.task_set_status(task=task, by=coordinator, status=status)
            for author, text in spec["updates"]:
                team_services.update_post(team=team, by=users[author], text=text)
            if spec["report_back"] and coming.starts_at > timezone.now():
                team_services.report_back_save(
                    team=team, meeting=coming, by=coordinator, text=spec["report_back"]
                )
        for meeting, spec in zip(meetings, history.PAST_SESSIONS, strict=True):
            summary = archive_services.summary_draft(meeting=meeting, by=facilitator)
            archive_services.summary_save(
                summary=summary,
                by=facilitator,
                text=summary.text,
                topics=[topics[slug] for slug in spec["topics"]],
                base_version=summary.version,
            )
            archive_services.summary_publish(summary=summary, by=facilitator)
        for idea_text, slug in (
            ("Een kaart van alle repetitieruimtes met prijzen en beschikbaarheid", "ontmoetingsplekken"),
            ("Een vaste maker per school, betaald uit de cultuureducatiegelden", "cultuureducatie"),
        ):
            Idea.objects.get(text=idea_text).topics.add(topics[slug])

    def past_meeting(self, spec: dict, users, organiser, facilitator) -> Meeting:
        """A past Thursday evening with its boards: ideas posted, voted on, merged, hidden, closed."""
        day = timezone.localdate() - timedelta(days=30 * spec["months_ago"])
        day -= timedelta(days=(day.weekday() - 3) % 7)
        starts_at = datetime.combine(day, time(19, 30), tzinfo=AMSTERDAM)
        meeting = board_services.meeting_create(
            by=organiser,
            title=spec["title"],
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2, minutes=30),
            place=spec["place"],
            municipality=Municipality.objects.get(slug=spec["municipality"]),
            theme=spec["theme"],
            facilitators=[facilitator],
        )
        voters = [Participant(user=user) for user in users.values()]
        for position, board_spec in enumerate(spec["boards"]):
            if position == 0:
                board = meeting.boards.get(kind=Board.Kind.PLENARY)
            else:
                board = board_services.board_create(
                    meeting=meeting,
                    by=organiser,
                    title=board_spec["title"],
                    theme=board_spec["theme"],
                    facilitators=[facilitator],
                )
            prompt = board.prompts.first()
            ideas = []
            for n, (text, author, _votes) in enumerate(board_spec["ideas"]):
                if author is None:
                    guest = board_services.guest_join(
                        meeting=meeting, code=meeting.join_code, display_name=f"Gast {n + 1}"
                    )
                    participant = Participant(guest=guest)
                else:
                    participant = Participant(user=users[author])
                idea, _stored = board_services.idea_create(
                    board=board,
                    participant=participant,
                    prompt=prompt,
                    text=text,
                    client_msg_id=f"demo-history-{board.pk}-{n}",
                )
                ideas.append(idea)
            board_services.board_set_phase(board=board, by=facilitator, phase=Board.Phase.VOTE)
            budget = {n: board.votes_per_participant for n in range(len(voters))}
            for idea, (_text, _author, votes) in zip(ideas, board_spec["ideas"], strict=True):
                chosen = sorted(budget, key=lambda n: -budget[n])[:votes]
                for n in chosen:
                    board_services.idea_vote(idea=idea, participant=voters[n])
                    budget[n] -= 1
            for other, target in board_spec.get("merge", []):
                board_services.ideas_merge(target=ideas[target], others=[ideas[other]], by=facilitator)
            for hidden in board_spec.get("hidden", []):
                board_services.idea_moderate(idea=ideas[hidden], by=facilitator, action="hide")
            board_services.board_set_phase(board=board, by=facilitator, phase=Board.Phase.CLOSED)
        return meeting

    # --- the UIT-agenda ------------------------------------------------------------------------------

    def ensure_agenda(self, users, organiser, topics) -> int:
        """Twenty events across the three municipalities, approved; two in the June campaign."""
        if Event.objects.exists():
            return Event.objects.count()
        campaign, _created = Campaign.objects.get_or_create(
            slug=history.CAMPAIGN["slug"],
            defaults={"name": history.CAMPAIGN["name"], "text": history.CAMPAIGN["text"]},
        )
        today = timezone.localdate()
        june = date(today.year + (today.month > 6), 6, 1)
        campaign.starts_on, campaign.ends_on = june, june.replace(day=30)
        campaign.image_alt = POSTER_ALT
        agenda_services.campaign_save(
            campaign=campaign,
            image=SimpleUploadedFile(f"{campaign.slug}.png", poster(campaign.name, "visual"))
            if not campaign.image
            else None,
        )
        kernen = {kern.slug: kern for kern in Kern.objects.select_related("municipality")}
        disciplines = {discipline.slug: discipline for discipline in Discipline.objects.all()}
        in_campaign = 0
        for (
            days,
            hour,
            hours,
            title,
            venue,
            address,
            kern,
            slugs,
            price,
            makers,
            others,
            campaigned,
        ) in history.EVENTS:
            if campaigned:
                day = june + timedelta(days=11 + 7 * in_campaign)
                in_campaign += 1
            else:
                day = today + timedelta(days=days)
            starts_at = datetime.combine(day, time(hour), tzinfo=AMSTERDAM)
            submitter = users[makers[0]] if makers else organiser
            family = disciplines[slugs[0]].family if slugs else ""
            with_poster = len(title) % 4 != 0  # most events have a poster; a few show a card without
            event = agenda_services.event_submit(
                image=SimpleUploadedFile(f"{slugify(title)}.png", poster(title, family))
                if with_poster
                else None,
                image_alt=POSTER_ALT if with_poster else "",
                by=submitter,
                title=title,
                description=f"{title} in {kernen[kern].name}. Iedereen is welkom.",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=hours),
                venue=venue,
                address=address,
                municipality=kernen[kern].municipality,
                kern=kernen[kern],
                free=price is None,
                price=price or "",
                makers=[users[email] for email in makers],
                maker_names=others,
                disciplines=[disciplines[slug] for slug in slugs],
                topics=[topics["zichtbaarheid"]] if campaigned else [],
            )
            agenda_services.event_approve(
                event=event, by=organiser, campaigns=[campaign] if campaigned else None
            )
        return Event.objects.count()

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
            # The demo's makers have posted before: their callouts go online at once.
            TrustedAuthor.objects.get_or_create(member=author)
            callout = callout_services.callout_create(
                author=author,
                kind=spec["kind"],
                title=spec["title"],
                body=spec["body"],
                disciplines=[disciplines[slug] for slug in spec["disciplines"]],
                municipality=municipalities[spec["municipality"]] if spec["municipality"] else None,
                happens_on=happens_on,
                place=spec.get("place", ""),
                reach_reason=spec.get("reach_reason", ""),
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
