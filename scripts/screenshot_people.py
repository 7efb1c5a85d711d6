"""Makes docs/people-window.png: the People window with sample people, in a throwaway data folder.

Usage: PYTHONPATH=. python scripts/screenshot_people.py [OUTPUT]
Runs offscreen unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from itfriend.core.clock import FakeClock
from itfriend.core.paths import AppPaths
from itfriend.core.services import Services, open_services
from itfriend.ui.common.events import DataEvents
from itfriend.ui.people.window import PeopleWindow

# name, role, department, building, floor, room, email user, systems, days since contact (None:
# never), cadence
PEOPLE = [
    (
        "Priya Raman",
        "Payroll lead",
        "Finance",
        "North",
        "2",
        "2.14",
        "priya.raman",
        "SAP, Excel",
        3,
        None,
    ),
    ("Tom Okafor", "Accountant", "Finance", "North", "2", "2.10", "tom.okafor", "SAP", 41, None),
    (
        "Helen Fischer",
        "Head of HR",
        "Human Resources",
        "North",
        "3",
        "3.02",
        "helen.fischer",
        "Workday",
        12,
        14,
    ),
    (
        "Marco Bianchi",
        "Recruiter",
        "Human Resources",
        "North",
        "3",
        "3.05",
        "marco.bianchi",
        "Workday, Teams",
        0,
        None,
    ),
    (
        "Aisha Bello",
        "Site engineer",
        "Facilities",
        "Annex",
        "G",
        "G.01",
        "aisha.bello",
        "CAFM",
        66,
        None,
    ),
    (
        "Jonas Lindqvist",
        "Lab technician",
        "Research",
        "South",
        "1",
        "1.22",
        "jonas.lindqvist",
        "LIMS",
        None,
        None,
    ),
    (
        "Chen Wei",
        "Data scientist",
        "Research",
        "South",
        "1",
        "1.30",
        "chen.wei",
        "Python, LIMS",
        8,
        None,
    ),
    (
        "Sofia Alvarez",
        "Sales manager",
        "Sales",
        "East",
        "4",
        "4.01",
        "sofia.alvarez",
        "CRM, Outlook",
        19,
        None,
    ),
    (
        "Daniel Kim",
        "Account executive",
        "Sales",
        "East",
        "4",
        "4.07",
        "daniel.kim",
        "CRM",
        33,
        None,
    ),
    ("Grace O'Neill", "Counsel", "Legal", "West", "5", "5.03", "grace.oneill", "iManage", 5, None),
    (
        "Lukas Novak",
        "Warehouse supervisor",
        "Logistics",
        "Annex",
        "G",
        "G.12",
        "lukas.novak",
        "WMS",
        95,
        60,
    ),
    (
        "Fatima Haddad",
        "Receptionist",
        "Front Office",
        "North",
        "G",
        "G.00",
        "fatima.haddad",
        "Visitor log",
        1,
        7,
    ),
    (
        "Oliver Brown",
        "CFO",
        "Finance",
        "North",
        "6",
        "6.01",
        "oliver.brown",
        "SAP, Excel",
        27,
        None,
    ),
    (
        "Nina Petrova",
        "Marketing lead",
        "Marketing",
        "East",
        "3",
        "3.15",
        "nina.petrova",
        "Adobe CC",
        52,
        None,
    ),
    (
        "Samuel Mensah",
        "Researcher",
        "Research",
        "South",
        "2",
        "2.08",
        "samuel.mensah",
        "LIMS",
        None,
        None,
    ),
]
HISTORY = [
    (40, "in-person", "Set up her new laptop and docking station"),
    (26, "email", "Sent the guide for the new expense form"),
    (12, "phone", "Payroll export failed; cleared the SAP print queue"),
    (3, "in-person", "Quick walk-around: all good, asked about the new monitors"),
]


def populate(services: Services, clock: FakeClock) -> int:
    """Adds the sample people and history; returns the id of the person to show."""
    start = clock.now()
    shown = 0
    for name, role, department, building, floor, room, user, systems, days, cadence in PEOPLE:
        clock.set(start - timedelta(days=120))
        person = services.people.add(
            name,
            role=role,
            department=department,
            building=building,
            floor=floor,
            room=room,
            email=f"{user}@example.org",
            phone="+44 20 7946 0" + str(100 + len(user)),
            systems=[s.strip() for s in systems.split(",")],
            cadence_days=cadence,
        )
        if name == "Priya Raman":
            shown = person.id
            for ago, channel, summary in HISTORY:
                clock.set(start - timedelta(days=ago, hours=-2))
                services.interactions.log(person.id, channel, summary)
            clock.set(start)
            services.follow_ups.add(
                person.id, start + timedelta(days=2, hours=-6), "Check the new monitors arrived"
            )
            services.people.edit(
                person.id,
                preferred_name="Priya",
                birthday="1988-06-14",
                notes="Prefers a call before 10:00. Runs payroll on the 25th.",
                personal_notes="Back from parental leave in January.",
            )
        elif days is not None:
            clock.set(start - timedelta(days=days, hours=-1))
            services.interactions.log(person.id, "in-person", "Checked in")
    clock.set(start)
    return shown


def wait_for(signal: object, app: QApplication) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(10_000, loop.quit)
    loop.exec()


def main() -> int:
    output = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/people-window.png")
    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        # Mid-afternoon today, so that the times in the history look like working hours.
        today = datetime.now().astimezone().replace(hour=15, minute=20, second=0, microsecond=0)
        clock = FakeClock(today)
        services = open_services(AppPaths(home, home, home / "logs"), clock)
        person_id = populate(services, clock)
        window = PeopleWindow(services, DataEvents())
        window.resize(1100, 650)
        window.show()
        wait_for(window.loaded, app)
        window.show_person(person_id)
        app.processEvents()
        output.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(output))
        window.shutdown()
        window.close()
        services.close()
    print(f"saved {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
