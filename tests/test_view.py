"""The graph view: offline, deterministic, escaped, readable; checked on the HTML it writes (the browser test runs it)."""
from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser

import numpy as np
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from kg.errors import KGError
from kg.iris import mint_iri
from kg.rdf import build_dataset
from kg.view import layout as view_layout
from kg.view import write_view, write_view_file
from kg.view.layout import _far_cells, _grid_force_layout, layout
from kg.view.network import Spilled, details_of, to_networkx
from kg.vocab import KG

HOSTILE = '<img src=x onerror=alert(1)> <script>alert(1)</script> </script><a href="javascript:alert(2)">x</a>'
ENTITY_CLASSES = ("Person", "Country", "Meeting", "Agreement", "Claim", "Place", "Organization")
COUNT_ENTITIES = """
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?class { kg:Person kg:Country kg:Meeting kg:Agreement kg:Claim kg:Place kg:Organization }
  ?s a ?class .
}"""


def page_json(page: str) -> dict:
    """Everything the page's script draws from, read back out of a written page."""
    return json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page).group(1))


def page_data(page: str) -> tuple[list[dict], list[dict], dict]:
    """The vis nodes, the vis edges and our details, read back out of a written page."""
    data = page_json(page)
    return data["nodes"], data["edges"], {int(k): v for k, v in data["details"].items()}


def start_tags(page: str) -> Counter:
    """Every element the browser's parser would create (script bodies are not markup to it, nor to this)."""
    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found[tag] += 1

    found: Counter = Counter()
    Tags().feed(page)
    return found


def entity_count(graph: Graph) -> int:
    """The number of entities SPARQL finds, over the union of a dataset's graphs."""
    union = Graph()
    for s, p, o, *_ in graph.quads((None, None, None, None)) if graph.context_aware else graph:
        union.add((s, p, o))
    return int(next(iter(union.query(COUNT_ENTITIES, initNs={"kg": KG._NS}))).n)


@pytest.fixture(scope="module")
def hostile_dataset(corpus_factory):
    return build_dataset(corpus_factory(quote=HOSTILE, sentence_suffix=" " + HOSTILE, ana="Ana <b>Silva</b>"))


@pytest.fixture(scope="module")
def page(tmp_path_factory, hostile_dataset) -> str:
    out = tmp_path_factory.mktemp("view") / "graph.html"
    write_view(hostile_dataset, out)
    return out.read_text(encoding="utf-8")


def test_page_requests_nothing_from_the_network(page):
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page
    assert "vis-network" in page or "vis.Network" in page  # the library is inlined
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_same_graph_gives_byte_identical_pages(tmp_path, hostile_dataset, corpus_factory):
    write_view(hostile_dataset, tmp_path / "a.html")
    # A second, independently built dataset: nothing may depend on set or dict order.
    write_view(build_dataset(corpus_factory(quote=HOSTILE, sentence_suffix=" " + HOSTILE, ana="Ana <b>Silva</b>")),
               tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_one_node_per_entity_labelled_by_name(page, hostile_dataset):
    nodes, edges, details = page_data(page)
    assert len(nodes) == entity_count(hostile_dataset) == 12
    assert sorted({n["cls"] for n in nodes}) == sorted(ENTITY_CLASSES)
    assert all(not n["label"].startswith(("http:", "https:")) for n in nodes)
    labels = {n["label"] for n in nodes}
    assert {"Kenji Sato", "Japan", "Geneva", "Brazil-Japan energy pact\nBrazil, Japan",
            "Ana <b>Silva</b> \u2013 Sato\nGeneva \u00b7 3 May 2024", "Ana <b>Silva</b> \u2013 Sato\ncall \u00b7 10 Jun 2024"} <= labels
    # Layout is done: fixed positions, physics off.
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) and n["physics"] is False for n in nodes)
    assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes)


def test_one_style_per_class(page):
    nodes, _, _ = page_data(page)
    styles = {}
    for n in nodes:
        styles.setdefault(n["cls"], set()).add((n["shape"], n["color"]))
    assert all(len(s) == 1 for s in styles.values())
    assert len({next(iter(s)) for s in styles.values()}) == len(styles)
    for cls in ENTITY_CLASSES:
        assert f'data-cls="{cls}"' in page  # legend entry with its filter checkbox


def test_edges_carry_relation_labels(page):
    nodes, edges, _ = page_data(page)
    by_id = {n["id"]: n for n in nodes}
    relations = {(by_id[e["from"]]["cls"], e["label"], by_id[e["to"]]["cls"]) for e in edges}
    assert relations == {
        ("Meeting", "participant", "Person"), ("Meeting", "held in", "Place"),
        ("Agreement", "party", "Country"), ("Agreement", "signatory", "Person"),
        ("Person", "said", "Claim"), ("Organization", "said", "Claim"),
        ("Claim", "about", "Country"),
        ("Person", "represents", "Country"), ("Organization", "based in", "Country"),
        ("Claim", "variant of", "Claim"),
    }
    assert len(edges) == len({(e["from"], e["to"]) for e in edges})


def test_hostile_text_is_never_markup(page):
    # Every "<" from the data is a JSON escape, so the only tags are the page's own.
    assert "<img" not in page
    assert "Ana <b>" not in page
    assert 'href="javascript' not in page
    tags = start_tags(page)
    assert tags["script"] == 3  # our data, vis-network, our script
    assert not {"img", "a", "b", "iframe", "object"} & set(tags)
    nodes, _, details = page_data(page)
    # No node has a title: pyvis would switch to innerHTML popups for a title containing "href".
    assert all("title" not in n for n in nodes)
    assert "popup.innerHTML" not in page
    claim = next(d for d in details.values() if d["c"] == "Claim" and HOSTILE in dict(d["r"]).get("Quote", ""))
    assert any(HOSTILE in sentence for _, sentence in claim["s"])


def test_details_lead_back_to_the_sources(page):
    _, _, details = page_data(page)
    by_name = {d["n"]: d for d in details.values()}
    claim = next(d for d in details.values() if d["c"] == "Claim" and dict(d["r"])["Quote"] == "tariffs will fall")
    rows = dict(claim["r"])
    assert rows["Speaker"] == "Ministry of Trade" and rows["About"] == "Japan"
    assert claim["s"] == [["Call between leaders \u00b7 Other Outlet \u00b7 2024-06-11 \u00b7 world/b c.txt",
                           'The Ministry of Trade said "tariffs will fall".']]
    meeting = dict(by_name["Ana <b>Silva</b> \u2013 Sato \u00b7 Geneva \u00b7 3 May 2024"]["r"])
    assert meeting["Date"] == "2024-05-03" and meeting["Place"] == "Geneva" and meeting["Kind"] == "in-person"
    assert meeting["Participants"] == "Ana <b>Silva</b>, Kenji Sato"
    sato = dict(by_name["Kenji Sato"]["r"])
    assert sato["Roles"] == "envoy, trade minister" and sato["Country"] == "Japan"
    assert len(by_name["Kenji Sato"]["s"]) == 2  # mentioned in both articles


def test_write_view_file_summarises_and_reads_trig(tmp_path, graph_files):
    summary = write_view_file(graph_files["turtle"], tmp_path / "g.html")
    assert summary == f"wrote {tmp_path / 'g.html'}: 12 nodes, 19 edges"
    write_view_file(graph_files["trig"], tmp_path / "t.html")
    assert (tmp_path / "g.html").read_bytes().replace(b"graph.ttl", b"graph.trig") == (tmp_path / "t.html").read_bytes()


FOAF_FILE = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<http://example.org/alice> a foaf:Person ; foaf:name "Alice" ; foaf:knows <http://example.org/bob> .
<http://example.org/bob> a foaf:Person ; foaf:name "Bob" ; foaf:based_near <http://example.org/paris> .
"""


def test_a_foreign_graph_is_drawn_generically_and_said_so(tmp_path):
    path = tmp_path / "people.ttl"
    path.write_text(FOAF_FILE, encoding="utf-8")
    summary = write_view_file(path, tmp_path / "people.html")
    assert summary == (f"wrote {tmp_path / 'people.html'}: {path} has none of kg's classes (6 triples; types: Person 2), "
                       "so every resource is drawn alike: 3 nodes, 2 edges")
    nodes, edges, details = page_data((tmp_path / "people.html").read_text(encoding="utf-8"))
    assert sorted(n["label"] for n in nodes) == ["Alice", "Bob", "paris"]
    assert {n["cls"] for n in nodes} == {"Resource"}
    assert sorted(e["label"] for e in edges) == ["based_near", "knows"]
    alice = next(d for d in details.values() if d["n"] == "Alice")
    assert ["Type", "Person"] in alice["r"] and ["name", "Alice"] in alice["r"]


@pytest.mark.parametrize("content, message", [
    (None, "no such graph file"),
    ("this is <not turtle", "not valid"),
])
def test_user_errors_name_the_file(tmp_path, content, message):
    path = tmp_path / "graph.ttl"
    if content is not None:
        path.write_text(content)
    with pytest.raises(KGError, match=message) as info:
        write_view_file(path, tmp_path / "out.html")
    assert str(path) in str(info.value) and "\n" not in str(info.value)
    assert not (tmp_path / "out.html").exists()


def labelled(g: Graph, nodes: list, cls) -> None:
    """Type each node as `cls`, labelled "<Class> <index>"."""
    for i, node in enumerate(nodes):
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(f"{cls.split('#')[-1].split('/')[-1]} {i}")))


def synthetic_graph(n: int, seed: int = 1) -> Graph:
    """People in countries meeting each other, with claims: about n nodes in a few clusters."""
    rng = np.random.default_rng(seed)
    g = Graph()
    countries = [mint_iri("country", f"C{i}") for i in range(max(2, n // 50))]
    people = [mint_iri("person", f"p{i}") for i in range(n // 2)]
    labelled(g, countries, KG.Country)
    labelled(g, people, KG.Person)
    for i, p in enumerate(people):
        g.add((p, KG.represents, countries[i % len(countries)]))
    for i in range(n - len(people) - len(countries)):
        m = mint_iri("meeting", f"m{i}")
        g.add((m, RDF.type, KG.Meeting))
        g.add((m, KG.kind, Literal("call")))
        for j in rng.choice(len(people), size=2, replace=False):
            g.add((m, KG.participant, people[j]))
    return g


def test_file_size_grows_linearly(tmp_path):
    sizes = {}
    for n in (0, 200, 800):
        write_view(synthetic_graph(n) if n else Graph(), tmp_path / f"{n}.html")
        sizes[n] = (tmp_path / f"{n}.html").stat().st_size
    per_node_small = (sizes[200] - sizes[0]) / 200
    per_node_big = (sizes[800] - sizes[0]) / 800
    assert 0.8 < per_node_big / per_node_small < 1.25
    assert per_node_big < 400  # bytes per node, edges included


def test_layout_keeps_nodes_apart():
    network = to_networkx(synthetic_graph(300))
    pos = np.array(list(layout(network).values()), dtype=float)
    d = np.sqrt(((pos[:, None] - pos[None]) ** 2).sum(axis=2))
    np.fill_diagonal(d, np.inf)
    assert d.min() > 40  # pixels: shapes never sit on each other


@pytest.mark.parametrize("far_side, top_side", [(16, 8), (4, 2)])  # (4, 2): cells merged over two levels
def test_large_layout_is_deterministic_and_spread(monkeypatch, far_side, top_side):
    monkeypatch.setattr(view_layout, "FAR_SIDE", far_side)
    monkeypatch.setattr(view_layout, "TOP_SIDE", top_side)
    edges = np.array(sorted({tuple(sorted((i, (i * 7 + 3) % 1200))) for i in range(1200)} | {(i, i + 1) for i in range(1199)}))
    a, b = _grid_force_layout(1200, edges), _grid_force_layout(1200, edges)
    assert np.array_equal(a, b) and np.isfinite(a).all()
    assert len({(round(x, 6), round(y, 6)) for x, y in a}) == 1200
    # Neighbours end up closer than nodes in general: the layout shows the graph.
    gap = lambda i, j: np.sqrt(((a[i] - a[j]) ** 2).sum(axis=1))
    assert np.median(gap(edges[:, 0], edges[:, 1])) < np.median(gap(np.arange(1200), np.arange(1200)[::-1]))


@pytest.mark.parametrize("side", [2, 5, 16, 17, 29, 40, 52])
def test_far_cells_count_every_other_cell_once(side):
    """Each cell's nodes are pushed by every other cell's nodes once: exactly, through a fine cell or through a coarse one."""
    levels, keep_top, stand_ins = _far_cells(side)
    sides = [(side - 1 >> level) + 1 for level in range(levels + 1)]
    assert (levels == 0) if side <= 16 else (sides[-1] <= 8 < sides[-2])
    cells = side * side
    a, b = np.divmod(np.arange(cells), side)
    first = np.cumsum([0] + [s * s for s in sides])  # where each level's cells start among the stand-ins
    listed = np.zeros((cells, first[-2] + 1), dtype=int)  # how often each cell lists each stand-in
    np.add.at(listed, (np.arange(cells)[:, None], stand_ins), 1)
    pushes = np.eye(cells, dtype=int)  # [cell, other cell]: how often the other's nodes push the cell's; its own exactly
    pushes += keep_top[:, (a >> levels) * sides[-1] + (b >> levels)].astype(int)
    for level in range(levels):
        pushes += listed[:, first[level] + (a >> level) * sides[level] + (b >> level)]  # through its cell at this level
    assert (pushes == 1).all()


def test_an_index_of_the_builds_triples_draws_the_same_page(tmp_path, hostile_dataset, corpus_factory):
    """kg build hands the view a TripleIndex of its triples, not an rdflib Graph: the page must not change."""
    from kg.rdf import build_graphs
    from kg.triples import TripleIndex

    write_view(hostile_dataset, tmp_path / "graph.html")
    graphs = build_graphs(corpus_factory(quote=HOSTILE, sentence_suffix=" " + HOSTILE, ana="Ana <b>Silva</b>"))
    write_view(TripleIndex(graphs.merged), tmp_path / "index.html")
    assert (tmp_path / "index.html").read_bytes() == (tmp_path / "graph.html").read_bytes()


def test_labels_answer_who_met_whom_where_and_when(corpus_factory):
    """A meeting reads 'short names · place · date', an agreement its name then its parties; the panel has them whole."""
    network = to_networkx(build_dataset(corpus_factory()))
    by_label = {a["label"]: a for _, a in network.nodes(data=True)}
    meeting = by_label["Silva \u2013 Sato\nGeneva \u00b7 3 May 2024"]
    assert meeting["details"]["n"] == "Silva \u2013 Sato \u00b7 Geneva \u00b7 3 May 2024" and meeting["date"] == "2024-05-03"
    assert meeting["what"] == "Silva \u2013 Sato \u00b7 Geneva"
    assert by_label["Silva \u2013 Sato\ncall \u00b7 10 Jun 2024"]["date"] == "2024-06-10"
    assert by_label["Brazil-Japan energy pact\nBrazil, Japan"]["details"]["n"] == "Brazil-Japan energy pact \u00b7 Brazil, Japan"
    # A claim takes its earliest article's publication day.
    claims = {a["details"]["n"]: a["date"] for _, a in network.nodes(data=True) if a["cls"] == "Claim"}
    assert claims["\u201ctariffs will fall\u201d"] == "2024-06-11"


def test_long_labels_are_shortened_on_the_canvas_only(corpus_factory):
    long_quote = "trade must stay open " * 10
    network = to_networkx(build_dataset(corpus_factory(quote=long_quote)))
    claim = next(a for _, a in network.nodes(data=True) if a["cls"] == "Claim" and "stay open trade" in a["details"]["n"])
    assert len(claim["label"]) <= 32 and claim["label"].endswith("\u2026\u201d")
    assert dict(claim["details"]["r"])["Quote"] == long_quote


def test_timeline_lists_meetings_in_order(page):
    data = page_json(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert [(row[1], row[2], row[3], row[4]) for row in data["timeline"]] == [
        ("2024-05-03", "3 May 2024", "Ana <b>Silva</b> \u2013 Sato \u00b7 Geneva", 1),
        ("2024-06-10", "10 Jun 2024", "Ana <b>Silva</b> \u2013 Sato \u00b7 call", 1),
    ]
    assert all(nodes[row[0]]["cls"] == "Meeting" for row in data["timeline"])
    assert (data["first"], data["last"]) == ("2024-05-03", "2024-06-11")
    assert {n["cls"] for n in data["nodes"] if "d" in n} == {"Meeting", "Agreement", "Claim"}


def test_a_large_graph_is_drawn_as_an_overview(monkeypatch, tmp_path):
    """Past OVERVIEW_NODES, each speaker's claims are one node; the page holds them to expand it."""
    from kg.view import network as view_network
    from kg.view import page as view_page

    graph = synthetic_graph(200)
    people = sorted(graph.subjects(RDF.type, KG.Person))
    for i in range(60):
        claim = mint_iri("claim", f"c{i}")
        graph.add((claim, RDF.type, KG.Claim))
        graph.add((claim, KG.quote, Literal(f"quote {i}")))
        graph.add((claim, KG.speaker, people[i % 3]))
    full = to_networkx(graph)
    monkeypatch.setattr(view_page, "OVERVIEW_NODES", 100)
    write_view(graph, tmp_path / "g.html")
    data = page_json((tmp_path / "g.html").read_text(encoding="utf-8"))
    drawn = {n["cls"] for n in data["nodes"]}
    assert "Claim" not in drawn and "Claims" in drawn
    assert len(data["nodes"]) == full.number_of_nodes() - 60 + 3
    groups = {n["label"]: data["groups"][str(n["id"])] for n in data["nodes"] if n["cls"] == "Claims"}
    assert sorted(len(g["nodes"]) for g in groups.values()) == [20, 20, 20]
    assert all(e["label"] == "said" for g in groups.values() for e in g["edges"])
    hidden_ids = {c["id"] for g in groups.values() for c in g["nodes"]}
    assert hidden_ids.isdisjoint(n["id"] for n in data["nodes"]) and all(str(i) in data["details"] for i in hidden_ids)
    assert view_network.OVERVIEW_NODES == 3000  # the page's threshold was patched, not the module's


def test_a_large_graph_lists_a_few_sources_and_names_and_counts_the_rest(monkeypatch, tmp_path, corpus_factory):
    """From OVERVIEW_NODES on, details stop at LIST_MAX sources and names a row, and say how many more."""
    from kg.view import network as view_network

    dataset = build_dataset(corpus_factory())
    whole = {a["details"]["n"]: a["details"] for _, a in to_networkx(dataset).nodes(data=True)}
    assert not any("m" in d for d in whole.values())  # a small graph lists everything
    monkeypatch.setattr(view_network, "OVERVIEW_NODES", 1)
    monkeypatch.setattr(view_network, "LIST_MAX", 1)
    large = to_networkx(dataset)
    assert all(isinstance(a["details"], Spilled) for _, a in large.nodes(data=True))  # in a file, not in memory
    capped = {details_of(a)["n"]: details_of(a) for _, a in large.nodes(data=True)}
    sato = capped["Kenji Sato"]
    assert len(whole["Kenji Sato"]["s"]) == 2 and sato["s"] == whole["Kenji Sato"]["s"][:1] and sato["m"] == 1
    meeting = dict(capped["Silva \u2013 Sato \u00b7 Geneva \u00b7 3 May 2024"]["r"])
    assert meeting["Participants"] == "Ana Silva and 1 more"
    write_view(dataset, tmp_path / "g.html")
    data = page_json((tmp_path / "g.html").read_text(encoding="utf-8"))
    assert any(d.get("m") == 1 and len(d["s"]) == 1 for d in data["details"].values())


def test_the_overview_draws_no_variants_across_speakers_so_none_are_read(monkeypatch, tmp_path):
    """A large graph keeps a claim's variants by its own speaker only; its page is the one the whole network gives."""
    from kg.view import network as view_network
    from kg.view import page as view_page

    graph = synthetic_graph(60)
    people = sorted(graph.subjects(RDF.type, KG.Person))
    claims = [mint_iri("claim", f"c{i}") for i in range(6)]
    for i, claim in enumerate(claims):
        graph.add((claim, RDF.type, KG.Claim))
        graph.add((claim, KG.quote, Literal(f"quote {i}")))
        graph.add((claim, KG.speaker, people[i % 2]))
    for a, b in ((0, 2), (0, 1), (3, 4)):  # 0 and 2 share a speaker, the others do not
        graph.add((claims[a], KG.variantOf, claims[b]))
        graph.add((claims[b], KG.variantOf, claims[a]))
    monkeypatch.setattr(view_page, "OVERVIEW_NODES", 1)
    full = to_networkx(graph)
    expected = view_page.render(full)
    monkeypatch.setattr(view_network, "OVERVIEW_NODES", 1)
    monkeypatch.setattr(view_network, "LIST_MAX", 100)  # no list cut short: only the variants may differ
    kept = to_networkx(graph)
    variants = lambda network: sorted((s, o) for s, o, a in network.edges(data=True) if a["label"] == "variant of")  # noqa: E731
    assert variants(kept) == [tuple(sorted((str(claims[0]), str(claims[2]))))] and len(variants(full)) == 3
    assert view_page.render(kept) == expected


def test_the_page_is_written_in_parts_that_make_the_same_bytes(monkeypatch, tmp_path, hostile_dataset, page):
    from kg.view import page as view_page

    monkeypatch.setattr(view_page, "JSON_PART", 7)  # parts end inside strings and escapes
    write_view(hostile_dataset, tmp_path / "parts.html")
    assert (tmp_path / "parts.html").read_text(encoding="utf-8") == page
    assert len(list(view_page.page_parts(to_networkx(hostile_dataset)))) > 10
    # The JSON is json.dumps', byte for byte, though written item by item.
    text = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page).group(1)
    data = json.loads(text)
    data["details"], data["groups"] = ({int(k): v for k, v in data[key].items()} for key in ("details", "groups"))  # keyed by number
    whole = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert text == whole.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def events_graph(more: tuple[tuple[int, ...], ...] = ()) -> Graph:
    """Six people; meetings repeated between the same sets of them, on different days; agreements between the same parties."""
    g = Graph()
    people = [mint_iri("person", f"p{i}") for i in range(6)]
    countries = [mint_iri("country", f"C{i}") for i in range(3)]
    labelled(g, people, KG.Person)
    labelled(g, countries, KG.Country)
    sets = [(0, 1)] * 4 + [(1, 2, 3)] * 3 + [(0, 4)] * 2 + [(4, 5), *more]  # 4 + 3 + 2 grouped, 1 alone
    for i, who in enumerate(sets):
        m = mint_iri("meeting", f"m{i:02d}")
        g.add((m, RDF.type, KG.Meeting))
        g.add((m, KG.kind, Literal("call")))
        g.add((m, KG.date, Literal(f"2024-0{1 + i % 9}-{10 + i}")))
        for j in who:
            g.add((m, KG.participant, people[j]))
    for i, parties in enumerate([(0, 1)] * 3 + [(1, 2)]):
        a = mint_iri("agreement", f"a{i}")
        g.add((a, RDF.type, KG.Agreement))
        g.add((a, RDFS.label, Literal(f"Accord {i}")))
        for j in parties:
            g.add((a, KG.party, countries[j]))
    return g


def test_meetings_and_agreements_are_grouped_only_in_a_larger_overview(monkeypatch, tmp_path):
    """From EVENT_NODES nodes left in the overview on, meetings with the same participants are one node, and agreements with the same parties."""
    from kg.view import network as view_network
    from kg.view import page as view_page

    graph = events_graph()
    monkeypatch.setattr(view_page, "OVERVIEW_NODES", 1)
    full = to_networkx(graph)
    assert full.number_of_nodes() == 6 + 3 + 10 + 4
    monkeypatch.setattr(view_network, "EVENT_NODES", full.number_of_nodes() + 1)  # below it: nothing grouped but claims
    below = page_json(view_page.render(full))
    assert below["groups"] == {} and len(below["nodes"]) == 23
    monkeypatch.setattr(view_network, "EVENT_NODES", full.number_of_nodes())
    data = page_json(view_page.render(full))
    nodes = {n["id"]: n for n in data["nodes"]}
    groups = sorted((nodes[int(g)]["cls"], nodes[int(g)]["label"], len(m["nodes"])) for g, m in data["groups"].items())
    assert groups == [  # three agreements of the same two parties, the fourth alone; the meeting of Person 4 and 5 alone
        ("Agreements", "3 agreements\nCountry 0 and Country 1", 3),
        ("Meetings", "2 meetings\nPerson 0 and Person 4", 2),
        ("Meetings", "3 meetings\nPerson 1, Person 2 and Person\u2026", 3),  # shortened on the canvas
        ("Meetings", "4 meetings\nPerson 0 and Person 1", 4),
    ]
    assert len(data["nodes"]) == 23 - (3 + 2 + 3 + 4) + 4
    assert Counter(n["cls"] for n in data["nodes"]) == {"Person": 6, "Country": 3, "Meeting": 1, "Agreement": 1, "Meetings": 3, "Agreements": 1}
    hidden = {c["id"]: c for m in data["groups"].values() for c in m["nodes"]}
    assert hidden.keys().isdisjoint(nodes) and all(str(i) in data["details"] for i in hidden)
    # A group's edges go to its participants; its members' edges wait in the group.
    four = next(int(g) for g, m in data["groups"].items() if len(m["nodes"]) == 4)
    people = sorted(nodes[e["to"]]["label"] for e in data["edges"] if e["from"] == four)
    assert people == ["Person 0", "Person 1"] and all(e["label"] == "participant" for e in data["edges"] if e["from"] == four)
    assert len(data["groups"][str(four)]["edges"]) == 8
    # The group spans its meetings' days; the timeline still lists all ten meetings, grouped ones by their own ids.
    days = sorted(c["d"] for c in data["groups"][str(four)]["nodes"])
    assert (nodes[four]["d"], nodes[four]["e"]) == (days[0], days[-1])
    assert len(data["timeline"]) == 10 and sum(row[0] in hidden for row in data["timeline"]) == 9


def test_too_many_sets_group_events_per_best_connected_person(monkeypatch):
    """If grouping per set still leaves EVENT_NODES nodes, each event goes with the others of its best-connected participant or party."""
    from kg.view import network as view_network
    from kg.view import page as view_page

    monkeypatch.setattr(view_page, "OVERVIEW_NODES", 1)
    monkeypatch.setattr(view_network, "EVENT_NODES", 1)
    data = page_json(view_page.render(to_networkx(events_graph())))
    nodes = {n["id"]: n for n in data["nodes"]}
    groups = sorted((nodes[int(g)]["label"], len(m["nodes"])) for g, m in data["groups"].items())
    # Person 1 is in 7 meetings, Person 0 in 6, Person 4 in 3: each meeting goes to the busiest of its people
    # (the one of Person 4 and Person 5 stays alone); Country 1 is a party to all four agreements.
    assert groups == [("2 meetings\nPerson 0", 2), ("4 agreements\nCountry 1", 4), ("7 meetings\nPerson 1", 7)]
    assert nodes[int(next(g for g, m in data["groups"].items() if len(m["nodes"]) == 7))]["cls"] == "Meetings"
    assert "per best-connected participant or party" in view_page.render(to_networkx(events_graph()))


def test_meetings_that_share_no_set_go_with_their_busiest_participant_when_sets_leave_too_many(monkeypatch):
    from kg.view import network as view_network
    from kg.view import page as view_page

    monkeypatch.setattr(view_page, "OVERVIEW_NODES", 1)
    network = to_networkx(events_graph(more=((1, 5), (1, 4))))  # two more meetings, each of a set of its own
    monkeypatch.setattr(view_network, "EVENT_NODES", 17)  # per set leaves 25 - 8 = 17
    data = page_json(page := view_page.render(network))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert len(nodes) == 16 and "and the rest per best-connected one" in page
    whole = sorted(data["details"][g]["n"] for g in data["groups"])
    assert whole == ["2 meetings of Person 0 and Person 4", "2 meetings with Person 1", "3 agreements of Country 0 and Country 1",
                     "3 meetings of Person 1, Person 2 and Person 3", "4 meetings of Person 0 and Person 1"]


def test_a_group_holds_at_most_group_max_events_in_order_of_date(monkeypatch):
    from kg.view import network as view_network
    from kg.view import page as view_page

    monkeypatch.setattr(view_page, "OVERVIEW_NODES", 1)
    monkeypatch.setattr(view_network, "EVENT_NODES", 1)  # every event per its best-connected participant or party
    monkeypatch.setattr(view_network, "GROUP_MAX", 3)
    data = page_json(view_page.render(to_networkx(events_graph())))
    nodes = {n["id"]: n for n in data["nodes"]}
    groups = sorted((nodes[int(g)]["label"], [c.get("d", "") for c in m["nodes"]]) for g, m in data["groups"].items())
    # Person 1's 7 meetings in 3 parts of 2, 2 and 3, by date; Person 0's 2 meetings; Country 1's 4 agreements in 2 parts.
    assert [(label, len(days)) for label, days in groups] == [
        ("2 agreements\nCountry 1", 2), ("2 agreements\nCountry 1", 2), ("2 meetings\nPerson 0", 2),
        ("2 meetings\nPerson 1", 2), ("2 meetings\nPerson 1", 2), ("3 meetings\nPerson 1", 3)]
    person_1 = sorted(sorted(days) for label, days in groups if label.endswith("Person 1"))
    assert [d for part in person_1 for d in part] == sorted(d for part in person_1 for d in part)  # parts do not interleave
