"""The layout of a news page as its text keeps it: which lines are titles rather than prose.

A page's text holds, besides its paragraphs, the headline (often twice), sub-headings between
paragraphs ("11 قتيلاً", "التحالف يقصف معبراً للميليشيات"), photo captions and the headlines of
other articles ("عضو في الكونغرس: ..."). Such a line sums up or advertises what a paragraph
tells; reading it as news of its own doubles an event or adds one pinned on the coarse place a
headline names ("هجوم لداعش في دير الزور"). A title line here is a short line that does not end
like a sentence, is not the page's last line (a paragraph cut off where the stored page ends is
prose) and does not continue the line before it (that line ended a sentence, or was a title
too). Text that is hard-wrapped into short lines has no titles: most of its lines would look
like one.
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_TITLE_WORDS = 20
MAX_LABEL_WORDS = 4  # "تفاصيل الهجمات:", "الحسكة – سانا:": a label, not a sentence
# a hard-wrapped text: at least this many lines of WRAPPED_LINE_WORDS words or more that do not
# end a sentence, making up more than WRAPPED_SHARE of its lines
WRAPPED_MIN_LINES = 6
WRAPPED_SHARE = 0.6
WRAPPED_LINE_WORDS = 7
_SENTENCE_ENDS = frozenset(".!?؟…۔:")
_CLOSERS = " \t\r\"'”’»)]"


def title_lines(text: str) -> list[tuple[int, int]]:
    """The ``start:end`` spans of the lines of ``text`` that are titles, not prose."""
    if "\n" not in text:
        return []  # one line: prose (a sentence with no full stop is still a sentence)
    lines: list[tuple[int, int]] = []
    ends_sentence: list[bool] = []
    words: list[int] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        body = line.rstrip(_CLOSERS)
        if body and not body.isspace():
            lines.append((start, end))
            # a label ending in a colon ("تفاصيل الهجمات:") is no sentence
            closed = body[-1] in _SENTENCE_ENDS and not (body[-1] == ":" and len(body.split()) <= MAX_LABEL_WORDS)
            ends_sentence.append(closed)
            # only lines that do not end a sentence are ever counted: most lines do
            words.append(0 if closed else len(line.split()))
        start = end + 1
    if len(lines) < 2:
        return []
    # wrapped prose: many lines of several words that do not end a sentence (page furniture,
    # "Logo", "+A", a date bar, is made of short lines)
    open_lines = sum(1 for count in words if count >= WRAPPED_LINE_WORDS)
    if open_lines >= WRAPPED_MIN_LINES and open_lines > WRAPPED_SHARE * len(lines):
        return []
    titles: list[tuple[int, int]] = []
    previous_closed = True  # the page's first line follows nothing
    for position, span in enumerate(lines):
        title = (not ends_sentence[position] and words[position] <= MAX_TITLE_WORDS
                 and position < len(lines) - 1 and previous_closed)
        if title:
            titles.append(span)
        previous_closed = title or ends_sentence[position]
    return titles


def title_sentences(text: str, sentences: Sequence[tuple[int, int]]) -> frozenset[int]:
    """The indices of ``sentences`` (spans of ``text``) that lie on title lines."""
    titles = title_lines(text)
    if not titles:
        return frozenset()
    found = set()
    line = 0
    for index, (start, _end) in enumerate(sentences):
        while line < len(titles) and titles[line][1] <= start:
            line += 1
        if line < len(titles) and titles[line][0] <= start < titles[line][1]:
            found.add(index)
    return frozenset(found)
