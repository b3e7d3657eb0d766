import csv
import io
from datetime import date

from pathway_bot.requests.agenda import Agenda, AgendaItem, agenda_as_csv, agenda_as_dict


def create_agenda(**item_overrides) -> Agenda:
    item = {"id": "r1", "reference": "K7MQ-4XZP", "raised_on": date(2025, 11, 25),
            "district": "stroud", "source": "conversation", "tier": "targeted", "age": 9,
            "main_needs": ("health",), "status": "queued", "claimed_by": None}
    item.update(item_overrides)
    return Agenda("stroud", "Stroud", "Stroud Early Help allocations group",
                  date(2025, 12, 2), True, (AgendaItem(**item),))


def test_the_agenda_csv_has_a_header_and_one_row_per_request():
    rows = list(csv.reader(io.StringIO(agenda_as_csv(create_agenda()))))
    assert rows[0][:3] == ["reference", "raised_on", "district"]
    assert rows[1][:3] == ["K7MQ-4XZP", "2025-11-25", "stroud"]
    assert len(rows) == 2


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_defused():
    text = agenda_as_csv(create_agenda(claimed_by="=HYPERLINK(\"http://x\")"))
    assert "'=HYPERLINK" in text


def test_the_agenda_as_json_dates_are_iso():
    data = agenda_as_dict(create_agenda())
    assert data["date"] == "2025-12-02" and data["items"][0]["raised_on"] == "2025-11-25"
