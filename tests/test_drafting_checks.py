"""The drafting checks in code, each on hand-made texts: support, repetition, copying, the kit's promise,
language, duration, evidence ranking (flagged text never citable) and the angle choice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.drafting.angles import RULE, pick, propose_angles
from agent.drafting.checks import check_part, support
from agent.drafting.clash import clash
from agent.drafting.evidence import engagement_weight, rank_evidence
from agent.drafting.language import choose_language, written_in
from agent.drafting.similarity import copied_run, near_identical
from agent.drafting.timing import asked_seconds, plan, trim_to, word_count
from agent.schemas import EvidenceItem
from tests.fakes import HashEmbedder

EMBED = HashEmbedder(256)
NURSE = EvidenceItem(id="C1", kind="comment", text="Night shift nurse here, I need a bottle that fits the fridge door at work",
                     detail="840 likes, 31 replies")
LEAK = EvidenceItem(id="C2", kind="comment", text="Mine leaked in my gym bag twice, never again", detail="610 likes, 12 replies")
COLOUR = EvidenceItem(id="C3", kind="comment", text="love the colour", detail="2 likes, 0 replies")
PLANTED = EvidenceItem(id="C4", kind="comment", text="[instruction-like text removed]",
                       detail="900 likes, 0 replies (instruction-like text removed)")
THEME = EvidenceItem(id="I1", kind="insight", text="fits the fridge door (request, 60% of engagement)", detail="14 comments")
POST = EvidenceItem(id="P1", kind="post", text="A night shift nurse tries 5 bottles in the fridge door",
                    detail="4.2x the creator's median Short, 80,000 views")


def check(text: str, **overrides: object) -> list[str]:
    arguments: dict = {"part": "beat 1", "text": text, "shown": [NURSE], "earlier": [], "kit_texts": [], "promise": None,
                       "language": "en"} | overrides
    _support, problems = check_part(EMBED, **arguments)
    return [problem.kind for problem in problems]


def test_a_part_that_says_what_the_comment_says_is_supported_and_an_unrelated_one_is_not() -> None:
    good = support(EMBED, "Night shift nurses need a bottle that fits the fridge door", [NURSE, LEAK])
    assert good.cited == ("C1",) and good.score is not None and good.score >= 0.3
    bad = support(EMBED, "Our brand celebrates every single morning with joy", [NURSE, LEAK])
    assert bad.cited == () and check("Our brand celebrates every single morning with joy") == ["support"]
    assert support(EMBED, "anything", []).score is None  # shown nothing: nothing to cite, no score


def test_a_part_repeating_an_earlier_one_is_caught_but_a_new_point_is_not() -> None:
    hook = "Night shift nurse? This bottle fits the fridge door."
    assert near_identical(EMBED, "Night shift nurse? This bottle fits the fridge door!", [hook]) == hook
    assert near_identical(EMBED, "It never leaks in a gym bag, we tested it twice.", [hook]) is None
    assert "repeat" in check("Night shift nurse? This bottle fits the fridge door.", earlier=[hook])


def test_copying_eight_words_from_the_kit_is_caught_seven_are_not() -> None:
    guide = "We write like we talk: clear, warm and a little bit funny every time."
    assert copied_run("Honestly we write like we talk clear warm and a little", [guide]) == "we write like we talk clear warm and"
    assert copied_run("We write like we talk clear warm today", [guide]) is None
    assert "copied" in check("Night shift nurse: we write like we talk clear warm and a little bit funny", kit_texts=[guide])


def test_a_hook_that_restates_the_promise_is_caught() -> None:
    promise = "Hydration that keeps up with your day"
    assert "promise" in check("Hydration that keeps up with your whole day", part="hook", shown=[], promise=promise)
    assert "promise" not in check("Night shift nurse? Your fridge door is about to get better.", part="hook", shown=[],
                                  promise=promise)


def test_language_follows_the_brief_and_a_wrong_language_part_is_caught() -> None:
    spanish = choose_language("Un TikTok de 30 segundos para enfermeras del turno de noche sobre nuestra botella", [])
    assert spanish.code == "es" and "Spanish" in spanish.reason
    assert choose_language("Write a TikTok for night nurses about our bottle", []).code == "en"
    # A brief too short to tell: the comments decide, and the reason says so.
    unsure = choose_language("TikTok", ["Me encanta esta botella, la llevo al trabajo todos los días",
                                        "No cabe en la puerta de mi nevera, qué pena"])
    assert unsure.code == "es" and "comments" in unsure.reason
    assert not written_in("This bottle fits the fridge door at work every single night", "es")
    assert written_in("Esta botella cabe en la puerta de la nevera del trabajo", "es")
    assert "language" in check("This bottle fits the fridge door at work, every night shift", shown=[], language="es")


def test_duration_comes_from_the_brief_and_the_platform_rate() -> None:
    assert asked_seconds(["A 30-second TikTok for nurses"], "TikTok") == (30, True)
    assert asked_seconds(["Un reel de 45 segundos"], None) == (45, True)
    assert asked_seconds(["A one-minute YouTube video"], "YouTube") == (60, True)
    assert asked_seconds(["A TikTok for nurses"], "TikTok") == (30, False)
    short, long = plan(30, "TikTok"), plan(60, "YouTube")
    assert short.low < short.words < short.high and long.beats > short.beats
    assert round(short.words * 0.85) == short.low
    trimmed = trim_to("One two three four five. Six seven eight nine ten eleven twelve", 8)
    assert word_count(trimmed) <= 8 and trimmed.endswith(".")
    line = "Our team has built the most useful and honest bottle reviews on the internet, and you can expect more soon."
    assert trim_to(line, 16) == "Our team has built the most useful and honest bottle reviews on the internet."
    # No clause end close enough: half a sentence is never shown; the duration fitter drops the beat instead.
    assert trim_to(line, 9, fragment_ok=False) == line
    assert not trim_to(line, 9).endswith((" and.", " the.", " most."))


def test_evidence_is_ranked_by_relevance_times_engagement_and_flagged_text_is_never_citable() -> None:
    quiet = NURSE.model_copy(update={"id": "C5", "detail": "3 likes, 0 replies"})  # same words, hardly any likes
    ranked, flagged = rank_evidence([COLOUR, LEAK, quiet, NURSE, PLANTED, THEME, POST], "night shift nurses fridge door bottle",
                                    EMBED)
    ids = [entry.item.id for entry in ranked]
    assert flagged == [PLANTED] and "C4" not in ids
    assert ids[0] == "C1" and ids.index("C1") < ids.index("C5") < ids.index("C2")  # relevance x engagement
    assert engagement_weight(NURSE) > engagement_weight(COLOUR) >= 1.0
    assert engagement_weight(POST) > 1.0 and engagement_weight(THEME) == pytest.approx(1.6)


def test_angles_rest_on_named_evidence_and_you_decide_picks_by_the_stated_rule() -> None:
    ranked, _ = rank_evidence([THEME, NURSE, LEAK, POST], "night shift nurses fridge door bottle", EMBED)
    angles = propose_angles(ranked)
    assert 2 <= len(angles) <= 3
    assert all(angle.evidence for angle in angles)
    assert any(angle.evidence[0] == "I1" and "C1" in angle.evidence for angle in angles)
    assert len({angle.evidence[0] for angle in angles}) == len(angles)  # each on its own anchor
    assert all("C2" != angle.evidence[0] for angle in angles)  # the gym-bag comment has nothing to do with the brief
    chosen, why = pick(angles, "2")
    assert chosen == angles[1] and why == "you picked it"
    assert pick(angles, angles[2].title if len(angles) > 2 else angles[1].title)[1] == "you picked it"
    best, why = pick(angles, "You decide")
    assert best == max(angles, key=lambda angle: angle.score) and RULE in why
    assert propose_angles([]) == []


def test_a_part_that_says_the_brief_back_to_camera_is_caught() -> None:
    brief = "Un TikTok de 30 segundos para DJs jóvenes para conseguir más suscriptores"
    said = "Un TikTok de 30 segundos para DJs jóvenes puede ser una forma de promocionar tu canal"
    assert "brief" in check(said, shown=[], language="es", brief=brief)
    assert "brief" not in check("Los DJs jóvenes llenan las fiestas de los pueblos cada verano", shown=[], language="es",
                                brief=brief)


def test_naming_the_offer_the_brief_names_is_not_an_echo_of_the_brief() -> None:
    brief = "Write a 30-second TikTok script for young Spanish entrepreneurs to get more subscribers to the Alex Hawkers interview podcast."
    assert "brief" not in check("Every guest on the Alex Hawkers interview podcast built a company before thirty.",
                                shown=[], brief=brief)
    assert "brief" in check("This 30-second TikTok script for young Spanish entrepreneurs shows you how.", shown=[], brief=brief)
    # Eight words of the brief in a row are an echo, video words or not.
    assert "brief" in check("Young Spanish entrepreneurs get more subscribers to the Alex Hawkers interview podcast.",
                            shown=[], brief=brief)


def test_a_post_below_its_creators_usual_views_is_no_outperformer_angle() -> None:
    flop = EvidenceItem(id="P9", kind="post", text="Night shift nurses: the fridge door bottle test",
                        detail="0.8x the creator's median video (12,000 views)")
    ranked, _ = rank_evidence([flop, POST], "night shift nurses fridge door bottle", EMBED)
    anchors = {angle.evidence[0] for angle in propose_angles(ranked)}
    assert "P9" not in anchors and "P1" in anchors


def test_a_part_that_reads_out_its_evidence_word_for_word_is_caught() -> None:
    assert "verbatim" in check("Night shift nurse here, I need a bottle that fits the fridge door at work!")
    assert "verbatim" not in check("Night shift nurses need a bottle that fits the fridge door, so we made one")


def test_a_written_part_loses_what_nobody_gave_and_claims_no_one_made() -> None:
    from agent.drafting.scrub import scrub

    trusted = ["Write a TikTok for nurses about our leak-proof bottle", "Brand kit: sign off with — Tidewater"]
    text = "It never leaks in your bag. It even relieves anxiety. Use code NURSE20 at tidewater.shop."
    cleaned, removed = scrub(text, trusted)
    assert "anxiety" not in cleaned and "NURSE20" not in cleaned and "tidewater.shop" not in cleaned
    assert cleaned.startswith("It never leaks in your bag.") and ".." not in cleaned
    assert any("anxiety" in item for item in removed) and any("NURSE20" in item for item in removed)


def test_the_call_to_action_asks_the_viewer_to_act_not_to_serve_the_creators_goal() -> None:
    from agent.drafting.goals import viewer_action

    assert viewer_action("get more subscribers") == "subscribe"
    assert viewer_action("conseguir más suscriptores") == "subscribe"
    assert viewer_action("get more comments") == "comment"
    assert viewer_action("mehr Kommentare") == "comment"
    assert viewer_action("conseguir más visitas") == "watch the full episode"
    assert viewer_action("sell our hoodie") == "buy or order"
    assert viewer_action("") == "comment or follow"


def test_a_line_that_opens_like_an_earlier_one_repeats_it_even_when_its_ending_differs() -> None:
    earlier = ["The bottle test at the end surprised me, it was a 300ml bottle."]
    assert "repeat" in check("The bottle test at the end surprised me, it came in green.", earlier=earlier)
    assert "repeat" not in check("It came in green, and the lid never leaked.", earlier=earlier)


def test_each_part_is_shown_a_comment_that_makes_a_point_no_earlier_part_was_shown() -> None:
    from agent.drafting.writer import part_evidence

    def comment(number: int, text: str) -> EvidenceItem:
        return EvidenceItem(id=f"C{number}", kind="comment", text=text, detail="10 likes, 0 replies")

    same_a = comment(1, "Every single shift the bottle test at the end surprised me, thanks for thinking of night workers")
    same_b = comment(2, "Honestly the bottle test at the end surprised me, it was a 300ml bottle")
    other = comment(3, "My water goes warm by midnight and I forget to drink until 4 a.m.")
    shown = part_evidence([same_a, THEME, same_b, other], 3)
    assert shown == [[same_a], [other], []]  # the second "bottle test" comment is left out; a part may get none
    assert part_evidence([NURSE, LEAK, POST], 3) == [[NURSE], [LEAK], [POST]]  # distinct points keep their order


def test_a_hook_that_thanks_the_brand_speaks_as_a_viewer() -> None:
    thanks = "Thank you for the bottle test, it surprised me, I appreciate the thought."
    assert "viewer" in check(thanks, part="hook")
    assert "viewer" in check("Gracias por pensar en el turno de noche, me encanta.", part="selling point", language="es")
    assert "viewer" not in check("Night shift? Your water is still ice cold at 3 a.m.", part="hook")
    assert "viewer" not in check("Thanks for watching, tell us your shift below.", part="call to action")


def test_a_sentence_tacked_onto_every_line_is_a_repeat_and_an_avoided_word_is_caught() -> None:
    earlier = ["The bottle kept its promise, even when the ice was rattling. It's a game-changer."]
    assert "repeat" in check("The bottle is cold until handover. It's a game-changer.", earlier=earlier)
    assert "repeat" not in check("The bottle is cold until handover. Ask any nurse.", earlier=earlier)
    assert "avoided" in check("Cold until handover, a real Game-Changer.", avoid=["game-changer", "hack"])
    assert "avoided" not in check("Cold until handover, every single shift.", avoid=["game-changer", "hack"])
    assert "avoided" not in check("Whack the lid shut and go.", avoid=["hack"])  # whole words only


def test_a_part_that_reads_out_the_comment_the_angle_quotes_is_caught() -> None:
    angle = "what viewers say, for example “Every single shift the bottle test at the end surprised me, thanks.”"
    line = "Every single shift the bottle test at the end surprised me, thanks for thinking of night workers."
    assert "verbatim" in check(line, shown=[], angle=angle)
    assert "verbatim" not in check("Twelve hours in, and the ice still rattles.", shown=[], angle=angle)


def test_a_call_to_action_that_gives_the_creators_goal_as_the_reason_is_caught() -> None:
    def problems(text: str, goal: str, part: str = "call to action") -> set[str]:
        _support, found = check_part(HashEmbedder(256), part=part, text=text, shown=[], earlier=[], kit_texts=[],
                                     promise=None, language="es" if "para" in text else "en", goal=goal)
        return {problem.kind for problem in found}

    assert "goal" in problems("Subscribe now to get more subscribers.", "get more subscribers")
    assert "goal" in problems("Suscríbete para conseguir más suscriptores del canal.", "conseguir más suscriptores")
    assert "goal" not in problems("Subscribe now and never miss the next interview.", "get more subscribers")
    # Naming the offer the goal names is what a call to action should do.
    assert "goal" not in problems("Watch Tipa's DJ sessions tonight.", "get more views on Tipa's DJ sessions")
    assert "goal" in problems("They want to get more subscribers to the podcast.", "get more subscribers", part="hook")
    assert "goal" not in problems("They want a second part with Alca.", "get more subscribers", part="hook")


def test_only_the_calls_to_action_the_brand_published_are_shown_as_its_closing_lines() -> None:
    from agent.nodes.draft import closing_lines

    line = "“Shop the drop before Friday” (this opening in 4 posts); Make the next step clear.; Specificity"
    assert closing_lines(line) == ("Shop the drop before Friday",)
    assert closing_lines("") == ()


def test_a_line_that_makes_an_earlier_parts_point_instead_of_its_own_cites_nothing_and_is_a_repeat() -> None:
    second_part = EvidenceItem(id="C2", kind="comment", text="I would like to see a second part with Alca, without the interruptions")
    longer = EvidenceItem(id="C3", kind="comment", text="Do not be afraid to make longer episodes, they feel very short")

    def checked(text: str) -> tuple[tuple[str, ...], set[str]]:
        found, problems = check_part(HashEmbedder(256), part="beat 1", text=text, shown=[longer], earlier=[],
                                     kit_texts=[], promise=None, language="en", earlier_shown=[second_part])
        return found.cited, {problem.kind for problem in problems}

    assert checked("You asked for a second part with Alca, without the interruptions this time.") == ((), {"repeat", "support"})
    assert checked("Longer episodes are coming, because the short ones feel very short to you too.") == (("C3",), set())


def test_a_line_in_a_viewers_wishing_voice_is_a_viewer_problem_but_the_creators_first_person_is_not() -> None:
    def kinds(text: str, part: str = "beat 1", language: str = "en") -> set[str]:
        _support, found = check_part(HashEmbedder(256), part=part, text=text, shown=[], earlier=[], kit_texts=[],
                                     promise=None, language=language)
        return {problem.kind for problem in found}

    assert "viewer" in kinds("I'd love to hear more about the second part with Alca.", part="hook")
    assert "viewer" in kinds("I want to see a second part with Alca.")
    assert "viewer" in kinds("I was hoping to get a second part to the interview podcast.", part="hook")
    assert "viewer" in kinds("Me gustaría ver una segunda parte con Alca.", language="es")
    assert "viewer" not in kinds("I want you to hear what Alca said about his arrest.", part="hook")
    assert "viewer" not in kinds("I asked a hacker how he got in, and his answer is wild.", part="hook")
    assert "viewer" not in kinds("I'd love to hear yours: comment below.", part="call to action")


def test_the_clause_that_gives_the_creators_goal_is_cut_and_nothing_else() -> None:
    from agent.drafting.checks import cut_goal

    podcast = "get more subscribers to the Alex Hawkers interview podcast"
    assert cut_goal("Subscribe now to get more subscribers to the Alex Hawkers interview podcast.", podcast) == "Subscribe now."
    assert cut_goal("Suscríbete ya para conseguir más suscriptores. Nos vemos el domingo.",
                    "conseguir más suscriptores") == "Suscríbete ya. Nos vemos el domingo."
    assert cut_goal("Get more subscribers to the podcast!", "get more subscribers") is None  # nothing would be left
    assert cut_goal("Subscribe now and never miss the next one.", "get more subscribers") is None


def test_the_model_is_told_the_brief_without_the_one_word_terms_the_brand_avoids() -> None:
    from agent.nodes.draft import without_avoided

    avoid = ("young", "learn more", "users")
    assert without_avoided("A TikTok for young Spanish entrepreneurs (audience young Spanish entrepreneurs)", avoid) == \
        "A TikTok for Spanish entrepreneurs (audience Spanish entrepreneurs)"
    assert without_avoided("Get users to learn more", avoid) == "Get to learn more"  # multi-word terms stay
    assert without_avoided("Young-at-heart runners", avoid) == "Young-at-heart runners"  # part of another word


def test_a_brief_can_ask_for_a_language_by_name_or_for_the_audiences_own() -> None:
    spanish = ["Este es el mejor podcast con peor audio que hay ahora mismo",
               "Me gustaría ver una segunda parte con Alca pero con la misma dinámica"]
    chosen = lambda brief: choose_language(brief, spanish)  # noqa: E731
    assert chosen("Write a 30-second TikTok script in Spanish for young entrepreneurs").code == "es"
    assert chosen("Escribe un guion de TikTok en inglés para emprendedores jóvenes").code == "en"
    assert chosen("Schreib ein TikTok-Skript auf Deutsch für junge Gründer").reason == "you asked for German"
    theirs = chosen("Write a TikTok script for podcast fans in the audience's language")
    assert theirs.code == "es" and "most of the comments it rests on are in Spanish" in theirs.reason
    # A brief that names no language keeps its own, and says how to ask for the audience's.
    plain = chosen("Write a TikTok script for young entrepreneurs in Madrid")
    assert plain.code == "en" and "ask for “in Spanish” to write in theirs" in plain.reason
    assert chosen("Write a reel for students in Spanish class to sell our notebook").code == "en"  # a subject
    assert chosen("Write a TikTok that explains our app in seconds for busy parents").code == "en"  # not Czech
    assert choose_language("Write it in their language", []).reason == (
        "your brief is written in English (you asked for the audience's language, but the comments it rests on do not "
        "settle one)")


def test_the_models_packaging_is_cut_from_a_line_and_a_cut_off_line_keeps_its_finished_sentences() -> None:
    from agent.drafting.lines import clean_line

    assert clean_line("¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡", 12).text == "¡"  # a runaway on one mark is no line (writer: empty)
    assert clean_line("Wow!!! This is the one....", 12).text == "Wow! This is the one…"
    assert clean_line("¡Por supuesto! ¿Cómo conectas con tus suscriptores cada semana?", 12).text == \
        "¿Cómo conectas con tus suscriptores cada semana?"
    assert clean_line("Claro. Sí.", 12).text == "Claro. Sí."  # nothing would be left: kept as it is
    said_twice = "¿Podría ganar a McGregor? ¡Mira la entrevista! ¿Podría ganar a McGregor?"
    assert clean_line(said_twice, 20).text == "¿Podría ganar a McGregor? ¡Mira la entrevista!"
    cut = clean_line("¿Ganaría Ilia a McGregor en una pelea de verdad? ¡Mira cómo Ilia Topuria se", 20, cut_off=True)
    assert cut.text == "¿Ganaría Ilia a McGregor en una pelea de verdad?" and not cut.unfinished
    alone = clean_line("Porque no le íbamos a regalar nada a nadie pero esta vez le vamos a", 20, cut_off=True)
    assert alone.unfinished and alone.text.startswith("Porque")
    assert not clean_line("A line that ends without a stop", 20).unfinished  # not cut by the cap: left alone


def test_the_offers_name_put_before_a_line_as_a_label_is_cut() -> None:
    from agent.drafting.lines import without_offer_label

    offer = "the Alex Hawkers interview podcast"
    assert without_offer_label("Alex Hawkers interview podcast, you'll never miss another one.", offer) == \
        "You'll never miss another one."
    assert without_offer_label("The Alex Hawkers interview podcast - two friends, one lamp.", offer) == \
        "Two friends, one lamp."
    # The offer as the subject of the line, or a label with too little after it, stays.
    assert without_offer_label("Alex Hawkers interview podcast is the one.", offer) == "Alex Hawkers interview podcast is the one."
    assert without_offer_label("Alex Hawkers interview podcast, subscribe now.", offer) == \
        "Alex Hawkers interview podcast, subscribe now."


def test_a_line_in_an_assistants_voice_or_spoken_to_the_creator_is_caught() -> None:
    brief = "Write a TikTok script for viewers who disliked the interruptions, for the Alex Hawkers podcast"
    assert "assistant" in check("I'm sorry, but I can't assist with that.")
    assert "assistant" in check("¿Podrías decirme más sobre eso?", language="es")
    assert "assistant" in check("I'm not sure what you're looking for. Can you provide me with more information?")
    assert "assistant" in check("No one can help you with that.")
    assert "assistant" in check("You're welcome! If you have any other questions, feel free to ask.")
    assert "assistant" in check("Entiendo, pero necesito más información para poder ayudarte a escribir la próxima parte.",
                                language="es")
    assert "assistant" not in check("Night shift nurse? This bottle fits the fridge door at work.")
    assert "narrates" in check("The viewer thinks a night shift nurse needs a bottle that fits the fridge door.")
    assert "narrates" in check("El comentador dice que la botella cabe en la puerta de la nevera.", language="es")
    assert "narrates" not in check("Viewers asked for a bottle that fits the fridge door, so here it is.")
    assert "narrates" in check("El comentario de los usuarios destacó que la botella cabe en la nevera.", language="es")
    assert "viewer" in check("Alex, you're right, a night shift nurse needs a bottle that fits the fridge door.", brief=brief)
    assert "viewer" in check("Watch the full episode now, Alex.", part="call to action", brief=brief, shown=[])
    assert "viewer" in check("I'm glad you started playing poker with me, Adrian.", brief="the Adrián Mateos episode")
    # Speaking to the audience, or naming the creator as the subject, is the creator's own voice.
    assert "viewer" not in check("Nurses, this bottle fits the fridge door at work.", brief=brief, audience="nurses")
    assert "viewer" not in check("Alex Hawkers asked a night shift nurse about the fridge door.", brief=brief)


def test_the_review_says_once_per_part_why_it_was_written_again_and_counts_the_beats_left_out() -> None:
    from agent.drafting.notes import review_notes

    notes = review_notes(
        ["hook: removed “evil.example”, which no source gave", "hook: removed “evil.example”, which no source gave"],
        {"hook": {"viewer": "it speaks as a viewer", "verbatim": "it repeats C6 word for word"}, "beat 1": {}},
        ["repeat", "assistant", "repeat"],
    )
    assert notes == [
        "hook: written again, because it speaks as a viewer; it repeats C6 word for word",
        "beats: left out 3 that repeated an earlier line or spoke as an assistant, not as the creator",
        "hook: removed “evil.example”, which no source gave",
    ]
    assert review_notes([], {}, ["unfinished"]) == ["beats: left out one that stopped mid-sentence"]


def test_a_line_that_opens_with_the_same_four_words_as_an_earlier_one_is_a_template() -> None:
    earlier = ["Alex Hawkers interview podcast - do you want to listen?"]
    assert "opening" in check("Alex Hawkers interview podcast - two friends always there for a night shift nurse.",
                              earlier=earlier)
    assert "opening" not in check("Alex Hawkers asked a night shift nurse about the fridge door.", earlier=earlier)


def test_a_line_that_inverts_the_opinion_of_what_it_cites_cites_it_no_more() -> None:
    audio = EvidenceItem(id="C3", kind="comment", text="Este es el mejor podcast con peor audio que hay ahora mismo en la "
                                                        "internet. Grande, Alex Hawkers.")

    def checked(text: str) -> tuple[tuple[str, ...], list[str]]:
        found, problems = check_part(EMBED, part="beat 1", text=text, shown=[audio], earlier=[], kit_texts=[],
                                     promise=None, language="es")
        return found.cited, [problem.for_person for problem in problems if problem.kind == "clash"]

    # Eval run B of ac87035, D09: the line shares the comment's words, so it passed the support check.
    cited, clashes = checked("Alex Hawkers tiene el mejor audio que hay en la internet.")
    assert cited == () and clashes == ["it says “mejor audio” where C3 says “peor audio”, the opposite"]
    assert checked("El mejor podcast de internet, con el peor audio: eso también lo vamos a arreglar.") == (("C3",), [])
    found = clash("Der Ton war diesmal perfekt, jedes Wort glasklar.", "Der Ton war diesmal richtig schlecht.", "de")
    assert found is not None and found.line_says == "ton war diesmal perfekt"  # "richtig" strengthens, it is no praise
    assert clash("The audio is not bad at all now.", "The audio was bad.", "en") is not None  # a negation flips it
    assert clash("The audio was bad, we know.", "The audio was bad.", "en") is None


def test_no_faithful_line_of_the_labelled_pairs_is_called_an_inversion() -> None:
    """40 pairs written for this check in four languages (tests/fixtures/inverted_lines.jsonl): a comment, a line, and
    whether the line keeps its meaning or inverts it. The check is narrow by design (opinion words around a shared
    word): it must never flag a faithful line, and it catches the inversions the lexicon can see."""
    from agent.drafting.language import detect

    pairs = [json.loads(line) for line in (Path(__file__).parent / "fixtures" / "inverted_lines.jsonl").open(encoding="utf-8")]
    flagged = {pair["y"]: 0 for pair in pairs}
    for pair in pairs:
        language = detect(pair["l"])
        flagged[pair["y"]] += clash(pair["l"], pair["c"], language[0] if language else "en") is not None
    assert flagged["agrees"] == 0
    assert flagged["contradicts"] >= 4  # measured when written: 4 of 20 (the other 16 invert facts, not opinions)


def test_items_are_kept_by_their_relevance_to_the_best_other_item_not_to_the_angles_own() -> None:
    """Eval D04: the angle quoted a post title, so that post led the relevance by far and every other post fell under
    half of it; the beats were shown nothing and invented a story about a judge."""
    from agent.drafting.evidence import Ranked
    from agent.nodes.draft import _ordered

    angle = EvidenceItem(id="P5", kind="post", text="Se concede el deseo de Topuria")
    others = [EvidenceItem(id="P2", kind="post", text="Se que ganaría a McGregor"),
              EvidenceItem(id="P4", kind="post", text="La única derrota de Ilia Topuria"),
              EvidenceItem(id="C9", kind="comment", text="spotify please")]
    ranked = [Ranked(angle, 0.95, 2.0), Ranked(others[0], 0.36, 2.0), Ranked(others[1], 0.29, 2.0),
              Ranked(others[2], 0.06, 1.4)]
    assert [item.id for item in _ordered([angle, *others], ["P5"], ranked)] == ["P5", "P2", "P4"]


def test_a_beat_is_left_out_for_length_only_when_that_brings_the_script_nearer_the_asked_length() -> None:
    from agent.drafting.length import _drop_closest
    from agent.schemas import ScriptPart

    def beats(*lengths: int) -> list[ScriptPart]:
        return [ScriptPart(text=" ".join(["word"] * n) + ".") for n in lengths]

    # 90 words for 75 asked: leaving out the 14-word beat lands at 76, the 30-word one at 60.
    long = beats(30, 14, 16)
    assert _drop_closest(long, 90, 75) == 1 and [len(b.text.split()) for b in long] == [30, 16]
    # 80 words for 75 asked: any beat out lands further away than 80 is.
    near = beats(30, 14, 16)
    assert _drop_closest(near, 80, 75) is None and len(near) == 3


def test_a_beat_left_out_for_length_takes_its_notes_with_it_and_later_beats_keep_theirs_under_new_numbers() -> None:
    from agent.drafting.writer import PartWriter

    writer = PartWriter.__new__(PartWriter)  # only the notes matter here
    writer.open = ["beat 1: it opens like an earlier line", "beat 2: it speaks to Alex", "beat 3: support 0.2",
                   "call to action: it says nearly the same as an earlier line"]
    writer.fixed = ["beat 2: it kept reading C7 out word for word", "beat 12: fine"]
    writer.rewrites = {"hook": {"viewer": "it speaks as a viewer"}, "beat 2": {"repeat": "x"}, "beat 3": {"short": "y"}}
    writer.forget_beat(2)
    assert writer.open == ["beat 1: it opens like an earlier line", "beat 2: support 0.2",
                           "call to action: it says nearly the same as an earlier line"]
    assert writer.fixed == ["beat 11: fine"]
    assert writer.rewrites == {"hook": {"viewer": "it speaks as a viewer"}, "beat 2": {"short": "y"}}
