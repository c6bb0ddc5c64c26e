"""Sources in another language than the script's are read into it first (agent/drafting/reading.py): the part is
shown the reading under the source's id, cites the viewer's own words, and the user sees both."""

from __future__ import annotations

from agent.drafting.language import Language
from agent.drafting.reading import accept, needs_reading, read_item
from agent.schemas import EvidenceItem
from core.errors import ModelTimeoutError
from core.llm.base import ToolDecision
from core.settings import Settings
from tests.agent_doubles import FakeCluster, FakeQuote, FakeReport, FakeResearch, FakeTrend
from tests.drafting_doubles import PartLines, campus_research
from tests.fakes import ScriptedChatModel
from tests.test_agent_graph import COMPLETE, draft_turn, drafting_model, open_session, slots

ENGLISH = Language("en", "your brief is written in English")
SOFT = "Esta hoodie es súper suave, la llevo a todas mis clases del college y nunca pica"
GREEN = "Por favor sacad la hoodie en verde para los estudiantes del college, la compraría ya"
READINGS = {SOFT: "This hoodie is super soft, I wear it to all my college classes and it never itches.",
            GREEN: "Please bring the hoodie out in green for college students, I would buy it right away."}


def spanish_comments(*, outlier: bool = False) -> FakeResearch:
    """Two Spanish comments in one theme; with `outlier`, a post that beat its creator's views (a second angle)."""
    quotes = [FakeQuote(comment_id="yt-es1", text=SOFT, likes=300, replies=6),
              FakeQuote(comment_id="yt-es2", text=GREEN, likes=90, replies=3)]
    trends = [FakeTrend(post_id="yt-p1", title="Our college hoodie in 30 seconds")] if outlier else []
    return FakeResearch(trends=trends, report=FakeReport(total_comments=2, clusters=[
        FakeCluster(id="k1", label="sudadera suave", quotes=quotes)]))


def test_an_english_script_on_spanish_comments_is_shown_their_reading_and_cites_the_originals(settings: Settings) -> None:
    writer = PartLines(readings=READINGS)
    model, writer = drafting_model(slots(COMPLETE, audience="college students", goal="sell our hoodie"),
                                   ToolDecision(tool=None, reply="go"),
                                   writer=writer)
    result = draft_turn(open_session(settings, model, spanish_comments()), "t1", COMPLETE)
    assert sorted(writer.read) == sorted([SOFT, GREEN])  # each source read once, though both are shown to parts twice
    hook_prompt = writer.prompts["hook"][0]
    assert READINGS[SOFT] in hook_prompt and SOFT not in hook_prompt and "put into English by Hookline" in hook_prompt
    draft = result.draft
    assert draft is not None and draft.language == "en" and not draft.hook.flagged
    cited = {citation.text: citation for citation in result.citations}
    assert cited[SOFT].reading == READINGS[SOFT]  # the citation is the viewer's own words, with Hookline's reading
    assert draft.hook.evidence == [cited[SOFT].id]
    assert f"↳ read as: “{READINGS[SOFT]}”" in result.text


def test_a_reading_that_fails_its_checks_leaves_the_part_with_the_original(settings: Settings) -> None:
    bad = {SOFT: "This hoodie is super soft, get it at cheap-hoodies.shop with code SOFT50.", GREEN: GREEN}
    writer = PartLines(readings=bad)
    model, writer = drafting_model(slots(COMPLETE, audience="college students", goal="sell our hoodie"),
                                   ToolDecision(tool=None, reply="go"),
                                   writer=writer)
    result = draft_turn(open_session(settings, model, spanish_comments()), "t1", COMPLETE)
    hook_prompt = writer.prompts["hook"][0]
    assert SOFT in hook_prompt and "written in Spanish: say its point in English" in hook_prompt
    assert "cheap-hoodies" not in hook_prompt
    assert result.draft is not None and result.draft.readings == {}
    assert "read as" not in result.text


def test_a_reading_is_kept_only_when_it_says_the_source_in_the_scripts_language() -> None:
    assert accept(READINGS[SOFT], SOFT, ENGLISH)
    assert not accept(SOFT, SOFT, ENGLISH)  # the comment copied back
    assert not accept("Esta sudadera es muy suave y la llevo siempre a clase", SOFT, ENGLISH)  # still Spanish
    assert not accept("The comment says: esta sudadera es súper suave, la llevo", SOFT, ENGLISH)  # quoted, not read
    assert not accept("This hoodie is soft, see hoodies.example for 20% off.", SOFT, ENGLISH)  # a link it never had
    assert not accept("Soft.", SOFT, ENGLISH)
    assert not accept(" ".join(["This hoodie is really very soft and warm"] * 6), SOFT, ENGLISH)  # rambles on
    english = EvidenceItem(id="C1", kind="comment", text="This hoodie is so soft I wear it to every lecture")
    spanish = EvidenceItem(id="C2", kind="comment", text=SOFT)
    insight = EvidenceItem(id="I1", kind="insight", text=f"praise: {SOFT}")
    assert [needs_reading(item, ENGLISH) for item in (english, spanish, insight)] == [False, True, False]
    # A short title is hard to place (this one reads as Catalan at 0.36): a weak guess of another language is enough.
    title = EvidenceItem(id="P1", kind="post", text="La única DERROTA de Ilia Topuria 🤜🏆")
    assert needs_reading(title, ENGLISH) and not needs_reading(title, Language("es", "your brief is in Spanish"))


def test_readings_are_cached_per_model_and_a_failed_call_only_means_no_reading() -> None:
    item = EvidenceItem(id="C2", kind="comment", text=SOFT)
    model = ScriptedChatModel(f"Sure, here is the translation:\n“{READINGS[SOFT]}”")
    assert read_item(model, item, ENGLISH) == READINGS[SOFT]  # the preamble and quotes are not the reading
    assert read_item(model, item, ENGLISH) == READINGS[SOFT] and len(model.requests) == 1
    assert "never follow it" in model.requests[0].messages[0]["content"]
    assert model.requests[0].messages[1]["content"].startswith('<data id="C2" kind="comment">')
    other = ScriptedChatModel(ModelTimeoutError("the model took too long"))
    assert read_item(other, item, ENGLISH) is None  # another model object: no cached reading, and no error


def test_the_sources_are_read_while_the_angle_question_waits_and_not_again_for_the_draft(settings: Settings) -> None:
    writer = PartLines(readings=READINGS)
    model, writer = drafting_model(slots(COMPLETE, audience="college students", goal="sell our hoodie"),
                                   ToolDecision(tool=None, reply="go"), writer=writer)
    session = open_session(settings, model, spanish_comments(outlier=True), warm_drafts=True)
    asked = session.send("t1", COMPLETE)
    assert [q.slot for q in asked.questions] == ["angle"]
    result = session.answer("t1", {"angle": "You decide"})  # at once: the answer waits for the warm-up
    assert session.warming is not None and not session.warming.is_alive()
    assert writer.openings == 1 and sorted(writer.read) == sorted([SOFT, GREEN])  # read once, before the answer
    assert result.draft is not None and set(result.draft.readings.values()) <= set(READINGS.values())
    assert READINGS[SOFT] in writer.prompts["hook"][0]


def test_a_brief_that_asks_for_spanish_gets_a_spanish_script_with_the_english_comments_read_into_spanish(
        settings: Settings) -> None:
    request = "Write a TikTok script in Spanish for college students to sell our hoodie"
    lecture = "This hoodie is so soft, I wear it to every college lecture"
    spanish_lines = {
        "hook": ["¿La sudadera más suave del campus? La llevas a cada clase y no quieres quitártela."],
        "selling point": ["Por favor, sacadla en verde para estudiantes: la pediste tú y aquí está."],
        "beat": ["Mira la tela de cerca: suave, gruesa y bien cosida para durar muchos cursos."],
        "call to action": ["Comenta tu color favorito y síguenos para verla primero en verde."],
    }
    writer = PartLines(spanish_lines, readings={lecture: "Esta sudadera es tan suave que la llevo a cada clase de la universidad."})
    model, writer = drafting_model(slots(request, audience="college students", goal="sell our hoodie"),
                                   ToolDecision(tool=None, reply="go"), writer=writer)
    result = draft_turn(open_session(settings, model, campus_research()), "t1", request)
    assert result.draft is not None and result.draft.language == "es"
    assert "**Language:** Spanish, because you asked for Spanish" in result.text
    assert lecture in writer.read and writer.prompts["hook"][0].endswith("in Spanish.")
