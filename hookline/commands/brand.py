"""`hookline brand`: build, list, show, check against, and move brand kits.

    hookline brand build NAME FILE... [--json]
    hookline brand list [--json]
    hookline brand show NAME [--version N] [--json]
    hookline brand versions NAME [--json]
    hookline brand rollback NAME VERSION [--json]
    hookline brand learn NAME (--said "never say X" | --before TEXT --after TEXT) [--yes] [--json]
    hookline brand rule NAME add|remove "TEXT" [--json]
    hookline brand check NAME (--file F | TEXT) [--json]
    hookline brand examples NAME "BRIEF" [-k K] [--json]
    hookline brand export NAME [--version N] [-o FILE]
    hookline brand import FILE [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from core.errors import InputError
from hookline.root import Root

MAX_YAML_BYTES = 5 * 1024 * 1024


def _print_json(value: Any) -> None:
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json")
    elif isinstance(value, list):
        value = [item.model_dump(mode="json") if hasattr(item, "model_dump") else item for item in value]
    print(json.dumps(value, ensure_ascii=False, indent=2))


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("brand", help="brand kits: learn a brand from examples, check drafts against it")
    actions = parser.add_subparsers(dest="brand_action", metavar="ACTION", required=True)

    build = actions.add_parser("build", help="learn (or update) a kit from files: .txt .md .html .pdf .csv .json .png .jpg")
    build.add_argument("name", help="the kit's name: a slug such as acme-voice")
    build.add_argument("files", nargs="+", type=Path, metavar="FILE")
    build.add_argument("--json", action="store_true", help="print the kit as JSON")
    build.set_defaults(action=_build)

    listing = actions.add_parser("list", help="the kits you have")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(action=_list)

    show = actions.add_parser("show", help="a kit, with the evidence behind it")
    show.add_argument("name")
    show.add_argument("--version", type=int, default=None, help="an earlier version")
    show.add_argument("--json", action="store_true")
    show.set_defaults(action=_show)

    versions = actions.add_parser("versions", help="a kit's versions")
    versions.add_argument("name")
    versions.add_argument("--json", action="store_true")
    versions.set_defaults(action=_versions)

    rollback = actions.add_parser("rollback", help="make an earlier version current again (as a new version)")
    rollback.add_argument("name")
    rollback.add_argument("version", type=int)
    rollback.add_argument("--json", action="store_true")
    rollback.set_defaults(action=_rollback)

    learn = actions.add_parser("learn", help="propose rules from your edit of a draft; --yes saves them")
    learn.add_argument("name")
    learn.add_argument("--said", help='what you said, e.g. "never say game-changer"')
    learn.add_argument("--before", help="the draft line before your edit")
    learn.add_argument("--after", help="the line after your edit")
    learn.add_argument("--yes", action="store_true", help="save the proposed rules (a new kit version)")
    learn.add_argument("--json", action="store_true")
    learn.set_defaults(action=_learn)

    rule = actions.add_parser("rule", help='add or remove a rule, e.g. rule acme add "we never use emojis"')
    rule.add_argument("name")
    rule.add_argument("operation", choices=["add", "remove"])
    rule.add_argument("text")
    rule.add_argument("--json", action="store_true")
    rule.set_defaults(action=_rule)

    check = actions.add_parser("check", help="score a draft against a kit (0-100) with findings")
    check.add_argument("name")
    source = check.add_mutually_exclusive_group(required=True)
    source.add_argument("--file", type=Path, help="a .txt, .md, .html or .pdf draft")
    source.add_argument("text", nargs="?", help="the draft itself")
    check.add_argument("--json", action="store_true")
    check.set_defaults(action=_check)

    examples = actions.add_parser("examples", help="the kit's examples most like a brief (few-shot material)")
    examples.add_argument("name")
    examples.add_argument("text")
    examples.add_argument("-k", type=int, default=3)
    examples.add_argument("--json", action="store_true")
    examples.set_defaults(action=_examples)

    export = actions.add_parser("export", help="write a kit as YAML")
    export.add_argument("name")
    export.add_argument("--version", type=int, default=None)
    export.add_argument("-o", "--output", type=Path, default=None, help="a file (default: standard output)")
    export.set_defaults(action=_export)

    load = actions.add_parser("import", help="read a kit from YAML")
    load.add_argument("file", type=Path)
    load.add_argument("--json", action="store_true")
    load.set_defaults(action=_import)

    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, root: Root) -> int:

    store = root.open_brands()
    return int(args.action(args, store) or 0)


def _progress(message: str) -> None:
    print(f"... {message}", file=sys.stderr, flush=True)


def _build(args: argparse.Namespace, store: Any) -> int:
    kit = store.build(args.name, args.files, progress=None if args.json else _progress)
    if args.json:
        _print_json(kit)
        return 0
    print(
        f"Built brand kit '{kit.name}' version {kit.version} from {len(kit.sources)} file(s): "
        f"{len(kit.vocabulary.avoid)} avoided words or claims, {len(kit.voice_traits)} voice traits, "
        f"{len(kit.examples)} examples kept in the kit."
    )
    for note in kit.notes:
        print(f"note: {note}")
    return 0


def _list(args: argparse.Namespace, store: Any) -> int:
    kits = store.list()
    if args.json:
        _print_json(kits)
        return 0
    if not kits:
        print("No brand kits yet. Build one with `hookline brand build NAME FILE...`.")
    for kit in kits:
        print(f"{kit.name}  v{kit.version}  ({kit.versions} version(s), {len(kit.sources)} file(s), {kit.examples} examples)")
    return 0


def _evidence(proofs: list[Any]) -> str:
    if not proofs:
        return ""
    proof = proofs[0]
    return f"  [{proof.source}: “{proof.quote}”]"


def _show(args: argparse.Namespace, store: Any) -> int:
    kit = store.get(args.name, args.version)
    if args.json:
        _print_json(kit)
        return 0
    print(kit.summary())
    print(f"\nCreated {kit.created_at.isoformat()} from: {', '.join(s.name for s in kit.sources) or 'an imported YAML'}")
    if kit.voice_traits:
        print("\nVoice traits:")
        for trait in kit.voice_traits:
            about = f": {trait.description}" if trait.description else ""
            print(f"- {trait.name}{about}{_evidence(trait.evidence)}")
            if trait.do:
                print(f"    do: {trait.do}")
            if trait.dont:
                print(f"    don't: {trait.dont}")
    if kit.vocabulary.avoid:
        print("\nWords and claims to avoid:")
        for term in kit.vocabulary.avoid:
            extra = f" -> {term.alternative}" if term.alternative else ""
            print(f"- {term.term}{extra} ({term.severity}){_evidence(term.evidence)}")
    if kit.rules:
        print("\nRules:")
        for rule in kit.rules:
            print(f"- {rule.text} ({rule.provenance})")
    for note in kit.notes:
        print(f"note: {note}")
    return 0


def _versions(args: argparse.Namespace, store: Any) -> int:
    versions = store.versions(args.name)
    if args.json:
        _print_json(versions)
        return 0
    for item in versions:
        mark = " (current)" if item.current else ""
        print(f"v{item.version}  {item.created_at.isoformat()}  {', '.join(item.sources) or '-'}{mark}")
    return 0


def _rollback(args: argparse.Namespace, store: Any) -> int:
    kit = store.rollback(args.name, args.version)
    if args.json:
        _print_json({"name": kit.name, "version": kit.version, "rolled_back_to": args.version})
        return 0
    print(f"Brand kit '{kit.name}' is now version {kit.version}, a copy of version {args.version}. "
          f"`hookline brand versions {kit.name}` lists every version.")
    return 0


def _learn(args: argparse.Namespace, store: Any) -> int:
    from tools.brandkit.learn import propose_from_edit, propose_from_words

    if args.said:
        proposals = propose_from_words(args.said)
    elif args.before is not None and args.after is not None:
        proposals = propose_from_edit(args.before, args.after)
    else:
        raise InputError('Say what to learn: --said "never say X", or --before TEXT --after TEXT.')
    store.get(args.name)  # the kit must exist before anything is proposed for it
    saved = store.learn(args.name, proposals) if args.yes and proposals else None
    if args.json:
        _print_json({"proposals": [p.summary for p in proposals], "saved_version": saved.version if saved else None})
        return 0
    if not proposals:
        print("No rule to propose: name the word to avoid (e.g. \"never say 'game-changer'\") or give the line before and after.")
        return 0
    for proposal in proposals:
        print(f"- {proposal.summary}")
    if saved:
        print(f"Saved as brand kit '{saved.name}' version {saved.version} (undo: hookline brand rollback {saved.name} {saved.version - 1}).")
    else:
        print("Nothing saved yet: run the same command with --yes to save these rules.")
    return 0


def _rule(args: argparse.Namespace, store: Any) -> int:
    kit = store.add_rule(args.name, args.text) if args.operation == "add" else store.remove_rule(args.name, args.text)
    if args.json:
        _print_json({"name": kit.name, "version": kit.version, "rules": [r.model_dump(mode="json") for r in kit.rules]})
        return 0
    if args.operation == "add":
        from tools.brandkit.text import normalize

        rule = next(r for r in kit.rules if normalize(r.text) == normalize(args.text))
        print(f"Brand kit '{kit.name}' version {kit.version}: rule “{rule.text}” ({rule.provenance}).")
    else:
        print(f"Brand kit '{kit.name}' version {kit.version}: rule removed.")
    return 0


def _check(args: argparse.Namespace, store: Any) -> int:
    from tools.brandkit.check import check_text
    from tools.brandkit.sources import read_upload

    kit = store.get(args.name)
    if args.file is not None:
        doc = read_upload(args.file)
        if doc.kind in ("image", "posts"):
            raise InputError(f"{args.file.name}: check a draft from a .txt, .md, .html or .pdf file.")
        text = doc.text
    else:
        text = args.text or ""
    result = check_text(kit, text, store=store)
    if args.json:
        _print_json(result)
        return 0
    print(f"Score: {result.score}/100 against '{kit.name}' v{kit.version}")
    for finding in result.findings:
        print(f"[{finding.severity}] {finding.message}{_evidence(finding.evidence)}")
    for suggestion in result.suggestions:
        print(f"suggestion: {suggestion}")
    return 0


def _examples(args: argparse.Namespace, store: Any) -> int:
    snippets = store.examples_like(args.name, args.text, k=args.k)
    if args.json:
        _print_json(snippets)
        return 0
    for snippet in snippets:
        print(f"({snippet.similarity:.2f}, {snippet.source}) {snippet.text}")
    return 0


def _export(args: argparse.Namespace, store: Any) -> int:
    text = store.export_yaml(args.name, args.version)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    partial = args.output.with_name(args.output.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, args.output)
    print(f"Wrote {args.output}", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace, store: Any) -> int:
    path: Path = args.file
    if not path.is_file():
        raise InputError(f"{path}: no such file.")
    if path.stat().st_size > MAX_YAML_BYTES:
        raise InputError(f"{path.name} is larger than {MAX_YAML_BYTES // 1024 // 1024} MB; a brand kit YAML is much smaller.")
    kit = store.import_yaml(path.read_text(encoding="utf-8"))
    if args.json:
        _print_json(kit)
        return 0
    print(f"Imported brand kit '{kit.name}' version {kit.version}.")
    return 0
