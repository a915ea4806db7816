#!/usr/bin/env python3
"""Write a sample social-listening export for Brackenford Borough Council, a fictional council.

Usage:
    python scripts/make_sample_listening.py [output file]
    # default: knowledge/sample/listening/brackenford_comments.csv

The file imitates a listening tool's comment export (Date, Platform, Author, Message, URL,
Replied) for 1 November 2025 to 31 October 2026. Every person, handle, address, phone number
and comment is invented: emails use example.com and example.org, phone numbers come from the
Ofcom ranges kept for drama (07700 900xxx, 01632 960xxx), postcodes use the made-up BK area,
and links point at example.com. The personal details are there on purpose, to show that Upward
removes them before anything is kept.

It tells the sample council's stories: missed bins after a change of rounds in November,
potholes on named roads after the winter, a January flood warning where residents relied on the
council's posts, a February rumour that the tip was closing which spread while the council said
nothing for nine days, council tax questions in March, praise for quick replies, and questions
nobody answered.

The output is deterministic (a fixed seed, no clock): running it twice gives identical bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import sys
from dataclasses import dataclass
from pathlib import Path

SEED = 20251101
START = dt.date(2025, 11, 1)
END = dt.date(2026, 10, 31)
DEFAULT_OUT = (
    Path(__file__).resolve().parent.parent / "knowledge" / "sample" / "listening" / "brackenford_comments.csv"
)
HEADER = ("Date", "Platform", "Author", "Message", "URL", "Replied")

# --------------------------------------------------------------------------------------------
# People (all invented). First names and surnames avoid ordinary English words.
# --------------------------------------------------------------------------------------------

FIRST_NAMES = (
    "Janet", "Priya", "Darren", "Siobhan", "Gareth", "Aisha", "Callum", "Bethany", "Imran",
    "Kerry", "Nadia", "Lewis", "Tomasz", "Megan", "Kwame", "Fiona", "Declan", "Yasmin", "Colin",
    "Shona", "Harpreet", "Leanne", "Owen", "Zara", "Graham", "Chloe", "Marek", "Sandra", "Dylan",
    "Farah", "Alison", "Ravi", "Hayley", "Stuart", "Niamh", "Connor", "Sunita", "Jodie",
    "Bernard", "Mandy", "Tariq", "Lorraine", "Keith", "Amira", "Wayne", "Gemma", "Nathan", "Ewan",
    "Paula", "Deborah", "Rhys", "Anita", "Craig", "Mohammed", "Tracey", "Liam", "Agnieszka",
)
SURNAMES = (
    "Dawson", "Okafor", "Pritchard", "Whelan", "Kowalski", "Ashworth", "Begum", "Hensley",
    "Mistry", "Fairbairn", "McKenna", "Lister", "Oduya", "Rahman", "Thwaite", "Ellison",
    "Quigley", "Sandhu", "Pemberton", "Doyle", "Nowak", "Haworth", "Chaudhry", "Brannigan",
    "Firth", "Gallagher", "Iqbal", "Jessop", "Kaur", "Lomax", "Mahmood", "Nuttall", "Ogden",
    "Pilling", "Rashid", "Sowerby", "Tattersall", "Ullah", "Varley", "Wainwright", "Yeadon",
    "Birtwistle", "Cartwright", "Dunmore", "Entwistle", "Greenhalgh", "Holroyd", "Ingham",
)
# Where each platform's comments come from, and its share of the year's comments.
PLATFORMS = (
    ("Facebook", 0.58), ("Nextdoor", 0.12), ("X", 0.15), ("Instagram", 0.08), ("TikTok", 0.04),
    ("YouTube", 0.03),
)
HANDLE_PLATFORMS = ("X", "Instagram", "TikTok")  # their exports give the user name, not a name

STREETS = (
    "Larkspur Close", "Fennel Way", "Tanners Row", "Ashgrove Avenue", "Quarry Bank",
    "Orchard Crescent", "Cobden Street", "Heron Drive", "Sefton Terrace", "Bellingham Road",
    "Wyncote Gardens", "Pitt Street",
)
ROADS = ("Coldharbour Road", "Kiln Lane", "Station Road", "Brackenford High Street", "Moorgate Road",
         "Canal Street")
ROAD_NUMBERS = ("A4189", "B4127")
ESTATES = ("Harrow Fields", "Northgate", "Ellerby", "Old Town", "Wyncote", "Castle Vale")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
INWARD = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    handle: str
    platform: str

    @property
    def author(self) -> str:
        """What the export's Author column shows for this person."""
        return self.handle if self.platform in HANDLE_PLATFORMS else f"{self.first} {self.last}"


def make_people(rng: random.Random, n: int = 360) -> list[Person]:
    people: list[Person] = []
    seen: set[tuple[str, str]] = set()
    handles: set[str] = set()
    while len(people) < n:
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        if (first, last) in seen:
            continue
        seen.add((first, last))
        style = rng.randrange(4)
        handle = (
            f"{first[0]}{last}".lower() if style == 0
            else f"{first}_{last[0]}{rng.randrange(10, 99)}".lower() if style == 1
            else f"{first}{last}".lower() if style == 2
            else f"{last}_{first[0]}".lower()
        )
        if handle in handles:
            continue
        handles.add(handle)
        platform = rng.choices([p for p, _ in PLATFORMS], [w for _, w in PLATFORMS])[0]
        people.append(Person(first, last, handle, platform))
    return people


# --------------------------------------------------------------------------------------------
# Fake personal details (Ofcom drama numbers, example.com, the made-up BK postcode area)
# --------------------------------------------------------------------------------------------


def phone(rng: random.Random) -> str:
    n = rng.randrange(1000)
    return rng.choice((
        f"07700 900{n:03d}", f"07700900{n:03d}", f"+44 7700 900{n:03d}", f"01632 960{n:03d}",
        f"(01632) 960 {n:03d}", f"07700 900 {n:03d}",
    ))


def postcode(rng: random.Random) -> str:
    code = f"BK{rng.randrange(1, 10)} {rng.randrange(1, 10)}{rng.choice(INWARD)}{rng.choice(INWARD)}"
    return rng.choice((code, code, code.lower(), code.replace(" ", "")))


def email(rng: random.Random, person: Person) -> str:
    domain = rng.choice(("example.com", "example.org"))
    return rng.choice((f"{person.first}.{person.last}@{domain}".lower(), f"{person.handle}@{domain}"))


def reference(rng: random.Random) -> str:
    return str(rng.randrange(10_000_000, 99_999_999))


# --------------------------------------------------------------------------------------------
# Stories: when they happen, how many comments, what people wrote, how often the council replied
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    name: str
    start: dt.date
    end: dt.date
    count: int
    templates: tuple[str, ...]
    replied: float  # chance the council replied to a question
    replied_other: float = 0.1  # ... to anything else
    peak: float | None = None  # 0-1: where in the window comments bunch (None: spread evenly)


D = dt.date

STORIES: tuple[Story, ...] = (
    Story("bin rounds", D(2025, 11, 3), D(2026, 1, 23), 170, (
        "Bins not collected on {street} again. That's the third week since the new rounds started. What is going on?",
        "Our recycling bin has been missed twice since the round change. Who do I actually call about this?",
        "New collection day for {street}? Nobody told us, the leaflet never came.",
        "When will the missed bins on {street} be picked up? It's been {n} days.",
        "Still waiting for our recycling to be collected, reported it online {n} days ago and heard nothing.",
        "Bin lorry came at 6am and skipped half of {street}. {postcode}",
        "Is the garden waste collection still running over winter or has that changed with the new rounds?",
        "Whole of {estate} missed this week. Bags of rubbish everywhere and the foxes are having a field day.",
        "Reported a missed collection, reference {ref}, and nothing has happened. Please sort it.",
        "Can someone explain the new bin calendar? It says {day} but they came on {day2}.",
        "The new bin rounds have been a shambles from day one.",
        "Why didn't you post anything when the rounds changed? Half the street put their bins out on the wrong day.",
        "Food waste caddy not emptied for {n} weeks now on {street}. It stinks.",
        "Our bin day moved from {day} to {day2} and the council website still shows the old one.",
        "Bins on {street} emptied today at last, thanks to the crew who came back out.",
        "Fair play, reported the missed bin on the app and it was collected next morning.",
        "Three missed collections in a month on {street}. Is anyone checking the new routes?",
        "My elderly mum on {street} can't keep dragging her bin back in. When will this be fixed? {phone}",
        "Missed again. {street}, {postcode}. Not good enough.",
        "Hi, the blue bins on {estate} were missed on {day}, will they come back this week?",
        "Absolute joke. Bins missed on {street} for the third week and nobody answers the phone.",
        "Paying all this council tax and you can't even empty the bins. Disgraceful.",
        "Rubbish piling up on {street} since the round change, and now we've got rats. Disgusting.",
        "Fed up of reporting the same missed bin every week. Sort the new rounds out.",
        "The bin crews are doing their best, it's the planning of the new rounds that's the problem.",
    ), replied=0.45, peak=0.2),
    Story("bins", START, END, 55, (
        "What goes in the blue bin now? The website says one thing and the sticker says another.",
        "Can I get a bigger bin? There are six of us.",
        "Fly-tipping on {street} again, mattresses and a fridge. Reported it, ref {ref}.",
        "Is the Christmas collection on the usual day or a day later?",
        "Thanks to the bin crew on {street}, always cheerful and they put the bins back.",
        "How do I book a bulky waste collection for an old sofa?",
        "Garden waste subscription renewed but no sticker arrived. Who do I chase?",
        "Someone keeps putting their black bags next to our bin on {street}.",
        "Bins left in the road after collection on {street}, blocking the pavement for wheelchairs.",
    ), replied=0.55),
    Story("floods", D(2026, 1, 8), D(2026, 1, 24), 95, (
        "Thank you for the flood updates, we'd have had no idea the Mill Street bridge was closed without your posts.",
        "Are sandbags available anywhere in {estate}? The river is right up.",
        "Is the Riverside car park flooded? I need to get to work.",
        "Your posts were the only reliable information last night, better than the radio. Thank you.",
        "Water is coming up through the drains on Wharf Road, who do we ring?",
        "Any news on when the Mill Street bridge reopens?",
        "Shared your flood warning with our street WhatsApp and everyone was ready. Thank you!",
        "We relied on this page all weekend. Please keep posting the river levels.",
        "Why was there no flood warning for {estate}? We had water in the garage by 2am.",
        "Is the road from {estate} to the hospital open? My daughter is due any day.",
        "Brilliant work by the council and the fire service during the flooding, thank you all.",
        "Where do we report flood damage? Our ground floor on {street} is ruined. {phone}",
        "River Brack levels dropping now according to your last update, fingers crossed.",
        "Are the schools in {estate} open tomorrow with the flooding?",
        "Great to see the flood warning posted at 6am, gave us time to move the car.",
        "Can you confirm if the evacuation centre at the leisure centre is still open tonight?",
        "The flood map on your website didn't load on my phone. Please post the warnings here too.",
    ), replied=0.75, replied_other=0.25, peak=0.25),
    Story("winter weather", D(2025, 12, 1), D(2026, 2, 20), 25, (
        "Has {street} been gritted? It's like an ice rink this morning.",
        "Thanks to the gritting crews out at 4am, roads were fine for the school run.",
        "Why is the hill on {road} never gritted? Two cars in the hedge already.",
        "Is the snow affecting bin collections this week?",
        "Grit bin on {street} has been empty all winter, can it be refilled?",
    ), replied=0.6, peak=0.5),
    Story("potholes", D(2026, 1, 20), D(2026, 4, 30), 110, (
        "The pothole on {road} outside the Co-op is getting deeper by the day. Someone is going to lose a tyre.",
        "Reported the pothole on {road} {n} weeks ago. Still there. Ref {ref}.",
        "Who is responsible for the {roadnum}? The potholes near the {estate} turn-off are lethal.",
        "Burst my tyre in a pothole on {road} last night, how do I claim?",
        "Any date for resurfacing {road}? It's more hole than road.",
        "Credit where it's due, the potholes on {road} were filled within a week of reporting them.",
        "Roadworks on {road} and {road2} at the same time, whose idea was that?",
        "Temporary lights on {road} have been there {n} weeks with nobody working.",
        "Cyclists are swerving round the potholes on {road} into traffic. It's dangerous.",
        "Filled one pothole on {road} and left the three next to it. Baffling.",
        "Thank you for finally resurfacing {road}, it's like a new road.",
        "Is there a map of which roads are being fixed this year? Can't find it on the website.",
        "The {roadnum} between {estate} and town is a disgrace. Potholes everywhere.",
        "Pavement on {street} is broken and my dad tripped. Who fixes pavements? {phone}",
        "Is anyone actually going to fix {road} or are you waiting for someone to get hurt?",
        "Hit a pothole on the {roadnum} and cracked a wheel. The state of the roads is disgraceful.",
        "Worst potholes I've seen in 30 years of living in {estate}. Embarrassing.",
    ), replied=0.5, peak=0.35),
    Story("roads", START, END, 30, (
        "Street light out on {street} for {n} weeks, very dark walking home.",
        "Why is {road} closed again this weekend?",
        "Roadworks on {road} finished ahead of schedule, well done.",
        "Traffic lights at the {road} junction stuck on red this morning.",
    ), replied=0.5),
    Story("tip rumour", D(2026, 2, 3), D(2026, 2, 11), 60, (
        "Heard that the tip on Furnace Lane is closing for good in April. Is it true?",
        "Someone said the recycling centre is shutting to save money. Where are we meant to take garden waste then?",
        "Is it true the tip is going appointment only and then closing?",
        "People are saying the Furnace Lane tip closes next month. Fly-tipping will go through the roof.",
        "Apparently the tip is closing. Typical, nobody asked us.",
        "Why won't the council say anything about the tip closing? Days of people asking on here.",
        "My neighbour was told the tip is shutting in March. Can anyone confirm?",
        "Saw a post saying the household waste recycling centre is closing, is that right?",
        "Still no answer about the tip. The silence just makes the rumour worse.",
        "If the tip closes there will be fridges dumped in every lane in {estate}.",
        "Heard the tip will close and be sold for housing. Is that the plan?",
        "Is the Furnace Lane tip closing or not? Simple question.",
        "Rumour on the {estate} group is the tip shuts at Easter. Any truth in it?",
        "Heard they're closing the tip. Terrible decision, it's the only one for miles.",
        "Apparently the tip closure was decided in secret. Disgusting way to treat residents.",
    ), replied=0.08, replied_other=0.02, peak=0.6),
    Story("tip answered", D(2026, 2, 12), D(2026, 2, 26), 25, (
        "Glad you finally cleared up the tip rumour, shame it took over a week.",
        "Thanks for confirming the tip is staying open. Should have said so days ago.",
        "So the tip isn't closing, just new opening hours? Why not say that straight away?",
        "Good to hear Furnace Lane is staying open. Please post sooner next time.",
        "Thanks for the clear post about the recycling centre, shared it on the {estate} group.",
        "What are the new opening hours at the tip from March?",
    ), replied=0.7, replied_other=0.2, peak=0.1),
    Story("council tax", D(2026, 3, 1), D(2026, 3, 31), 75, (
        "When do the new council tax bills come out? We haven't had ours yet.",
        "Why has council tax gone up 4.99% again when the bins aren't even collected?",
        "How do I apply for the single person discount? The link on the website doesn't work.",
        "My direct debit has been taken twice this month, account {ref}. Please call me on {phone}.",
        "Can I pay council tax over 12 months instead of 10?",
        "Which council tax band is {street} in? Ours seems high compared to the next street.",
        "Tried to ring about my council tax bill, on hold 45 minutes then cut off.",
        "Council tax up again and what do we actually get for it?",
        "Where does the money from council tax go? A breakdown would help.",
        "Is there help with council tax for carers?",
        "Thanks for the clear video on where council tax goes, first time I've understood it.",
        "Moving house in April, do I need to tell you about council tax or is it automatic?",
        "The council tax bill says band D but we were told band C when we bought. Who do I speak to?",
    ), replied=0.55, peak=0.3),
    Story("council tax later", D(2026, 4, 1), D(2026, 4, 30), 15, (
        "Still haven't received a council tax bill, do I just wait?",
        "Council tax refund promised in March still not arrived. Ref {ref}.",
        "How do I change my council tax direct debit date?",
    ), replied=0.55),
    Story("quick replies", START, END, 70, (
        "Thanks for the quick reply, sorted within the hour.",
        "Messaged the page on Sunday and got an answer in 20 minutes. Impressed.",
        "Whoever runs this page deserves a pay rise, always quick to reply.",
        "Really helpful answer, thank you for getting back so fast.",
        "Honestly didn't expect a reply from the council, but got one the same day. Thank you.",
        "Quick response and the problem was fixed the next day. Well done.",
        "Thank you for replying so quickly about the missed bin.",
        "Great service from the team on here, thank you.",
    ), replied=0.5, replied_other=0.35, peak=0.75),
    Story("unanswered", START, END, 60, (
        "Does anyone know if the library on Church Street is open on bank holiday Monday?",
        "Who do I report a broken street light on {street} to?",
        "Is the {estate} play area ever getting fixed? It's been taped off since the summer.",
        "When does the swimming pool reopen after the refurbishment?",
        "Where can I find the planning application for the old depot site? Searched the website and got nowhere.",
        "Asked this twice now with no reply: who do I contact about the overgrown hedge on {street}?",
        "Is there still a bus from {estate} to the hospital after 6pm?",
        "How do I get a blue badge renewed? Nobody picks up the phone.",
        "Still waiting for a reply to my message from last week about the tree on {street}.",
        "Do you still do free bulky waste collections for pensioners?",
        "What time does the recycling centre close on Sundays?",
        "Can you tell me who to speak to about a dropped kerb for a wheelchair?",
        "Third time asking: when will the broken swing in the {estate} park be fixed?",
        "Is anyone going to answer the questions on this page or is it just for announcements?",
    ), replied=0.0, replied_other=0.0),
    Story("parking", START, END, 40, (
        "Parking permits for Old Town have doubled in price. How is that fair?",
        "Got a parking ticket at Riverside car park while the machine was broken.",
        "Cars parked on the double yellows outside the school on {street} every morning. Anyone enforcing this?",
        "Is parking free in the town centre car parks in December?",
        "The pay and display machines only take the app now, not everyone has a smartphone.",
        "Who do I appeal a parking fine to? PCN number {ref}.",
    ), replied=0.5),
    Story("planning", START, END, 35, (
        "400 new homes at Harrow Fields and not one new GP surgery or school place. Who approved this?",
        "Where do I object to the planning application on {street}?",
        "The consultation on the local plan closes when exactly?",
        "The developers at Harrow Fields are working past 7pm every night.",
        "Good to see the old mill being turned into homes instead of left to rot.",
        "Is the green belt near {estate} being built on? Heard different things.",
    ), replied=0.45),
    Story("housing", START, END, 30, (
        "Black mould in our council flat on {street} for months. Reported it three times.",
        "How long is the housing list at the moment? We've been on it two years.",
        "Damp in the children's bedroom and the housing association won't come out.",
        "Where can homeless people go tonight in this cold?",
        "Thank you to the housing team who helped my brother find somewhere to live.",
    ), replied=0.5),
    Story("leisure", START, END, 45, (
        "The library's new Saturday hours are brilliant, thank you.",
        "Why is the swimming pool at the leisure centre closed again?",
        "The park on {street} is lovely since the new play area went in.",
        "Can the toilets in Brackenford Park be opened earlier in summer?",
        "The library has saved me this year, warm space, job club and free wifi.",
        "Tennis courts in the park need new nets, they've been ripped for months.",
        "Allotment waiting list is ridiculous, seven years?",
    ), replied=0.5),
    Story("bonfire", D(2025, 11, 1), D(2025, 11, 9), 12, (
        "What time are the fireworks at the bonfire on Saturday?",
        "Fantastic bonfire night, thank you to everyone who organised it.",
        "Is the bonfire still on if it rains?",
        "Fireworks going off on {street} every night this week, the dogs are terrified.",
    ), replied=0.6, peak=0.4),
    Story("christmas lights", D(2025, 11, 17), D(2025, 12, 8), 18, (
        "Christmas lights switch-on was brilliant, the kids loved it.",
        "Is the Christmas market on the High Street this year?",
        "Road closures for the lights switch-on weren't posted anywhere until the day.",
        "What time does the lights switch-on start on Friday?",
    ), replied=0.6, peak=0.5),
    Story("halloween", D(2026, 10, 31), D(2026, 10, 31), 4, (
        "Fireworks being let off at kids in the {estate} park tonight. Where are the patrols?",
        "Is the bonfire at Brackenford Park still on next week if it rains?",
        "Lovely to see so many families out trick or treating in {estate} tonight.",
    ), replied=0.5),
    Story("bonfire 2026", D(2026, 10, 12), D(2026, 10, 31), 12, (
        "Is there a council bonfire this year or has it been cut?",
        "Will the bonfire be at Brackenford Park again this year?",
        "Great to see the bonfire is back, the kids can't wait.",
    ), replied=0.6, peak=0.7),
    Story("festival", D(2026, 6, 15), D(2026, 7, 31), 25, (
        "Brackenford Summer Festival was amazing this year, well done everyone.",
        "Is the festival free entry? Can't see it on the website.",
        "Will there be parking for the summer festival or should we get the bus?",
        "Music from the festival until 11pm on a Sunday, some of us have work.",
    ), replied=0.6, peak=0.6),
    Story("transport", START, END, 30, (
        "The number 7 bus from {estate} has been cut to one an hour. How are people meant to get to work?",
        "Bus stop on {street} has no timetable and the shelter is smashed.",
        "Is the park and ride running on Sundays now?",
        "The new bus timetable is much better, thanks for pushing for it.",
    ), replied=0.4),
    Story("crime", START, END, 35, (
        "Off-road bikes tearing round the {estate} rec again tonight. Police never come.",
        "Anti-social behaviour outside the shops on {street} every evening. What is being done?",
        "Graffiti all over the underpass at Canal Street again.",
        "Car broken into on {street} last night. Has anyone got CCTV?",
        "Thank you for the extra patrols in the town centre, it feels safer.",
        "Drug dealing in the alley behind {street}, reported it to police, ref {ref}.",
    ), replied=0.35),
    Story("health", START, END, 20, (
        "Can't get a GP appointment in {estate} for three weeks. Is this the council's problem or the NHS?",
        "Where can I get a flu jab locally?",
        "Thank you to the social care team who sorted my dad's care package.",
        "Is the walk-in centre still open at the weekend?",
    ), replied=0.4),
    Story("schools", START, END, 30, (
        "When is the deadline for primary school places?",
        "School transport for {estate} kids has been late every day this week.",
        "Can you confirm the term dates for next year?",
        "Thank you for the holiday club at the library, our two loved it.",
        "No SEN support at our school for months, who do we complain to?",
    ), replied=0.5),
    Story("elections", D(2026, 4, 1), D(2026, 5, 8), 25, (
        "Where is my polling station? The card hasn't arrived.",
        "How do I apply for a postal vote in time for May?",
        "Is the polling station at the {estate} community centre accessible?",
        "Thanks for the clear guide to voting ID, shared it with my parents.",
    ), replied=0.6, peak=0.8),
    Story("contact", START, END, 35, (
        "Your website search is useless, I couldn't find anything about bulky waste.",
        "On hold for 50 minutes to the contact centre and then it rang off.",
        "The online form crashes every time I try to submit it.",
        "Emailed three times and no reply. Is anyone reading these?",
        "Couldn't find the opening times anywhere on the website.",
        "The new website is so much easier to use, well done.",
        "Can't log in to my council account, it keeps saying error.",
        "Rang four times about my bin and nobody ever calls back. Useless.",
        "No reply again. What is the point of this page if nobody answers?",
        "The report-it form at www.brackenford.example.org/report-it doesn't load on my phone.",
    ), replied=0.5),
    Story("other", START, END, 50, (
        "Lovely photo of the town hall.",
        "Who runs this page?",
        "Happy new year to everyone at the council.",
        "Brackenford looks great at night.",
        "Great to see the old photos of the High Street, brings back memories.",
        "Following for updates.",
        "Such a shame what's happened to the town centre shops.",
        "Any chance of a public toilet in the High Street?",
        "Please bring back the Christmas tree in the square.",
        "This page has really improved this year.",
    ), replied=0.3),
)

# Personal details people add, so the redaction has something to do.
EXTRAS = (
    " Please call me on {phone}.",
    " My email is {email} if you need it.",
    " We're at {postcode}.",
    " @{friend_handle} have you had this too?",
    " {friend_full} said the same happened on their street.",
    " Agree with {friend_first}, it's been going on for weeks.",
    " {friend_first} told me to post here.",
    " Not good enough.",
    " Absolutely fed up.",
    " My name is {me_first} {me_last} and I've lived here 20 years.",
    " \u2014 {me_first}",
    " Cllr Whitcombe said he would look into it months ago.",
    " I posted photos here: https://photos.example.com/{ref}",
)
OPENERS = ("", "", "", "", "Hi, ", "Morning. ", "Evening all. ", "Hello {friend_first}, ", "@{friend_handle} ")


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------


def when(rng: random.Random, story: Story) -> dt.datetime:
    """A moment in the story's window: bunched around its peak, at waking hours."""
    span = (story.end - story.start).days
    if story.peak is None:
        offset = rng.randrange(span + 1)
    else:
        offset = round(min(max(rng.triangular(0, 1, story.peak), 0.0), 1.0) * span)
    day = story.start + dt.timedelta(days=offset)
    hour = rng.choice((7, 8, 8, 9, 10, 12, 12, 13, 15, 17, 18, 19, 19, 20, 20, 21, 22))
    return dt.datetime(day.year, day.month, day.day, hour, rng.randrange(60))


def fill(rng: random.Random, template: str, me: Person, friend: Person) -> str:
    street, road = rng.choice(STREETS), rng.choice(ROADS)
    day = rng.choice(DAYS)
    return template.format(
        street=street,
        road=road,
        road2=rng.choice([r for r in ROADS if r != road]),
        roadnum=rng.choice(ROAD_NUMBERS),
        estate=rng.choice(ESTATES),
        day=day,
        day2=rng.choice([d for d in DAYS if d != day]),
        n=rng.randrange(2, 6),
        ref=reference(rng),
        phone=phone(rng),
        postcode=postcode(rng),
        email=email(rng, me),
        me_first=me.first,
        me_last=me.last,
        friend_first=friend.first,
        friend_full=f"{friend.first} {friend.last}",
        friend_handle=friend.handle,
    )


def is_question(text: str) -> bool:
    return "?" in text


def rows(seed: int = SEED) -> list[tuple[str, ...]]:
    rng = random.Random(seed)
    people = make_people(rng)
    # A few regulars write most comments, as on any council page.
    weights = [1.0 / (rank + 20) for rank in range(len(people))]
    plan = [(story, rng.choices(people, weights)[0]) for story in STORIES for _ in range(story.count)]
    # People named in comments are people who comment under their own name in this file.
    rank = {p: n for n, p in enumerate(people)}
    named = sorted({me for _, me in plan if me.platform not in HANDLE_PLATFORMS}, key=rank.__getitem__)
    found: list[tuple[dt.datetime, str, str, str, str]] = []
    for story, me in plan:
        friend = rng.choice([p for p in named[:60] if p != me])
        template = rng.choice(story.templates)
        opener = "" if template.startswith("Hi") else rng.choice(OPENERS)
        extra = rng.choice(EXTRAS) if rng.random() < 0.16 else ""
        if opener.endswith(", ") and not opener.startswith("@"):
            template = template[0].lower() + template[1:]
        text = fill(rng, opener + template + extra, me, friend)
        chance = story.replied if is_question(text) else story.replied_other
        replied = "Yes" if rng.random() < chance else "No"
        found.append((when(rng, story), me.platform, me.author, text, replied))
    found.sort(key=lambda r: (r[0], r[3]))
    return [
        (
            moment.strftime("%Y-%m-%d %H:%M"), platform, author, text,
            f"https://listening.example.com/{platform.lower()}/brackenford-sample/{100000 + n}", replied,
        )
        for n, (moment, platform, author, text, replied) in enumerate(found, start=1)
    ]


def write(path: Path, seed: int = SEED) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    data = rows(seed)
    writer.writerows(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return len(data)


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    n = write(out)
    print(f"wrote {n} comments to {out}")


if __name__ == "__main__":
    main(sys.argv)
