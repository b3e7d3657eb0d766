"""`pathway-bot ageing`: the daily report of response times missed, by district.

It first carries every request its allocations meeting did not decide to the next meeting
(visibly: a history entry, the family told), then prints what is late. A scheduler calls
it once a day; run by hand it is safe to repeat.
"""

from __future__ import annotations

import json

import click

from pathway_bot.commands.keys import _runtime
from pathway_bot.requests.response_times import Breach


def ageing_lines(report: dict[str, list[Breach]], carried: int) -> list[str]:
    """The report as people read it: one heading per district, one line per breach."""
    lines = [f"Carried to the next meeting today: {carried}"]
    for district, breaches in report.items():
        lines.append(f"{district}: {len(breaches)} late")
        lines += [f"  {b.reference}  {b.target} due {b.due_on.isoformat()}, "
                  f"{b.working_days_over} working day(s) late ({b.status})" for b in breaches]
    return lines


@click.command("ageing")
@click.option("--json", "as_json", is_flag=True, help="One line of JSON instead of text.")
def ageing_command(as_json: bool) -> None:
    """Carry undecided requests to their next meeting, then report missed response times
    by district."""
    runtime = _runtime()
    with runtime.database.session() as session:
        carried = runtime.casework.carry_forward(session)
        report = runtime.casework.ageing(session)
    if as_json:
        click.echo(json.dumps({"carried_forward": len(carried), "breaches": {
            district: [{"reference": b.reference, "target": b.target,
                        "due_on": b.due_on.isoformat(), "working_days_over": b.working_days_over,
                        "status": b.status} for b in breaches]
            for district, breaches in report.items()}}))
        return
    for line in ageing_lines(report, len(carried)):
        click.echo(line)


COMMANDS = (ageing_command,)
