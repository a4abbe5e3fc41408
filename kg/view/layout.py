"""Where each node is drawn: fixed canvas positions, so the page never runs a physics simulation.

Each connected component is laid out alone (networkx's spring layout when small, a grid-accelerated
force layout when large), then the components are packed in rows, largest first. In small components
the boxes each node's shape and label take are pushed apart until none overlaps another.
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np

SEED = 7  # one fixed seed: the same graph gives the same layout, byte for byte
SPACING = 110.0  # canvas pixels per node, roughly, between neighbours
BIG_COMPONENT = 500  # networkx's spring_layout needs SciPy from this size on; ours does not
FAR_SIDE = 16  # up to 16 x 16 cells (about 10,000 nodes), every cell of a big layout pushes every node
TOP_SIDE = 8  # with more, cells are merged until this many a side are left at the top (see _far_cells)
BLOCK = 1 << 17  # numbers in each work array of the big layout: a few such arrays stay in the CPU's cache
WIDEN = 1.6  # labels are wider than tall: stretch layouts sideways so neighbours' labels do not meet
CHAR_WIDTH = 7.5  # canvas pixels per label character at font size 14, roughly (vis measures 6-8)
LINE_HEIGHT = 18  # canvas pixels per label line at font size 14, with vis' spacing
GAP = 8.0  # canvas pixels kept free between two nodes' boxes


def node_size(degree: int, top: int) -> float:
    """The radius vis draws a node with: 10 to 26 pixels, growing with the square root of its degree."""
    return round(10 + 16 * math.sqrt(degree / (top or 1)), 1)


def node_boxes(network: nx.DiGraph, names: list[str]) -> np.ndarray:
    """(left, top, right, bottom) around each node's position: its shape, and its label hanging below it."""
    degree = dict(network.degree())
    top = max(degree.values(), default=1) or 1
    boxes = np.empty((len(names), 4))
    for i, name in enumerate(names):
        lines = network.nodes[name]["label"].split("\n")
        size = node_size(degree[name], top)
        half = max(size, CHAR_WIDTH * max(len(line) for line in lines) / 2)
        boxes[i] = (-half, -size, half, size + 4 + LINE_HEIGHT * len(lines))
    return boxes


def layout(network: nx.DiGraph) -> dict[str, tuple[int, int]]:
    """Positions in canvas pixels: each connected component laid out alone, then packed in rows, largest first."""
    names = sorted(network)
    number = {name: i for i, name in enumerate(names)}  # nodes by number, in IRI order
    pairs = sorted({(min(a, b), max(a, b)) for a, b in ((number[s], number[o]) for s, o in network.edges) if a != b})
    undirected = nx.Graph()
    undirected.add_nodes_from(range(len(names)))
    undirected.add_edges_from(pairs)
    components = sorted((sorted(c) for c in nx.connected_components(undirected)), key=lambda c: (-len(c), c[0]))
    component = np.empty(len(names), dtype=np.int64)
    rank = np.empty(len(names), dtype=np.int64)  # a node's place in its component
    for i, nodes in enumerate(components):
        component[nodes] = i
        rank[nodes] = np.arange(len(nodes))
    ends = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    by_component = np.argsort(component[ends[:, 0]], kind="stable")  # each component's edges stay sorted
    edge_starts = np.searchsorted(component[ends[by_component, 0]], np.arange(len(components) + 1))
    extent = node_boxes(network, names)
    boxes = []
    for i, nodes in enumerate(components):
        edges = rank[ends[by_component[edge_starts[i]:edge_starts[i + 1]]]]
        pos = _component_layout(len(nodes), edges)
        if len(nodes) < BIG_COMPONENT:
            pos = _separate(pos, extent[nodes])
        # A component's box holds the labels too, which hang out sideways and below their nodes.
        left = float((pos[:, 0] + extent[nodes, 0]).min()) - GAP
        right = float((pos[:, 0] + extent[nodes, 2]).max()) + GAP
        top = float((pos[:, 1] + extent[nodes, 1]).min()) - GAP
        bottom = float((pos[:, 1] + extent[nodes, 3]).max()) + GAP
        boxes.append((nodes, pos, left, top, right - left, bottom - top))
    # Shelf packing: fill rows up to the width of a square holding all the boxes (or the widest box).
    row_width = max(math.sqrt(sum(b[4] * b[5] for b in boxes)), max((b[4] for b in boxes), default=0))
    placed: dict[str, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for nodes, pos, x0, y0, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        xs = np.rint(x + pos[:, 0] - x0).astype(np.int64).tolist()
        ys = np.rint(y + pos[:, 1] - y0).astype(np.int64).tolist()
        placed.update(zip((names[v] for v in nodes), zip(xs, ys)))
        x, row_height = x + w, max(row_height, h)
    return placed


def _component_layout(n: int, edges: np.ndarray) -> np.ndarray:
    """Positions of one component's nodes 0..n-1, joined by `edges` (pairs, the smaller first, sorted), in pixels."""
    if n == 1:
        return np.zeros((1, 2))
    if n < BIG_COMPONENT:
        ordered = nx.Graph()
        ordered.add_nodes_from(range(n))
        ordered.add_edges_from(edges.tolist())
        # A longer ideal edge than networkx's default (1/sqrt(n)) leaves room for the labels.
        raw = nx.spring_layout(ordered, k=2.0 / math.sqrt(n), seed=SEED, iterations=200 if n <= 100 else 50)
        pos = np.array([raw[v] for v in range(n)], dtype=float)
    else:
        pos = _grid_force_layout(n, edges)
    pos -= pos.mean(axis=0)
    radius = float(np.abs(pos).max()) or 1.0
    pos *= SPACING * math.sqrt(n) * 0.7 / radius
    pos[:, 0] *= WIDEN
    return pos


def _separate(pos: np.ndarray, extent: np.ndarray, rounds: int = 400) -> np.ndarray:
    """Move nodes until no two boxes (position + extent, GAP apart) overlap, so no label covers another.

    Each round, every overlapping pair moves apart along the axis where they overlap least, each by
    half; a node in many overlaps takes the mean of its pushes. A last pass nudges what is left
    downwards, one node at a time in order, which always ends.
    """
    pos = pos.copy()
    n = len(pos)
    if n < 2:
        return pos
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    for _ in range(rounds):
        overlap_x, overlap_y = _overlaps(pos, extent)
        hit = (overlap_x > 0) & (overlap_y > 0) & upper
        if not hit.any():
            return pos
        i, j = np.nonzero(hit)
        along_x = overlap_x[i, j] <= overlap_y[i, j]
        amount = np.where(along_x, overlap_x[i, j], overlap_y[i, j]) / 2 + 0.5
        axis = np.where(along_x, 0, 1)
        # Which way: j goes to the side of i it is on (by index when they sit at the same spot).
        side = np.sign(pos[j, axis] - pos[i, axis])
        side = np.where(side == 0, 1.0, side)
        push = np.zeros((n, 2))
        count = np.zeros(n)
        np.add.at(push, (j, axis), side * amount)
        np.add.at(push, (i, axis), -side * amount)
        np.add.at(count, i, 1)
        np.add.at(count, j, 1)
        pos += push / np.maximum(count, 1)[:, None] * 1.5
    for k in range(n):  # what is still overlapping after all rounds: move each node below what it hits
        while True:
            overlap_x, overlap_y = _overlaps(pos[k : k + 1], extent[k : k + 1], pos, extent)
            overlap_x[0, k] = 0
            hits = np.nonzero((overlap_x[0] > 0) & (overlap_y[0] > 0))[0]
            if not len(hits):
                break
            pos[k, 1] += float(overlap_y[0, hits].max()) + 1
    return pos


def _overlaps(pos, extent, other_pos=None, other_extent=None) -> tuple[np.ndarray, np.ndarray]:
    """How far each pair of boxes (GAP included) overlaps along x and along y; <= 0 where they do not."""
    if other_pos is None:
        other_pos, other_extent = pos, extent
    left, top = pos[:, 0] + extent[:, 0], pos[:, 1] + extent[:, 1]
    right, bottom = pos[:, 0] + extent[:, 2] + GAP, pos[:, 1] + extent[:, 3] + GAP
    o_left, o_top = other_pos[:, 0] + other_extent[:, 0], other_pos[:, 1] + other_extent[:, 1]
    o_right, o_bottom = other_pos[:, 0] + other_extent[:, 2] + GAP, other_pos[:, 1] + other_extent[:, 3] + GAP
    overlap_x = np.minimum(right[:, None], o_right[None, :]) - np.maximum(left[:, None], o_left[None, :])
    overlap_y = np.minimum(bottom[:, None], o_bottom[None, :]) - np.maximum(top[:, None], o_top[None, :])
    return overlap_x, overlap_y


def _grid_force_layout(n: int, edges: np.ndarray, iterations: int = 60) -> np.ndarray:
    """Fruchterman-Reingold for large components in about O(n log n) per step instead of O(n^2).

    Nodes are binned into cells of equal count (strips by x, then by y within a strip). Nodes within
    a cell repel exactly; other cells repel through their centroids, weighted by their count. With
    up to FAR_SIDE x FAR_SIDE cells, every other cell pushes each node. With more, as in a
    Barnes-Hut tree, cells are merged 2 x 2 level by level until TOP_SIDE x TOP_SIDE are left, and
    a node is pushed by the coarsest cells that are not next to its own (see _far_cells): about a
    hundred centroids per node, not a thousand. Attraction runs along the edges.
    """
    rng = np.random.default_rng(SEED)
    pos = rng.random((n, 2))
    k = math.sqrt(1.0 / n)
    side = max(2, int(math.sqrt(n) / 6))  # about 36 nodes a cell: few centroids, small exact blocks
    cells = side * side
    per_cell = -(-n // cells)  # ceil
    levels, keep_top, stand_ins = _far_cells(side)
    sides = [((side - 1) >> level) + 1 for level in range(levels + 1)]  # cells a side, level by level
    temperature = 0.1
    cool = temperature / (iterations + 1)
    u, v = edges[:, 0], edges[:, 1]
    everyone = np.arange(n)
    ends = np.concatenate([everyone, u, v])
    # Work arrays for a block of cells at a time, allocated once: fresh multi-megabyte temporaries
    # each step cost more than the arithmetic done in them.
    widest = max(sides[-1] ** 2, stand_ins.shape[1], per_cell)
    block = max(1, BLOCK // (per_cell * widest))
    scratch = np.empty((4, block * per_cell * widest))
    for _ in range(iterations):
        strip = np.empty(n, dtype=np.int64)
        strip[np.argsort(pos[:, 0], kind="stable")] = everyone * side // n
        order = np.lexsort((pos[:, 1], strip))  # by strip, then by y
        strip_start = np.searchsorted(strip[order], np.arange(side))
        strip_size = np.diff(np.append(strip_start, n))
        rank = everyone - strip_start[strip[order]]
        cell_of_sorted = strip[order] * side + rank * side // strip_size[strip[order]]
        cell = np.empty(n, dtype=np.int64)
        cell[order] = cell_of_sorted
        a, b = np.divmod(cell, side)
        masses, centroids = [], []
        for level, s in enumerate(sides):
            c = (a >> level) * s + (b >> level) if level else cell
            mass = np.bincount(c, minlength=s * s).astype(float)
            sums = np.stack([np.bincount(c, weights=pos[:, d], minlength=s * s) for d in (0, 1)], axis=1)
            masses.append((k * k) * mass)
            centroids.append(sums / np.maximum(mass, 1)[:, None])
        lower_mass = np.concatenate(masses[:-1] + [np.zeros(1)])  # the last one stands for nothing
        lower = np.concatenate(centroids[:-1] + [np.zeros((1, 2))])
        # The nodes on a padded (cells, per_cell) table: a cell's nodes share what pushes them.
        cell_start = np.searchsorted(cell_of_sorted, np.arange(cells))
        slot = np.full((cells, per_cell), -1, dtype=np.int64)
        slot[cell_of_sorted, everyone - cell_start[cell_of_sorted]] = order
        present = slot >= 0
        p = pos[np.where(present, slot, 0)]
        px, py = p[:, :, 0], p[:, :, 1]
        fx, fy = np.zeros((cells, per_cell)), np.zeros((cells, per_cell))
        for lo in range(0, cells, block):
            part = slice(lo, lo + block)
            x, y, out = px[part, :, None], py[part, :, None], (fx[part], fy[part])
            _push(x, y, centroids[-1][:, 0], centroids[-1][:, 1], masses[-1] * keep_top[part, None, :], scratch, out)
            if levels:
                ids = stand_ins[part, None, :]
                _push(x, y, lower[ids, 0], lower[ids, 1], lower_mass[ids], scratch, out)
            _push_inside(px[part], py[part], present[part], k * k, scratch, out)
        xs, ys = pos[:, 0].copy(), pos[:, 1].copy()
        ex, ey = xs[u] - xs[v], ys[u] - ys[v]
        stretch = np.sqrt(ex * ex + ey * ey) / k
        # Per node: repulsion, then the pulls of its edges in edge order, summed in one pass.
        nodes = slot[present]
        disp = np.empty((n, 2))
        for j, (f, e) in enumerate(((fx, ex), (fy, ey))):
            repulsion = np.empty(n)
            repulsion[nodes] = f[present]
            pull = e * stretch
            disp[:, j] = np.bincount(ends, weights=np.concatenate([repulsion, -pull, pull]), minlength=n)
        length = np.maximum(np.sqrt(disp[:, 0] * disp[:, 0] + disp[:, 1] * disp[:, 1]), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cool
    return pos


def _push(x, y, cx, cy, weight, scratch: np.ndarray, out: tuple[np.ndarray, np.ndarray]) -> None:
    """Add to `out` the repulsion on the points (x, y), shaped (cells, m, 1), from weighted centroids (cx, cy), shaped (..., q)."""
    shape = np.broadcast_shapes(x.shape, np.shape(cx))
    dx, dy, d2, tmp = (a[: math.prod(shape)].reshape(shape) for a in scratch)
    np.subtract(x, cx, out=dx)
    np.subtract(y, cy, out=dy)
    np.multiply(dx, dx, out=d2)
    d2 += np.multiply(dy, dy, out=tmp)
    np.maximum(d2, 1e-6, out=d2)
    force = np.divide(weight, d2, out=d2)
    dx *= force
    dy *= force
    out_x, out_y = out
    out_x += dx.sum(axis=-1)
    out_y += dy.sum(axis=-1)


def _push_inside(x, y, present: np.ndarray, weight: float, scratch: np.ndarray, out: tuple[np.ndarray, np.ndarray]) -> None:
    """Add to `out` the repulsion between the nodes of each cell, exactly; (x, y) and `present` are shaped (cells, m)."""
    # Shaped (other node, cell, node): numpy sums over a leading axis slice by slice, fast, and in a fixed order.
    shape = (x.shape[1], *x.shape)
    dx, dy, d2, tmp = (a[: math.prod(shape)].reshape(shape) for a in scratch)
    np.subtract(x[None, :, :], x.T[:, :, None], out=dx)
    np.subtract(y[None, :, :], y.T[:, :, None], out=dy)
    np.multiply(dx, dx, out=d2)
    d2 += np.multiply(dy, dy, out=tmp)
    np.maximum(d2, 1e-6, out=d2)
    force = np.divide(weight, d2, out=d2)
    force *= present.T[:, :, None] & present[None, :, :]
    dx *= force
    dy *= force
    out_x, out_y = out
    out_x += dx.sum(axis=0)
    out_y += dy.sum(axis=0)


def _far_cells(side: int) -> tuple[int, np.ndarray, np.ndarray]:
    """What pushes the nodes of each of the side x side cells from afar: (levels, keep_top, stand_ins).

    Level l merges 2^l x 2^l cells; `levels` is the top one: 0 up to FAR_SIDE cells a side, else
    the first with at most TOP_SIDE. keep_top, (cells, top cells), is 1.0 for the top-level cells
    that push a cell's nodes from their centroids, 0.0 for the one holding it and (above level 0)
    those next to that. stand_ins, (cells, 36 * levels), lists the lower-level cells that push from
    theirs, numbered level 0's first, then level 1's..., and one more, empty number for none: at
    level l, the children of the cells next to its own at level l + 1 that are not next to its
    own at level l (at level 0, all but itself). These are a fast multipole method's interaction
    lists: every other node is counted once, from afar through a coarse cell, near through a fine one.
    """
    levels = 0 if side <= FAR_SIDE else next(lv for lv in range(1, 64) if ((side - 1) >> lv) + 1 <= TOP_SIDE)
    cells = side * side
    a, b = np.divmod(np.arange(cells), side)
    top = ((side - 1) >> levels) + 1
    ta, tb = np.divmod(np.arange(top * top), top)
    reach = 1 if levels else 0
    near = (np.abs(ta[None, :] - (a >> levels)[:, None]) <= reach) & (np.abs(tb[None, :] - (b >> levels)[:, None]) <= reach)
    keep_top = np.where(near, 0.0, 1.0)
    blocks, offset = [], 0
    empty = sum((((side - 1) >> level) + 1) ** 2 for level in range(levels))
    six = np.arange(-2, 4)
    for level in range(levels):
        s = ((side - 1) >> level) + 1
        own_a, own_b = a >> level, b >> level
        xa = np.broadcast_to((own_a >> 1 << 1)[:, None, None] + six[None, :, None], (cells, 6, 6))
        xb = np.broadcast_to((own_b >> 1 << 1)[:, None, None] + six[None, None, :], (cells, 6, 6))
        reach = 1 if level else 0
        near = (np.abs(xa - own_a[:, None, None]) <= reach) & (np.abs(xb - own_b[:, None, None]) <= reach)
        real = (xa >= 0) & (xa < s) & (xb >= 0) & (xb < s)
        blocks.append(np.where(real & ~near, offset + xa * s + xb, empty).reshape(cells, 36))
        offset += s * s
    return levels, keep_top, np.concatenate(blocks, axis=1) if blocks else np.empty((cells, 0), dtype=np.int64)

