"""Who may receive what: the seam the accounts issue (16, per-person accounts and basin permissions)
plugs into.

Every scheduled report is built for a Scope limited to its subject's basin (a partner's basin, a
committee's basin), so a report never holds record-level data of another basin. Which *person* may
receive it is decided here, by `may_receive(recipient, basins)`, called before each send; a refusal
is logged (outcome `refused`) and the report is not sent.

Today there are no per-person accounts: the schedule file, written by an admin, is the authority, and
any well-formed address it names may receive its reports. When issue 16 lands, set `PERMITTED_BASINS`
to a function e-mail → the basins (names) that person may see (None: no such person): a recipient
then receives a report only if its basins are all among theirs; an unknown person receives nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# e-mail → the basins that person may see, or None for an unknown person; None here: no accounts yet
PERMITTED_BASINS: Callable[[str], set[str] | None] | None = None

_EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]+$")


def valid_email(value: str) -> bool:
    return bool(_EMAIL.match(str(value).strip()))


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason_key: str = ""          # a catalog key (error.*) when refused
    fields: dict | None = None


def may_receive(recipient: str, basins: tuple[str, ...]) -> Decision:
    """Whether `recipient` may receive a report about `basins` (names)."""
    if not valid_email(recipient):
        return Decision(False, "error.recipient_invalid", {"recipient": recipient})
    if PERMITTED_BASINS is None:
        return Decision(True)
    permitted = PERMITTED_BASINS(recipient.strip().lower())
    if permitted is None:
        return Decision(False, "error.recipient_unknown", {"recipient": recipient})
    missing = sorted(set(basins) - set(permitted))
    if missing:
        return Decision(False, "error.recipient_basins", {"recipient": recipient, "basins": ", ".join(missing)})
    return Decision(True)
