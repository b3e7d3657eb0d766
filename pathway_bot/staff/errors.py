"""What signing in can refuse. One message for every wrong or locked sign-in, so nobody
learns from it whether an email address has an account."""

from __future__ import annotations

from pathway_bot.errors import CredentialsRefused, NotFound, PathwayError


class SignInRefused(CredentialsRefused, PathwayError):
    """A wrong email, password or code, or an account locked or disabled: all look alike."""

    code = "sign_in_refused"
    status = 401
    title = "Those details are not right"


class SetUpLinkInvalid(NotFound):
    """A set-up link that is unknown, used, or past its time."""

    code = "set_up_link_invalid"
