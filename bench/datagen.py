"""Generated, repeatable benchmark data: people (as a CSV file), templates and an angry ticket.

Names are drawn from common first and last names, so that a search matches as many rows as it
would in a real organisation (typing "a" matches most people, "smith" a few hundred). Every
person has a unique email, as an import requires.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

FIRST = (  # noqa: SIM905 - many names a line read better than a list
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy "
    "Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily "
    "Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy George Melissa "
    "Timothy Deborah Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia "
    "Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry "
    "Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha Samuel Katherine Gregory "
    "Christine Alexander Debra Frank Rachel Patrick Carolyn Raymond Janet Jack Catherine "
    "Dennis Maria Jerry Heather Tyler Diane Aaron Ruth Jose Julie Adam Olivia Nathan Joyce "
    "Henry Virginia Douglas Victoria Zachary Kelly Peter Lauren Kyle Christina Noah Joan "
    "Ethan Evelyn Jeremy Judith Walter Megan Christian Andrea Keith Cheryl Roger Hannah Terry "
    "Jacqueline Austin Martha Sean Gloria Gerald Teresa Carl Ann Harold Sara Dylan Madison "
    "Arthur Frances Lawrence Kathryn Jordan Janice Jesse Jean Bryan Abigail Billy Alice Bruce "
    "Judy Gabriel Sophia Joe Grace Logan Denise Alan Amber Juan Doris Albert Marilyn Willie "
    "Danielle Elijah Beverly Wayne Isabella Randy Theresa Vincent Diana Mason Natalie Roy "
    "Brittany Ralph Charlotte Bobby Marie Russell Kayla Bradley Alexis Philip Lori Eugene "
    "Priya Aisha Wei Mohammed Yuki Fatima Olga Sven Ingrid Pierre Amelie Giulia Lorenzo Mateo "
    "Lucia Kwame Ama Rohan Mei"
).split()
LAST = (  # noqa: SIM905 - many names a line read better than a list
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
    "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
    "White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott "
    "Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter "
    "Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart "
    "Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed "
    "Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray "
    "Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez "
    "Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales "
    "Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds "
    "Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar "
    "Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington "
    "Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson "
    "Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer "
    "Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza "
    "Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley "
    "Spencer Hawkins Arnold Pierce Hansen Peters Santos Hart Bradley Knight Elliott "
    "Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews O'Brien Nakamura Kowalski "
    "Novak Müller Schneider Rossi Dubois Lindqvist Okafor Mensah Singh Gupta"
).split()
DEPARTMENTS = (
    "Finance",
    "Human Resources",
    "Payroll",
    "Legal",
    "Marketing",
    "Sales",
    "Customer Service",
    "Engineering",
    "Research",
    "Facilities",
    "Procurement",
    "Logistics",
    "Quality Assurance",
    "Internal Audit",
    "Communications",
    "Estates",
    "Library",
    "Admissions",
    "Student Services",
    "Executive Office",
)
BUILDINGS = (
    "North Tower",
    "South Tower",
    "East Wing",
    "West Wing",
    "Riverside House",
    "Main Building",
    "Science Park 1",
    "Science Park 2",
    "Warehouse A",
    "Old Mill",
    "Library Building",
    "Innovation Centre",
)
ROLES = (
    "Analyst",
    "Senior Analyst",
    "Manager",
    "Team Leader",
    "Administrator",
    "Coordinator",
    "Officer",
    "Assistant",
    "Director",
    "Specialist",
    "Consultant",
    "Accountant",
    "Engineer",
    "Receptionist",
    "Advisor",
)
CSV_COLUMNS = (
    "name",
    "email",
    "role",
    "department",
    "building",
    "floor",
    "room",
    "phone",
)


def people_rows(count: int, seed: int = 8) -> list[tuple[str, ...]]:
    """``count`` people as CSV rows in ``CSV_COLUMNS`` order, the same for the same seed."""
    rng = random.Random(seed)
    rows: list[tuple[str, ...]] = []
    for number in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        local = f"{first}.{last}".lower().replace("'", "").replace("ü", "u")
        floor = str(rng.randint(0, 12))
        rows.append(
            (
                f"{first} {last}",
                f"{local}.{number}@example.org",
                rng.choice(ROLES),
                rng.choice(DEPARTMENTS),
                rng.choice(BUILDINGS),
                floor,
                f"{floor}.{rng.randint(1, 60):02d}",
                f"+44 20 7946 {rng.randint(0, 9999):04d}",
            )
        )
    return rows


def write_people_csv(path: Path, rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(rows)
    return path


_CATEGORIES = ("Password", "Hardware", "Software", "Network", "Welcome", "Follow-up", "Outage")
_TOPICS = (
    "laptop",
    "printer",
    "VPN",
    "password",
    "mailbox",
    "monitor",
    "phone",
    "badge",
    "licence",
    "shared drive",
)


def template_texts(count: int, seed: int = 8) -> list[tuple[str, str, str, str, str]]:
    """``count`` templates as (name, subject, body, category, abbreviation), names unique."""
    rng = random.Random(seed)
    templates = []
    for number in range(count):
        topic = rng.choice(_TOPICS)
        category = rng.choice(_CATEGORIES)
        name = f"{category} {topic} {number:04d}"
        subject = f"About your {topic}"
        body = (
            'Hi {{ person.first_name | default("there") }},\n\n'
            f"Your {topic} request is with us. We expect to have it sorted within "
            f"{rng.randint(1, 5)} working days and will keep you posted.\n\n"
            "Best wishes,\n{{ me.name }}\n"
        )
        templates.append((name, subject, body, category, f"t{number:04d}"))
    return templates


_ANGRY = (
    "This is the THIRD time I have reported this and nobody has done anything.",
    "I am absolutely sick of waiting for IT to fix my laptop!!!",
    "Frankly this is ridiculous and completely unacceptable.",
    "Your so-called support team is useless and I want to speak to a manager NOW.",
    "Great, another week without email, thanks a lot for nothing.",
    "I have lost an entire day of work because of your incompetence.",
    "Why does nobody ever answer the phone?",
    "Every single time I ask for help I get ignored.",
    "I needed this fixed yesterday, not next week.",
    "If this is not sorted today I will escalate it to the director.",
)
_PLAIN = (
    "The printer on the third floor shows an error when I send a document.",
    "I restarted the computer twice as the article suggested.",
    "My colleague in Finance has the same problem with the shared drive.",
    "The VPN disconnects every few minutes when I work from home.",
    "I attached a screenshot of the message that appears.",
    "The meeting room screen does not find my laptop either.",
    "Please let me know when someone can come and have a look.",
    "I tried another cable and it made no difference.",
)


def angry_ticket(words: int = 2000, seed: int = 8) -> str:
    """A ticket of about ``words`` words: mostly complaint, some facts, in paragraphs."""
    rng = random.Random(seed)
    sentences: list[str] = []
    count = 0
    while count < words:
        sentence = rng.choice(_ANGRY if rng.random() < 0.6 else _PLAIN)
        sentences.append(sentence)
        count += len(sentence.split())
    paragraphs = [" ".join(sentences[i : i + 6]) for i in range(0, len(sentences), 6)]
    return "\n\n".join(paragraphs)
