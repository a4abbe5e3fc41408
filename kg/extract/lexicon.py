"""Word lists of the English the extractor reads: titles, verbs of saying, meeting and agreement words.

These are closed classes of English, not names: they hold no person, place or event.
"""

# Words that make up a title before a name ("Defense Secretary", "Prime Minister", "Admiral").
TITLE_WORDS = frozenset("""
president vice prime minister ministers secretary secretary-general undersecretary under-secretary deputy acting
admiral general gen gen. lt lt. lieutenant colonel col col. major maj. captain capt. commander marshal brigadier
chancellor premier king queen prince princess crown sheikh emir sultan ayatollah pope cardinal
ambassador envoy senator sen sen. representative rep rep. congressman congresswoman governor gov gov. mayor
judge justice chief director chairman chairwoman chair chairperson spokesman spokeswoman spokesperson
mr mr. mrs mrs. ms ms. dr dr. prof prof. professor sir dame lord lady shri smt h.e. excellency
taoiseach tanaiste chancellor
defence defense foreign interior home finance trade state national security affairs economy health
commerce justice energy treasury war navy army air force military intelligence
leader head speaker officer official counsellor adviser advisor minister-president
""".split())

# Ranks and honorifics: a role of their own even beside an office ("Defence Minister Admiral X").
RANK_WORDS = frozenset("""
admiral general gen gen. lieutenant colonel col col. major maj. captain capt. commander marshal brigadier
mr mr. mrs mrs. ms ms. dr dr. prof prof. professor sir dame lord lady shri smt h.e. excellency
""".split())
# Honorifics: split off a name, but no role of their own.
HONORIFICS = frozenset("mr mrs ms dr sir dame lord lady shri smt h.e excellency".split())

# The head of a title: a noun phrase ending in one of these is a role ("the defense secretary").
ROLE_HEADS = frozenset("""
president minister secretary admiral general chancellor premier king queen prince emir sultan ambassador envoy
senator governor mayor chief director chairman chairwoman spokesman spokeswoman spokesperson leader head
commander official
""".split())

# Lemmas of verbs that report speech, writing or a stated position.
SPEECH_VERBS = frozenset("""
say tell write post tweet add state declare announce assert insist stress emphasise emphasize underscore
warn urge ask call describe characterize characterise label term note observe remark comment explain
argue claim contend maintain reiterate repeat restate reaffirm affirm confirm acknowledge admit concede deny
promise pledge vow vouch threaten predict suggest propose recommend demand appeal plead
express voice recall remind respond reply answer counter retort lament complain criticise criticize praise
hail welcome condemn denounce accuse blame mention highlight caution advise conclude quip joke
convey brief inform assure reassure signal stress tout dismiss reject insist
""".split())

# Nouns that name a meeting; the value is the kind it implies ("call" may become "video-call").
MEETING_NOUNS = {
    "meeting": "in-person", "talk": "in-person", "talks": "in-person", "summit": "in-person",
    "encounter": "in-person", "session": "in-person", "discussion": "in-person", "discussions": "in-person",
    "dialogue": "in-person", "engagement": "in-person", "conversation": "call", "call": "call",
    "phone": "call", "teleconference": "call", "videoconference": "video-call", "video": "video-call",
    "audience": "in-person", "visit": "in-person", "negotiations": "in-person", "consultations": "in-person",
}
# Verbs that report a meeting between their subject and object.
MEETING_VERBS = frozenset({"meet", "talk", "host", "receive", "welcome", "confer", "speak", "phone", "negotiate", "visit", "call"})
# Meeting verbs that need a person as object to mean a meeting ("welcomed the decision" is none).
OBJECT_MEETING_VERBS = frozenset({"host", "receive", "welcome", "visit", "call"})

# Nouns that name an agreement, and verbs that report one as signed or announced.
AGREEMENT_NOUNS = frozenset({
    "agreement", "framework", "treaty", "pact", "deal", "accord", "memorandum", "mou", "protocol",
    "convention", "charter", "declaration", "arrangement", "partnership", "roadmap", "ceasefire", "truce",
    "plan", "compact", "communique", "communiqué", "understanding",
})
AGREEMENT_VERBS = frozenset({
    "sign", "announce", "conclude", "seal", "reach", "ink", "unveil", "agree", "finalize", "finalise",
    "strike", "adopt", "approve", "ratify", "launch", "renew", "extend",
})

# Modal and planning words: a meeting or agreement under them has not (yet) happened.
UNREAL_WORDS = frozenset({
    "will", "would", "could", "may", "might", "should", "shall", "can", "plan", "expect", "hope", "seek",
    "propose", "intend", "aim", "want", "prepare", "consider", "schedule", "set", "due", "ahead", "agree",
    "invite", "offer", "try", "attempt", "refuse", "decline", "cancel", "postpone",
})

# Pronouns that stand for a person as speaker or participant.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
GROUP_WORDS = frozenset({"both", "two", "pair", "sides", "leaders", "men", "women", "ministers", "officials"})

# Generic nouns that never make a named speaker ("officials said", "analysts caution").
UNNAMED_SPEAKERS = frozenset({
    "official", "officials", "analyst", "analysts", "expert", "experts", "source", "sources", "observer",
    "observers", "critic", "critics", "people", "diplomat", "diplomats", "report", "reports", "media",
    "resident", "residents", "witness", "witnesses", "someone", "many", "some", "others", "they",
    "aide", "aides", "adviser", "advisers", "advisor", "advisors", "insider", "insiders", "spokesperson",
    "spokesman", "spokeswoman", "lawmaker", "lawmakers", "commentator", "commentators",
})

# Words that mark a name as an organisation's, never a person's.
ORGANIZATION_WORDS = frozenset("""
ministry office party council department agency company corporation inc ltd group bank university
association union force forces army navy police court commission committee parliament assembly
government times news post press agency institute foundation fund alliance federation organisation
organization front movement coalition league board bureau service services guard authority
""".split())
