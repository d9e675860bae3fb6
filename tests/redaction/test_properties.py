"""Property tests: an inserted valid personnummer or e-mail address never survives."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.redaction.synthetic import personnummer
from trygga.redaction import EMAIL, PERSONNUMMER, redact

#: Report-like text around the inserted value: letters, digits, punctuation, new lines.
filler = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzåäö ABCDEÅÄÖ0123456789.,:;!?()-\n")),
    max_size=60,
)
separator = st.sampled_from([" ", "\n", ": ", " (", ", ", " nr "])


@st.composite
def valid_personnummer(draw: st.DrawFn) -> str:
    return personnummer(random.Random(draw(st.integers(0, 2**32))))


local = st.from_regex(r"[a-z][a-z0-9]{0,10}([._+-][a-z0-9]{1,10}){0,2}", fullmatch=True)
domain = st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9](\.[a-z]{2,8}){1,2}", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(before=filler, sep1=separator, pnr=valid_personnummer(), sep2=separator, after=filler)
def test_a_valid_personnummer_is_never_left(before, sep1, pnr, sep2, after):
    text = before + sep1 + pnr + sep2 + after

    result = redact(text)

    assert pnr not in result.text
    assert PERSONNUMMER in result.kinds_found or any(pnr in s.original for s in result.spans)


@settings(max_examples=300, deadline=None)
@given(before=filler, sep1=separator, user=local, host=domain, sep2=separator, after=filler)
def test_an_email_address_is_never_left(before, sep1, user, host, sep2, after):
    address = f"{user}@{host}"
    text = before + sep1 + address + sep2 + after

    result = redact(text)

    assert address not in result.text
    assert EMAIL in result.kinds_found


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_spans_map_back_and_redaction_is_idempotent(text):
    result = redact(text)

    for span in result.spans:
        assert text[span.start : span.end] == span.original
    assert redact(result.text).text == result.text
