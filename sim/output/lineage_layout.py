"""Where the lineage's cadres go on 16:9 pages: tidy family trees, wrapped into bands, bands into pages.

Each family (a founder and everyone below) is a tidy tree: leaves in depth-first order, parents
centred over their children, one layer per generation (no graphviz). Families are wrapped into
bands across the page, deepest first, and bands are stacked into pages; a family wider than a page
is split between its children, its head repeated. One :class:`Geometry` (sizes in pixels) serves
every page, so a dot is as big on the last page as on the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.output.slides import PAGE_PX

__all__ = ["Geometry", "Piece", "geometry", "paginate", "split_families", "tidy_layout"]


def tidy_layout(nodes: list[int], parent: dict[int, int], generation: dict[int, int]) -> dict[int, tuple[float, float]]:
    """Layered tidy-tree positions: y = -generation; leaves in DFS order; parents centred."""
    node_set = set(nodes)
    children: dict[int, list[int]] = {n: [] for n in nodes}
    roots = []
    for n in sorted(nodes, key=lambda k: (generation[k], k)):
        p = parent.get(n, -1)
        if p in node_set and p != n:
            children[p].append(n)
        else:
            roots.append(n)
    # big subtrees first among roots keeps the picture balanced and stable
    size: dict[int, int] = {}

    def count(n: int) -> int:
        stack, order = [n], []
        while stack:
            k = stack.pop()
            order.append(k)
            stack.extend(children[k])
        for k in reversed(order):
            size[k] = 1 + sum(size[c] for c in children[k])
        return size[n]

    for r in roots:
        count(r)
    roots.sort(key=lambda r: (-size[r], r))
    pos: dict[int, tuple[float, float]] = {}
    next_x = 0.0
    for r in roots:
        # iterative post-order
        stack = [(r, False)]
        while stack:
            n, done = stack.pop()
            kids = children[n]
            if not done:
                stack.append((n, True))
                for c in reversed(sorted(kids, key=lambda c: (-size[c], c))):
                    stack.append((c, False))
            else:
                if kids:
                    xs = [pos[c][0] for c in kids]
                    x = (min(xs) + max(xs)) / 2
                else:
                    x = next_x
                    next_x += 1.0
                pos[n] = (x, -float(generation[n]))
        next_x += 0.6  # a gap between family trees
    return pos


@dataclass
class Piece:
    """A family tree, or the part of one that fits across a page.

    Attributes:
        nodes: its cadres, the head first.
        cont: the head is repeated from an earlier piece of the same family.
        pos: tidy positions (x in slots from 0, y = -generation), filled by :func:`split_families`.
    """

    nodes: list[int]
    cont: bool = False
    pos: dict[int, tuple[float, float]] = field(default_factory=dict)

    @property
    def width(self) -> float:
        """Slots it takes across the page."""
        return max(x for x, _ in self.pos.values()) + 1

    @property
    def gens(self) -> tuple[int, int]:
        """Its first and last generation."""
        ys = [-y for _, y in self.pos.values()]
        return int(min(ys)), int(max(ys))


def split_families(nodes: list[int], parent: dict[int, int], generation: dict[int, int], capacity: int) -> list[Piece]:
    """Families as pieces at most ``capacity`` slots wide, deepest and widest families first.

    A family wider than ``capacity`` is cut between its head's children (the head repeated on each
    piece after the first), recursively where one child's own family is too wide.
    """
    node_set = set(nodes)
    children: dict[int, list[int]] = {n: [] for n in nodes}
    for n in sorted(nodes, key=lambda k: (generation[k], k)):
        if parent.get(n, -1) in node_set and parent[n] != n:
            children[parent[n]].append(n)
    leaves: dict[int, int] = {}
    below: dict[int, list[int]] = {}  # each node's subtree, itself first

    def measure(root: int) -> None:
        order, stack = [], [root]
        while stack:
            k = stack.pop()
            order.append(k)
            stack.extend(children[k])
        for k in reversed(order):
            leaves[k] = sum(leaves[c] for c in children[k]) or 1
            below[k] = [k, *(x for c in children[k] for x in below[c])]

    def split(head: int) -> list[list[int]]:
        if leaves[head] <= capacity:
            return [below[head]]
        out: list[list[int]] = []
        group: list[int] = []
        width = 0
        for c in sorted(children[head], key=lambda c: (-len(below[c]), c)):
            if leaves[c] > capacity or width + leaves[c] > capacity:
                if group:
                    out.append([head, *group])
                group, width = [], 0
            if leaves[c] > capacity:
                out.extend([head, *sub] for sub in split(c))
            else:
                group.extend(below[c])
                width += leaves[c]
        if group:
            out.append([head, *group])
        return out

    roots = [n for n in nodes if parent.get(n, -1) not in node_set or parent[n] == n]
    families = []
    for r in roots:
        measure(r)
        depth = max(generation[k] for k in below[r]) - generation[r]
        families.append(((-depth, -leaves[r], r), split(r)))
    pieces = []
    for _, parts in sorted(families):
        for i, part in enumerate(parts):
            piece = Piece(part, cont=i > 0)
            piece.pos = tidy_layout(part, {k: parent[k] for k in part[1:]}, generation)
            pieces.append(piece)
    return pieces


@dataclass(frozen=True)
class Geometry:
    """Sizes in pixels of a lineage page: a slot across, a generation down, room around a band."""

    slot: float
    layer: float
    above: float
    below: float
    left: float = 190.0
    right: float = 40.0
    top: float = 130.0
    bottom: float = 1010.0
    gap: float = 14.0

    @property
    def capacity(self) -> int:
        """Slots across a page."""
        return int((PAGE_PX[0] - self.left - self.right) // self.slot)

    def band_height(self, depth: int) -> float:
        """Pixels of a band whose families span ``depth`` + 1 generations."""
        return self.above + depth * self.layer + self.below


def geometry(labels: bool, max_depth: int, id_digits: int) -> Geometry:
    """The one scale of every page: wide slots with room for ids, generations that fit a page."""
    slot, layer, above = (24.0, 120.0, 34.0) if labels else (14.0, 90.0, 30.0)
    below = 0.45 * slot + (14.0 + 9.5 * id_digits if labels else 10.0)
    room = 1010.0 - 130.0 - above - below
    return Geometry(slot, min(layer, room / max(max_depth, 1)), above, below)


def paginate(pieces: list[Piece], geo: Geometry) -> list[list[tuple[Piece, float, float, int]]]:
    """Pages of (piece, x of its first slot, y of its band's top, the band's first generation)."""
    bands: list[list[tuple[Piece, float]]] = []
    used = float("inf")
    for piece in pieces:
        if used + piece.width > geo.capacity:
            bands.append([])
            used = 0.0
        bands[-1].append((piece, used))
        used += piece.width + 0.8  # a gap between families
    pages: list[list[tuple[Piece, float, float, int]]] = []
    y = float("inf")
    for band in bands:
        first = min(p.gens[0] for p, _ in band)
        height = geo.band_height(max(p.gens[1] for p, _ in band) - first)
        if y + height > geo.bottom:
            pages.append([])
            y = geo.top
        pages[-1].extend((p, geo.left + geo.slot * (x + 0.5), y, first) for p, x in band)
        y += height + geo.gap
    return pages
