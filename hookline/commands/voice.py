"""`hookline voice DRAFT_OR_FILE --out FILE.wav`: hear a script, offline, at the platform's pace."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from core.errors import InputError
from hookline.root import Root

PLATFORMS = ("tiktok", "instagram_reels", "youtube_shorts", "youtube", "linkedin", "x", "podcast", "other")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("voice", help="read a script's spoken parts aloud into a WAV, with its measured length")
    parser.add_argument("source", nargs="?", type=Path, metavar="DRAFT_OR_FILE",
                        help="a draft JSON (hookline draft --json) or a text/markdown script")
    parser.add_argument("--out", type=Path, metavar="FILE.wav", help="the WAV to write")
    parser.add_argument("--platform", choices=PLATFORMS, help="the pace to read at (default: the draft's platform)")
    parser.add_argument("--language", metavar="CODE", help="the script's language (en, es, ...), when the guess is wrong")
    parser.add_argument("--voices", action="store_true", help="list the languages that have a voice, then stop")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, root: Root) -> int:
    from tools.voice.preview import speak_script
    from tools.voice.report import describe, voices_sentence
    from tools.voice.script import load_script
    from tools.voice.voices import available_voices

    if args.voices:
        if args.json:
            print(json.dumps([voice.model_dump() for voice in available_voices()], indent=2))
        else:
            print(voices_sentence())
        return 0
    if args.source is None or args.out is None:
        raise InputError("Give a script and where to write it: hookline voice draft.json --out preview.wav")
    if args.out.suffix.lower() != ".wav":
        raise InputError(f"--out {args.out} should end in .wav (the preview is a WAV file).")
    script = load_script(args.source)
    result = speak_script(script, args.out, platform=args.platform, language=args.language)
    if args.json:
        print(json.dumps(result.model_dump(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(describe(result)))
    return 0
