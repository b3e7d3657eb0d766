"""Check an answer against its question. Returns the normalised answer or raises InvalidAnswer."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pathway_bot.area import Geography, normalise_postcode
from pathway_bot.errors import InvalidAnswer, OutOfAreaAnswer
from pathway_bot.flows.model import Option, Question

YES_WORDS = {"yes", "true", "y", "1"}
NO_WORDS = {"no", "false", "n", "0"}
DEFAULT_TEXT_LIMIT = 2000
# What a form's number field may hold to be read as a number: decimal digits in any script,
# as int() reads them (str.isdigit also takes "²", which int() refuses), and few enough that
# int() is quick and never refuses (past 4300 digits it does).
WHOLE_NUMBER = re.compile(r"-?\d{1,18}")


def _invalid(question: Question, reason: str, message_id: str,
             **params: Any) -> InvalidAnswer:
    return InvalidAnswer(question.id, reason, message_id=message_id, params=params)


def _is_choice(value: Any) -> bool:
    # Option values are strings or whole numbers; anything else can never be a choice.
    return isinstance(value, str | int) and not isinstance(value, bool)


def _single(question: Question, value: Any, options: tuple[Option, ...]) -> Any:
    allowed = {option.value for option in options}
    if not _is_choice(value) or value not in allowed:
        raise _invalid(question, f"choose one of {sorted(map(str, allowed))}",
                       "error.choose_one")
    return value


def _multi(question: Question, value: Any, options: tuple[Option, ...]) -> list[Any]:
    if not isinstance(value, list):
        raise _invalid(question, "send a list of choices", "error.choose_one_or_more")
    allowed = {option.value for option in options}
    unknown = [item for item in value if not _is_choice(item) or item not in allowed]
    if unknown:
        raise _invalid(question, f"not a choice here: {unknown}", "error.choose_one_or_more")
    chosen = list(dict.fromkeys(value))  # drop repeats, keep order
    if not chosen and question.required:
        raise _invalid(question, "choose at least one", "error.choose_one_or_more")
    exclusive = {option.value for option in options if option.exclusive}
    if len(chosen) > 1 and exclusive & set(chosen):
        raise _invalid(question, "'none of these' cannot be chosen with other answers",
                       "error.exclusive_choice")
    if question.max is not None and len(chosen) > question.max:
        raise _invalid(question, f"choose at most {question.max}", "error.too_many",
                       max=question.max)
    return chosen


def _yes_no(question: Question, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _invalid(question, "answer true (yes) or false (no)", "error.yes_or_no")


def _number(question: Question, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _invalid(question, "send a whole number", "error.whole_number")
    if question.min is not None and value < question.min:
        raise _invalid(question, f"must be {question.min} or more", "error.number_too_small",
                       min=question.min)
    if question.max is not None and value > question.max:
        raise _invalid(question, f"must be {question.max} or less", "error.number_too_big",
                       max=question.max)
    return value


def _text(question: Question, value: Any) -> str | None:
    if not isinstance(value, str):
        raise _invalid(question, "send text", "error.text")
    cleaned = value.strip()
    limit = question.max_length or DEFAULT_TEXT_LIMIT
    if len(cleaned) > limit:
        raise _invalid(question, f"must be {limit} characters or fewer", "error.text_too_long",
                       max=limit)
    if question.min_length and len(cleaned) < question.min_length:
        raise _invalid(question, f"must be at least {question.min_length} characters",
                       "error.text_too_short", min=question.min_length)
    if not cleaned:
        if question.required:
            raise _invalid(question, "this question needs an answer", "error.required")
        return None  # only white space: the same as leaving it empty
    return cleaned


def _postcode(question: Question, value: Any, area: Geography) -> str:
    if not isinstance(value, str) or normalise_postcode(value) is None:
        raise _invalid(question, "not a UK postcode, like GL5 1AA", "error.postcode_format")
    postcode = normalise_postcode(value)
    assert postcode is not None
    if area.match_postcode(postcode).kind == "outside":
        url = area.find_your_council_url
        invalid = OutOfAreaAnswer(question.id, f"{postcode} is outside the areas this "
                                  f"service covers: find your own council at {url}",
                                  message_id="error.postcode_outside", params={"url": url})
        invalid.extra["find_your_council_url"] = url
        raise invalid
    return postcode


def _date(question: Question, value: Any) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise _invalid(question, "send a date as YYYY-MM-DD", "error.date") from None


def check_answer(question: Question, value: Any, options: tuple[Option, ...],
                 area: Geography) -> Any:
    """`options` are the ones shown to this person (some depend on earlier answers)."""
    if value is None or value == "" or value == []:
        if question.required:
            raise _invalid(question, "this question needs an answer", "error.required")
        return None
    kind = question.type
    if kind == "single":
        return _single(question, value, options)
    if kind == "multi":
        return _multi(question, value, options)
    if kind == "yes_no":
        return _yes_no(question, value)
    if kind == "number":
        return _number(question, value)
    if kind == "postcode":
        return _postcode(question, value, area)
    if kind == "date":
        return _date(question, value)
    return _text(question, value)


def answer_from_form(question: Question, raw: str | list[str] | None) -> Any:
    """Turn what an HTML form posts (always text) into the JSON value `check_answer` takes.

    Anything that does not convert is passed on as it is, so `check_answer` names the problem.
    """
    if raw is None:
        return None
    if question.type == "multi":
        values = raw if isinstance(raw, list) else [raw]
        return [_typed_option_value(question, item) for item in values if item != ""]
    text = (raw[0] if raw else "") if isinstance(raw, list) else raw
    if question.type == "yes_no":
        word = text.strip().lower()
        return True if word in YES_WORDS else False if word in NO_WORDS else text
    if question.type == "number":
        stripped = text.strip()
        return int(stripped) if WHOLE_NUMBER.fullmatch(stripped) else stripped
    if question.type == "single":
        return _typed_option_value(question, text)
    return text


def _typed_option_value(question: Question, text: str) -> Any:
    for option in question.options:
        if str(option.value).lower() == text.lower():
            return option.value
    return text
