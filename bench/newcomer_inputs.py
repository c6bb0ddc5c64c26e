"""What the newcomer walk uploads, written here for an invented brand (never copied from ../shared): a style
guide and past posts for Tidewater, and an export shaped like a public YouTube statistics dataset (videos and
2,000 distinct comments recombined from sentence fragments in four languages)."""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
from pathlib import Path

BRAND = "Tidewater"
GREETING = "Hi! What can you do?"
BRAND_MESSAGE = f"Here are our brand examples, please learn our brand ({BRAND})."
IMPORT_MESSAGE = "Import our YouTube data"
DURING_IMPORT = "Are you still there?"
DRAFT = "Draft a 30-second TikTok script for night-shift nurses about our bottle"
NAME_QUESTION = re.compile(r"Which brand are these examples for|still need their brand's name")
ERROR_TEXT = re.compile(r"Something went wrong")
# The import's own messages: its progress line, its summary and a kit build's progress are not replies.
NOT_A_REPLY = re.compile(r"^\s*(Importing|Import finished|Building the)")
SUMMARY = re.compile(r"Import finished \((\S+), ([\d.]+) s\)")

GUIDE = f"""# {BRAND}: how we write

{BRAND} makes insulated steel bottles for people who work while the city sleeps.
We write like a colleague on the same shift: calm, warm, a little dry.

## Voice
- Short sentences. One idea each.
- Talk to one person, not a crowd.
- Numbers over adjectives: "cold for 24 hours", not "super cold".

## Words we avoid
- Never say "hydration journey".
- Avoid "game-changer", "revolutionary" and "hack".

## Who we talk to
Nurses, paramedics, bakers and warehouse crews on night shifts.

## Hooks that worked
- "3 a.m. and your water is still ice cold."
- "The one thing in your locker that never lets you down."

Always end with a question for the comments.
"""
PAST_POSTS = f"""{BRAND} past posts (TikTok and Instagram, 2025)

3 a.m. check: the ice is still rattling. Twelve hours into the shift and the bottle kept its promise.
What's the one thing in your locker you can't work without?

We dropped a {BRAND} bottle down two flights of hospital stairs. Dented, not leaking.
Would you trust yours with that?

Night shift math: 1 bottle, 750 ml, refilled twice, cold until handover.
How many refills does your shift take?

Paramedics asked for a lid they can open with gloves on. Here it is: one thumb, no twisting.
What should we fix next?

Bakers start at 2 a.m. Their coffee stays hot until the first loaves come out at 6.
Who starts earlier than a baker?
"""

TOPICS = ["night shift hydration", "insulated bottle test", "nurse gear review", "12-hour shift routine",
          "paramedic day in the life", "ice retention test", "bakery at 3am", "warehouse night crew"]
TITLE_SHAPES = ["{topic}: what actually works", "I tried {topic} for a week", "{topic} (honest review)",
                "The truth about {topic}", "{topic} in 60 seconds"]
KEYWORDS = ["hydration", "nursing", "gear review", "night shift", "fitness"]

# Comments are recombined from fragments: opener + middle + closer, in five languages.
FRAGMENTS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "en": (["Honestly", "Third night shift in a row and", "As an ER nurse,", "My partner works nights and",
            "Watched this on my break:", "Okay but", "Not gonna lie,", "Paramedic here:", "Every single shift",
            "Week two of nights and"],
           ["my water goes warm by midnight", "I forget to drink anything until 4 a.m.",
            "the bottle test at the end surprised me", "the lid leaked in my bag once",
            "I need a bottle that fits the car cup holder", "the ice lasting 20 hours is wild",
            "I keep losing my lid", "coffee stays hot way longer than I expected", "the strap is the best part",
            "I'd love a smaller size"],
           ["please do a drop test next.", "what size is that one?", "thanks for thinking of night workers.",
            "subscribed.", "can you show how to clean it?", "does it come in green?",
            "more videos like this please.", "this deserves more views."]),
    "es": (["Sinceramente", "Soy enfermera de noche y", "Tercera guardia seguida y", "Desde la ambulancia:",
            "Lo vi en mi descanso:", "No miento,", "Mi madre trabaja de noche y", "Cada turno"],
           ["el agua se me calienta a medianoche", "se me olvida beber hasta las cuatro",
            "la prueba del final me sorprendió", "la tapa se me abrió en la mochila",
            "necesito una botella que quepa en el coche", "el hielo aguanta toda la noche",
            "el café sigue caliente horas después", "quiero un tamaño más pequeño"],
           ["haced una prueba de caída.", "¿qué tamaño es ese?", "gracias por pensar en los turnos de noche.",
            "me suscribo.", "¿cómo se limpia?", "más vídeos así, por favor."]),
    "pt": (["Sinceramente", "Sou enfermeira da noite e", "Terceiro plantão seguido e", "Vi isso no intervalo:",
            "Não vou mentir,", "Meu marido trabalha à noite e", "Todo plantão", "Socorrista aqui:"],
           ["minha água esquenta antes da meia-noite", "esqueço de beber até as quatro",
            "o teste no final me surpreendeu", "a tampa vazou na bolsa uma vez",
            "o gelo dura a noite inteira", "o café continua quente por horas", "queria um tamanho menor"],
           ["façam um teste de queda.", "qual é o tamanho dessa?", "obrigado por lembrar de quem trabalha à noite.",
            "inscrito.", "como limpa?", "mais vídeos assim, por favor."]),
    "de": (["Ehrlich gesagt", "Dritte Nachtschicht in Folge und", "Als Pflegekraft:", "In meiner Pause gesehen:",
            "Mal ehrlich,", "Mein Mann arbeitet nachts und", "Jede Schicht", "Rettungsdienst hier:"],
           ["mein Wasser ist um Mitternacht warm", "ich vergesse bis vier Uhr zu trinken",
            "der Test am Ende hat mich überrascht", "der Deckel ist einmal in der Tasche ausgelaufen",
            "das Eis hält die ganze Nacht", "der Kaffee bleibt stundenlang heiß", "ich hätte gern eine kleinere"],
           ["bitte macht einen Falltest.", "welche Größe ist das?", "danke, dass ihr an Nachtschichten denkt.",
            "abonniert.", "wie reinigt man die?", "mehr solche Videos bitte."]),
    "fr": (["Franchement", "Infirmière de nuit ici et", "Troisième garde d'affilée et", "Vu pendant ma pause :",
            "Sans mentir,", "Mon compagnon travaille la nuit et", "À chaque garde"],
           ["mon eau est tiède avant minuit", "j'oublie de boire jusqu'à quatre heures",
            "le test à la fin m'a surpris", "le bouchon a fui dans mon sac", "la glace tient toute la nuit",
            "le café reste chaud des heures", "je voudrais une taille plus petite"],
           ["faites un test de chute.", "c'est quelle taille ?", "merci de penser aux gens de nuit.",
            "abonné.", "comment on la nettoie ?", "plus de vidéos comme ça svp."]),
}


# -- inputs ---------------------------------------------------------------------------------------


def write_brand_files(folder: Path) -> list[Path]:
    guide, posts = folder / "tidewater-style-guide.md", folder / "tidewater-past-posts.txt"
    guide.write_text(GUIDE)
    posts.write_text(PAST_POSTS)
    return [guide, posts]


def _video_id(rng: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return "".join(rng.choice(alphabet) for _ in range(11))


def distinct_comments(count: int, rng: random.Random) -> list[str]:
    """`count` different comments, every language's fragments recombined, shuffled."""
    texts = [f"{opener} {middle}, {closer}" for openers, middles, closers in FRAGMENTS.values()
             for opener in openers for middle in middles for closer in closers]
    if len(set(texts)) < count:
        raise ValueError(f"the fragments make only {len(set(texts))} distinct comments, not {count}")
    rng.shuffle(texts)
    return texts[:count]


def write_youtube_export(folder: Path, videos: int = 40, comments: int = 2000, seed: int = 7) -> list[Path]:
    """A videos file and a comments file shaped like a popular public YouTube statistics dataset."""
    rng = random.Random(seed)
    ids = [_video_id(rng) for _ in range(videos)]
    videos_path, comments_path = folder / "videos-stats.csv", folder / "comments.csv"
    with videos_path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Video ID", "Title", "Published At", "Keyword", "Likes", "Comments", "Views"])
        for number, video in enumerate(ids):
            title = rng.choice(TITLE_SHAPES).format(topic=TOPICS[number % len(TOPICS)])
            views = float(int(rng.lognormvariate(10, 1.2)))
            published = dt.date(2022, 1, 3) + dt.timedelta(days=9 * number)
            writer.writerow([video, title[0].upper() + title[1:], published.isoformat(), rng.choice(KEYWORDS),
                             float(int(views * rng.uniform(0.01, 0.06))),
                             float(int(views * rng.uniform(0.001, 0.01))), views])
    with comments_path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Video ID", "Comment", "Likes", "Sentiment"])
        for text in distinct_comments(comments, rng):
            writer.writerow([rng.choice(ids), text, float(int(rng.expovariate(1 / 40))), float(rng.choice((0, 1, 2)))])
    return [videos_path, comments_path]
