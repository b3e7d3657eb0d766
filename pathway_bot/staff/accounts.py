"""Staff accounts' use cases: create, set up (password, TOTP, recovery codes), sign in,
disable and reset. Each owns its transaction; the caller owns the session.

Signing in takes two steps: the email and password, then a TOTP code or a recovery code.
Every failure counts against the account (if there is one): five within 15 minutes lock it
for 15 minutes. A wrong email, a wrong password, a wrong code and a locked or disabled
account all give one and the same refusal.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Result, delete, func, select, update
from sqlalchemy.orm import Session

from pathway_bot.area import Area
from pathway_bot.errors import NotFound, ValidationFailed
from pathway_bot.persistence.db import unit_of_work
from pathway_bot.persistence.models.staff import StaffAccount, StaffRecoveryCode
from pathway_bot.staff import secrets as staff_secrets
from pathway_bot.staff import totp
from pathway_bot.staff.errors import SetUpLinkInvalid, SignInRefused
from pathway_bot.staff.roles import KEY_WORKER, ROLES
from pathway_bot.staff.secrets import SecretBox

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCKED_FOR = timedelta(minutes=15)
SET_UP_LINK_LASTS = timedelta(hours=72)
PASSWORD_MIN = 12
PASSWORD_MAX = 128
REFUSED = ("Enter a correct email address, password and code. After 5 wrong tries signing "
           "in is locked for 15 minutes.")


@dataclass(frozen=True)
class SetUpLink:
    account: StaffAccount
    token: str


@dataclass(frozen=True)
class Enrolment:
    """What the set-up page shows: the secret, as a QR code's URI and as text to type."""

    secret: str
    uri: str
    grouped: str


class StaffAccounts:
    def __init__(self, *, area: Area, box: SecretBox, clock: Callable[[], datetime]):
        self._area = area
        self._box = box
        self._clock = clock

    # ---- accounts, from the command line ----

    def create(self, session: Session, *, role: str, districts: Iterable[str], email: str,
               name: str) -> SetUpLink:
        wanted = tuple(dict.fromkeys(districts))
        address = _normalise_email(email)
        self._check_new(session, role, wanted, address, name)
        token = staff_secrets.new_token()
        now = self._clock()
        account = StaffAccount(id=uuid.uuid4().hex, area=self._area.id, email=address,
                               name=name.strip(), role=role, districts=" ".join(wanted),
                               setup_token_hash=staff_secrets.hash_token(token),
                               setup_expires_at=now + SET_UP_LINK_LASTS, created_at=now,
                               failed_attempts=0, session_generation=0)
        with unit_of_work(session):
            session.add(account)
        return SetUpLink(account, token)

    def _check_new(self, session: Session, role: str, districts: tuple[str, ...], email: str,
                   name: str) -> None:
        errors: dict[str, list[str]] = {}
        if role not in ROLES:
            errors["role"] = [f"must be one of {', '.join(ROLES)}"]
        unknown = [d for d in districts if self._area.district(d) is None]
        if not districts or unknown:
            errors["district"] = [f"give one or more of {', '.join(self._area.district_ids)}"]
        if "@" not in email or len(email) > 254 or " " in email:
            errors["email"] = ["give an email address like name@example.org"]
        elif self._find(session, email) is not None:
            errors["email"] = ["an account with this email address exists already"]
        if not name.strip() or len(name.strip()) > 120:
            errors["name"] = ["give the person's name, 1 to 120 characters"]
        if errors:
            raise ValidationFailed("The account could not be created: see errors.",
                                   errors=errors)

    def disable(self, session: Session, email: str) -> StaffAccount:
        """The person can no longer sign in; sessions already signed in end at once."""
        account = self._existing(session, email)
        with unit_of_work(session):
            if account.disabled_at is None:
                account.disabled_at = self._clock()
            account.session_generation += 1
        return account

    def reset(self, session: Session, email: str) -> SetUpLink:
        """A lost phone or password: a new set-up link; the old password, TOTP secret and
        recovery codes stop working, and so do sessions already signed in."""
        account = self._existing(session, email)
        token = staff_secrets.new_token()
        with unit_of_work(session):
            account.password_hash = None
            account.totp_secret = None
            account.totp_last_step = None
            account.enrolled_at = None
            account.disabled_at = None
            account.failed_attempts = 0
            account.failures_since = None
            account.locked_until = None
            account.setup_token_hash = staff_secrets.hash_token(token)
            account.setup_expires_at = self._clock() + SET_UP_LINK_LASTS
            account.session_generation += 1
            session.execute(delete(StaffRecoveryCode)
                            .where(StaffRecoveryCode.account_id == account.id))
        return SetUpLink(account, token)

    def list_accounts(self, session: Session) -> list[StaffAccount]:
        return list(session.scalars(select(StaffAccount)
                                    .where(StaffAccount.area == self._area.id)
                                    .order_by(StaffAccount.email)))

    def key_workers(self, session: Session, district: str) -> list[StaffAccount]:
        """The key workers a request in this district may be allocated to: signed up,
        not disabled, and working in the district."""
        found = session.scalars(select(StaffAccount)
                                .where(StaffAccount.area == self._area.id,
                                       StaffAccount.role == KEY_WORKER,
                                       StaffAccount.disabled_at.is_(None),
                                       StaffAccount.enrolled_at.is_not(None))
                                .order_by(StaffAccount.name, StaffAccount.id))
        return [account for account in found if district in account.district_ids]

    # ---- setting up, through the one-time link ----

    def for_set_up(self, session: Session, token: str) -> StaffAccount:
        account = session.scalar(select(StaffAccount).where(
            StaffAccount.setup_token_hash == staff_secrets.hash_token(token)))
        expires = account.setup_expires_at if account is not None else None
        if account is None or expires is None or expires <= self._clock():
            raise SetUpLinkInvalid("This set-up link is not valid. Ask an administrator "
                                   "for a new one.")
        return account

    def set_password(self, session: Session, token: str, password: str) -> StaffAccount:
        """The caller has checked the password's length and its confirmation."""
        account = self.for_set_up(session, token)
        with unit_of_work(session):
            account.password_hash = staff_secrets.hash_password(password)
        return account

    def enrolment(self, session: Session, token: str) -> Enrolment:
        """The TOTP secret being enrolled: made once, kept encrypted until confirmed."""
        account = self.for_set_up(session, token)
        if account.password_hash is None:
            raise SetUpLinkInvalid("Choose a password first.")
        secret = self._box.open(account.totp_secret) if account.totp_secret else None
        if secret is None:
            secret = staff_secrets.new_totp_secret()
            with unit_of_work(session):
                account.totp_secret = self._box.seal(secret)
        return Enrolment(secret, totp.provisioning_uri(secret, account.email),
                         totp.grouped(secret))

    def confirm_enrolment(self, session: Session, token: str, code: str) -> list[str] | None:
        """The code from the person's app proves it holds the secret: enrolment is done, the
        link is spent, and the ten recovery codes are returned, to be shown once. None if
        the code is wrong (nothing changes)."""
        account = self.for_set_up(session, token)
        secret = self._box.open(account.totp_secret) if account.totp_secret else None
        now = self._clock()
        step = totp.accepted_step(secret, code, now=now, last_step=None) if secret else None
        if step is None or account.password_hash is None:
            return None
        codes = staff_secrets.new_recovery_codes()
        with unit_of_work(session):
            account.totp_last_step = step
            account.enrolled_at = now
            account.setup_token_hash = None
            account.setup_expires_at = None
            session.add_all(StaffRecoveryCode(account_id=account.id,
                                              code_hash=self._box.recovery_hash(c))
                            for c in codes)
        return codes

    # ---- signing in ----

    def check_password(self, session: Session, email: str, password: str) -> StaffAccount:
        """The first step. SignInRefused (the same for every failure) or the account, which
        still needs its second step."""
        account = self._find(session, _normalise_email(email))
        if account is None:
            staff_secrets.spend_time_as_if_checking(password)
            raise SignInRefused(REFUSED)
        right = staff_secrets.password_matches(account.password_hash, password)
        if not right or not self._may_sign_in(account):
            self._count_failure(session, account)
            raise SignInRefused(REFUSED)
        return account

    def check_code(self, session: Session, account_id: str, code: str) -> StaffAccount:
        """The second step: a TOTP code (never one from a step already used) or an unused
        recovery code, which is then spent. SignInRefused otherwise."""
        account = session.get(StaffAccount, account_id)
        if account is None:
            raise SignInRefused(REFUSED)
        if not self._may_sign_in(account) or not self._second_factor(session, account, code):
            self._count_failure(session, account)
            raise SignInRefused(REFUSED)
        with unit_of_work(session):
            account.failed_attempts = 0
            account.failures_since = None
        return account

    def _second_factor(self, session: Session, account: StaffAccount, code: str) -> bool:
        if staff_secrets.looks_like_totp(code):
            secret = self._box.open(account.totp_secret) if account.totp_secret else None
            if secret is None:
                return False
            step = totp.accepted_step(secret, code, now=self._clock(),
                                      last_step=account.totp_last_step)
            if step is None:
                return False
            # Conditional, so two sign-ins racing with one code cannot both win.
            done = session.execute(
                update(StaffAccount)
                .where(StaffAccount.id == account.id,
                       func.coalesce(StaffAccount.totp_last_step, -1) < step)
                .values(totp_last_step=step).execution_options(synchronize_session=False))
            session.commit()
            session.refresh(account)
            return _changed_one(done)
        return self._spend_recovery_code(session, account, code)

    def _spend_recovery_code(self, session: Session, account: StaffAccount, code: str
                             ) -> bool:
        spent = session.execute(
            update(StaffRecoveryCode)
            .where(StaffRecoveryCode.account_id == account.id,
                   StaffRecoveryCode.code_hash == self._box.recovery_hash(code),
                   StaffRecoveryCode.used_at.is_(None))
            .values(used_at=self._clock()).execution_options(synchronize_session=False))
        session.commit()
        return _changed_one(spent)

    def recovery_codes_left(self, session: Session, account_id: str) -> int:
        return session.scalar(select(func.count()).select_from(StaffRecoveryCode).where(
            StaffRecoveryCode.account_id == account_id,
            StaffRecoveryCode.used_at.is_(None))) or 0

    def _may_sign_in(self, account: StaffAccount) -> bool:
        locked = account.locked_until is not None and account.locked_until > self._clock()
        return account.active and account.enrolled_at is not None and not locked

    def _count_failure(self, session: Session, account: StaffAccount) -> None:
        now = self._clock()
        with unit_of_work(session):
            since = account.failures_since
            if since is None or now - since > FAILURE_WINDOW:
                account.failures_since = now
                account.failed_attempts = 0
            account.failed_attempts += 1
            if account.failed_attempts >= MAX_FAILURES:
                account.locked_until = now + LOCKED_FOR
                account.failed_attempts = 0
                account.failures_since = None

    # ---- who is signed in ----

    def signed_in(self, session: Session, account_id: str, generation: int
                  ) -> StaffAccount | None:
        """The account a session cookie names, if it may still be signed in."""
        account = session.get(StaffAccount, account_id)
        if (account is None or account.area != self._area.id or not account.active
                or account.session_generation != generation or account.enrolled_at is None):
            return None
        return account

    def _find(self, session: Session, email: str) -> StaffAccount | None:
        return session.scalar(select(StaffAccount).where(StaffAccount.area == self._area.id,
                                                         StaffAccount.email == email))

    def _existing(self, session: Session, email: str) -> StaffAccount:
        account = self._find(session, _normalise_email(email))
        if account is None:
            raise NotFound(f"No account has the email address {email.strip()!r}.")
        return account


def _changed_one(result: Result[Any]) -> bool:
    """Whether a conditional UPDATE changed its one row (and so won any race)."""
    return cast(CursorResult[Any], result).rowcount == 1


def _normalise_email(email: str) -> str:
    return email.strip().lower()
