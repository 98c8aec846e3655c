"""The demo caseload beyond Jordan's journey: nine journeys across two coaches and two
designs, one for each thing momentum and practice insight tell a coach.

| client          | coach | design             | momentum today                              |
| --------------- | ----- | ------------------ | ------------------------------------------- |
| Priya Raman     | Maya  | transformation arc | drifting: her energy pulse is falling       |
| Tomás Herrera   | Maya  | transformation arc | paused, back in about two and a half weeks  |
| Lucía Fernández | Maya  | transformation arc | stalled: 46 days since her last session     |
| Wei Zhang       | Maya  | six sessions       | closed, with what has shifted               |
| Amara Nwosu     | Sam   | six sessions       | on track                                    |
| Kenji Watanabe  | Sam   | transformation arc | drifting: a gap, reflections unanswered     |
| Hannah Becker   | Sam   | six sessions       | closure at risk: planned end passed         |
| Ingrid Solberg  | Sam   | transformation arc | closed, Meet resistance skipped             |
| Rangi Parata    | Sam   | transformation arc | ended early                                 |

Each is dated from `today` (see `Story`), so the states hold on any day the demo loads. The
journeys under way are told in `under_way.py`, the ended ones in `ended.py`, from the cast in
`cast.py`.
"""

from __future__ import annotations

from arcwise.demo.cast import Cast
from arcwise.demo.ended import ingrid_closed, rangi_ended_early, wei_closed
from arcwise.demo.under_way import (
    amara_on_track,
    hannah_closure_at_risk,
    kenji_drifting,
    lucia_stalled,
    priya_drifting_on_her_pulse,
    tomas_paused,
)


def tell(cast: Cast) -> None:
    """Every journey of the demo caseload beyond Jordan's."""
    for story in (
        priya_drifting_on_her_pulse,
        tomas_paused,
        lucia_stalled,
        wei_closed,
        amara_on_track,
        kenji_drifting,
        hannah_closure_at_risk,
        ingrid_closed,
        rangi_ended_early,
    ):
        story(cast)
