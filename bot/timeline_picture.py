"""The timeline drawn: one row per main actor (companies first), a numbered marker per event, a legend below.

Every size is laid out in pixels before drawing: a row is as tall as the stacks of numbers it needs so that no two
overlap, the legend has a line per event cut to the figure's width, and the height is the sum. Text sizes come
from matplotlib's own renderer, so what is measured is what is drawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .actors import KIND_ORDER

DPI = 100
NUMBER_SIZE = 7  # points
TEXT_SIZE = 8
TITLE_SIZE = 11
LANE_PX = 15  # the height of one stack level of numbers
ROW_PAD_PX = 14  # under the numbers: the marker itself
LEGEND_LINE_PX = 14
TOP_PX, AXIS_LABELS_PX, MARGIN_PX = 44, 46, 16
TITLE = "Timeline of the coverage"


def _row_key(event) -> str:
    return event.main_actor or "—"


def _rows(events: Sequence) -> list[str]:
    """Main actors, companies first, then organisations, institutions, people, groups; each by its first event."""
    first_seen: dict[str, int] = {}
    kinds: dict[str, int] = {}
    for n, event in enumerate(events):
        row = _row_key(event)
        first_seen.setdefault(row, n)
        reading = event.reports[0].reading
        kind = reading.main.kind if reading and reading.main else None
        kinds.setdefault(row, KIND_ORDER.get(kind, len(KIND_ORDER)))
    return sorted(first_seen, key=lambda row: (kinds[row], first_seen[row]))


def _legend_line(number: int, event, fits, room_chars: int) -> str:
    """'N.  date  actors: sentence  [outlets]', the sentence cut around its date and actor to fit."""
    outlets = ", ".join(r.article.outlet for r in event.reports)
    head, tail = f"{number}.  {event.date.label}  {', '.join(event.actors) or '—'}: ", f"  [{outlets}]"
    width = min(len(event.text), room_chars - len(head) - len(tail))
    line = head + event.reports[0].excerpt(width) + tail
    while width > 20 and not fits(line):
        width = int(width * 0.9)
        line = head + event.reports[0].excerpt(width) + tail
    return line


def build_figure(events: Sequence, width_px: int = 1400, height_px: int | None = None):
    """The matplotlib Figure of the timeline (nothing written): for drawing, and for tests to measure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_px / DPI, (height_px or 200) / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    renderer = figure.canvas.get_renderer()

    def text_width(text: str, size: float) -> float:
        probe = figure.text(0, 0, text, fontsize=size)
        width = probe.get_window_extent(renderer).width
        probe.remove()
        return width

    if not events:
        height = height_px or 200
        figure.set_size_inches(width_px / DPI, height / DPI)
        figure.text(0.5, 1 - TOP_PX / 2 / height, TITLE, ha="center", va="center", fontsize=TITLE_SIZE)
        figure.text(0.5, 0.45, "No dated event", ha="center", va="center", fontsize=TITLE_SIZE + 3, color="0.35")
        return figure

    rows = _rows(events)
    left = min(width_px // 3, int(max(text_width(row, TEXT_SIZE) for row in rows)) + 24)
    axes_width = width_px - left - 2 * MARGIN_PX
    starts = [e.date.first_day() for e in events]
    ends = [e.date.latest_day() for e in events]
    low, high = mdates.date2num(min(starts)), mdates.date2num(max(ends))
    pad = max((high - low) * 0.04, 10.0)
    low, high = low - pad, high + pad

    def x_px(day) -> float:
        return (mdates.date2num(day) - low) / (high - low) * axes_width

    # Stack each row's numbers in lanes so that no two overlap.
    placed = []  # (event number, row index, lane, centre in days)
    lanes_of = [1] * len(rows)
    lane_ends: list[list[float]] = [[] for _ in rows]
    digit = text_width("0", NUMBER_SIZE)
    order = sorted(range(len(events)), key=lambda n: (rows.index(_row_key(events[n])),
                                                      x_px(events[n].date.first_day())))
    for n in order:
        event = events[n]
        row = rows.index(_row_key(event))
        first, last = event.date.first_day(), event.date.latest_day()
        centre = x_px(first) + (x_px(last) - x_px(first)) / 2
        half = (len(str(n + 1)) * digit) / 2 + 3
        lane = next((i for i, end in enumerate(lane_ends[row]) if end <= centre - half), None)
        if lane is None:
            lane_ends[row].append(0.0)
            lane = len(lane_ends[row]) - 1
        lane_ends[row][lane] = centre + half
        lanes_of[row] = max(lanes_of[row], lane + 1)
        placed.append((n, row, lane, centre))

    row_heights = [lanes * LANE_PX + ROW_PAD_PX + 6 for lanes in lanes_of]
    axes_height = sum(row_heights)
    legend_height = len(events) * LEGEND_LINE_PX + MARGIN_PX
    height = height_px or (TOP_PX + axes_height + AXIS_LABELS_PX + legend_height + MARGIN_PX)
    figure.set_size_inches(width_px / DPI, height / DPI)

    bottom = height - TOP_PX - axes_height
    axes = figure.add_axes((left / width_px, bottom / height, axes_width / width_px, axes_height / height))
    axes.set_xlim(low, high)
    axes.set_ylim(axes_height, 0)  # y in pixels from the top of the axes
    colours = matplotlib.colormaps["tab10"]
    tops = [sum(row_heights[:i]) for i in range(len(rows))]
    for i, top in enumerate(tops):
        if i:
            axes.axhline(top, color="0.85", linewidth=0.8)
    for n, row, lane, _ in placed:
        event = events[n]
        first, last = mdates.date2num(event.date.first_day()), mdates.date2num(event.date.latest_day()) + 1
        base = tops[row] + row_heights[row] - ROW_PAD_PX / 2 - 3
        colour = colours(row % 10)
        if event.date.precision == "day" and not event.date.end:
            axes.plot([first + 0.5], [base], marker="o", markersize=5, color=colour)
        else:
            axes.plot([first, last], [base, base], linewidth=5, color=colour, solid_capstyle="butt", alpha=0.8)
        axes.text(first + (last - first) / 2 if event.date.precision != "day" else first + 0.5,
                  base - ROW_PAD_PX / 2 - lane * LANE_PX - LANE_PX / 2, str(n + 1), ha="center", va="center",
                  fontsize=NUMBER_SIZE, color="0.1")
    axes.set_yticks([top + height_ / 2 for top, height_ in zip(tops, row_heights)], rows, fontsize=TEXT_SIZE)
    axes.tick_params(axis="y", length=0)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=max(3, axes_width // 110))
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    for label in axes.get_xticklabels():
        label.set_fontsize(TEXT_SIZE)
    axes.grid(axis="x", alpha=0.3)
    figure.text(0.5, 1 - TOP_PX / 2 / height, TITLE, ha="center", va="center", fontsize=TITLE_SIZE)

    # The legend: a line per event, cut to the width of the figure.
    room = width_px - 2 * MARGIN_PX
    sample = "Amazon a publié sur son blog un message annonçant une pause, 10 juin 2020"
    room_chars = int(room / (text_width(sample, TEXT_SIZE) / len(sample)))
    y = bottom - AXIS_LABELS_PX
    for number, event in enumerate(events, 1):
        line = _legend_line(number, event, lambda text: text_width(text, TEXT_SIZE) <= room, room_chars)
        while text_width(line, TEXT_SIZE) > room:  # a header too long by itself
            line = line[:int(len(line) * 0.9)].rstrip() + "…"
        figure.text(MARGIN_PX / width_px, y / height, line, fontsize=TEXT_SIZE, va="top", ha="left")
        y -= LEGEND_LINE_PX
    return figure


def draw(events: Sequence, path: Path, width_px: int = 1400, height_px: int | None = None) -> Path:
    """Write the timeline as a PNG of `width_px` and the height its events need (or `height_px`)."""
    figure = build_figure(events, width_px, height_px)
    figure.savefig(path, dpi=DPI)
    return Path(path)
