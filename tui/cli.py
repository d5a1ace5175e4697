"""The ``briefing`` command: open, check, new, add-source, attach, export.

Start-up cost matters (people run this over SSH): Textual is imported only when a
briefing is actually opened, never for ``check``, ``new`` or ``attach``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui import __version__
from tui.core.document import new_document
from tui.core.errors import BriefingError, InvalidBriefing, describe_failure
from tui.core.text import clean, clean_name
from tui.core.validate import ID_RE

if TYPE_CHECKING:
    from collections.abc import Callable

    from tui.core.index import BriefingIndex

__all__ = ["main"]

def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; with ``command``, only that command's part (``--help`` and
    ``--version`` build them all). Building every part costs more than 15 ms, mostly
    argparse's translation lookups, and ``briefing`` opening a briefing is timed."""
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Read structured, source-traced briefings in the terminal.",
        usage="briefing [PATH] [--read-only]\n       briefing COMMAND ...",
        epilog="With no command, opens PATH, a briefing file or a folder of them (default: "
               "the bundled Ankara briefing); --read-only never writes to it.",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", prog="briefing")
    for name, add in _SUBPARSERS.items():
        if command is None or command == name:
            add(sub)
    return parser


def _open_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p_open = sub.add_parser("open", help="open a briefing file or a folder of them (the default)")
    p_open.add_argument("path", nargs="?", type=Path, help="briefing file or folder")
    p_open.add_argument("--read-only", action="store_true", help="never write to the briefing")
    p_open.add_argument("--reader", metavar="NAME",
                        help="your name in the change log (default: $BRIEFING_READER, "
                             "else reader in prefs.toml, else your login name)")


def _check_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p_check = sub.add_parser("check", help="validate briefing files; exit 1 on any problem")
    p_check.add_argument("files", nargs="+", type=Path, metavar="FILE",
                         help="briefing files; each problem prints as FILE: place: what is wrong")


def _new_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p_new = sub.add_parser("new", help="make a new, empty briefing, around an article or none")
    p_new.add_argument("--from-article", type=Path, metavar="FILE",
                       help="its first source (without it: no source yet; see add-source)")
    p_new.add_argument("--title", required=True, help="the briefing's title")
    p_new.add_argument("--id", help="the briefing's id (default: from the title)")
    p_new.add_argument("--source-title", help="the article's title (default: its file name)")
    p_new.add_argument("--publisher")
    p_new.add_argument("--url")
    p_new.add_argument("--published", help="the article's date: YYYY, YYYY-MM or YYYY-MM-DD")
    p_new.add_argument("--out", type=Path,
                       help="where to write it (default: your briefings folder)")


def _add_source_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p_add = sub.add_parser("add-source", help="add another article as a source; prints its id")
    p_add.add_argument("briefing", type=Path, metavar="BRIEFING", help="the briefing file")
    p_add.add_argument("article", type=Path, metavar="ARTICLE", help="the article's text file")
    p_add.add_argument("--title", help="the article's title (default: its file name)")
    p_add.add_argument("--publisher")
    p_add.add_argument("--url")
    p_add.add_argument("--published", help="the article's date: YYYY, YYYY-MM or YYYY-MM-DD")
    p_add.add_argument("--reliability", choices=("A", "B", "C", "D", "E", "F"),
                       help="Admiralty grading: A completely reliable ... E unreliable, "
                            "F cannot be judged")


def _attach_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p_attach = sub.add_parser("attach", help="attach an article so its cited sentences show")
    p_attach.add_argument("briefing", type=Path, metavar="BRIEFING",
                          help="the briefing file that cites the article")
    p_attach.add_argument("article", type=Path, metavar="ARTICLE",
                          help="the article's text file (kept by the hash of its text)")


def _export_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p_export = sub.add_parser("export", help="write a dated one-pager, every claim footnoted")
    p_export.add_argument("file", type=Path, help="briefing file")
    p_export.add_argument("--format", choices=("markdown", "html", "json"), default="markdown")
    p_export.add_argument("--out", type=Path, help="write here (atomically) instead of to stdout")
    p_export.add_argument("--full", action="store_true",
                          help="every entry, the timeline and the undated events, "
                               "not just the one-pager's key entries")
    when = p_export.add_mutually_exclusive_group()
    when.add_argument("--as-of-source", type=int, metavar="N",
                      help="the briefing as it stood at its N-th source (from 1): only the "
                           "entries sources 1 to N cite (values as held now)")
    when.add_argument("--as-of", metavar="DATE",
                      help="the briefing as it stood on DATE: only the entries the sources "
                           "published by then cite (values as held now)")


def _serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p_serve = sub.add_parser("serve", help="open the app in web browsers, through "
                             "textual-serve (pip install 'briefing[serve]')")
    p_serve.add_argument("path", nargs="?", type=Path, help="briefing file or folder")
    p_serve.add_argument("--host", default="127.0.0.1",
                         help="address to listen on (default: 127.0.0.1, this machine only)")
    p_serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p_serve.add_argument("--public", action="store_true",
                         help="allow a --host other machines reach (textual-serve has no "
                              "login: put an authenticating proxy in front)")
    p_serve.add_argument("--public-url", metavar="URL",
                         help="the address browsers use, when a proxy is in front "
                              "(default: http://HOST:PORT)")
    p_serve.add_argument("--read-only", action="store_true", help="never write to the briefing")
    p_serve.add_argument("--reader", metavar="NAME",
                         help="every browser reader's name in the change log (default: "
                              "$BRIEFING_READER, else reader in prefs.toml, else your login)")
    p_serve.add_argument("--reader-header", metavar="HEADER",
                         help="take each connection's reader from this request header, set "
                              "by your authenticating proxy (e.g. X-Forwarded-User)")


def _merge_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p_merge = sub.add_parser("merge", help="three-way merge of briefings, entry by entry "
                             "(a git merge driver); exit 1 on conflicts")
    p_merge.add_argument("base", type=Path, help="the common ancestor (git's %%O)")
    p_merge.add_argument("ours", type=Path, help="our version (git's %%A)")
    p_merge.add_argument("theirs", type=Path, help="their version (git's %%B)")
    p_merge.add_argument("-o", "--out", type=Path,
                         help="write the result here (default: over OURS, as git expects)")


def _diff_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p_diff = sub.add_parser("diff", help="entry-level diff of two briefings (also git's "
                            "diff driver and, with one FILE, its textconv)")
    p_diff.add_argument("files", nargs="+", metavar="FILE",
                        help="OLD NEW; or one FILE (text form); or git's seven arguments")


def _config_git_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p_git = sub.add_parser("config-git", help="set git up to merge and diff briefings "
                           "entry by entry (idempotent)")
    p_git.add_argument("--global", dest="global_", action="store_true",
                       help="your global git config and attributes, not this repository's")
    from tui.storage.gitsetup import DEFAULT_PATTERN

    p_git.add_argument("--pattern", default=DEFAULT_PATTERN,
                       help=f"which files are briefings (default: {DEFAULT_PATTERN})")


# In the order ``--help`` lists them.
_SUBPARSERS: dict[str, Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]] = {
    "open": _open_parser, "check": _check_parser, "new": _new_parser,
    "add-source": _add_source_parser, "attach": _attach_parser, "export": _export_parser,
    "merge": _merge_parser, "diff": _diff_parser, "config-git": _config_git_parser,
    "serve": _serve_parser,
}


def main(argv: list[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    top_level = ("-h", "--help", "--version")
    if not args_in or (args_in[0] not in _SUBPARSERS and args_in[0] not in top_level):
        args_in.insert(0, "open")
    args = _parser(None if args_in[0] in top_level else args_in[0]).parse_args(args_in)
    try:
        if args.command == "check":
            return _check(args.files)
        if args.command == "new":
            return _new(args)
        if args.command == "add-source":
            return _add_source(args)
        if args.command == "attach":
            return _attach(args.briefing, args.article)
        if args.command == "export":
            return _export(args)
        if args.command in ("merge", "diff", "config-git"):
            return _git_command(args)
        if args.command == "serve":
            return _serve(args)
        if args.reader is not None:
            return _with_reader(args)
        return _open(args.path, args.read_only)
    except InvalidBriefing as err:
        for line in err.lines():
            print(line, file=sys.stderr)
        return 1
    except BriefingError as err:
        print(err, file=sys.stderr)
        return 1
    except OSError as err:  # every error path ends in one plain message, never a traceback
        print(f"briefing: {describe_failure(err)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _check(files: list[Path]) -> int:
    from tui.storage.loader import check_file

    status = 0
    for path in files:
        try:
            problems, briefing = check_file(path)
        except BriefingError as err:
            print(err, file=sys.stderr)
            status = 1
            continue
        if problems:
            for problem in problems:
                print(problem.format(path), file=sys.stderr)
            status = 1
            continue
        assert briefing is not None
        counts: dict[str, int] = {}
        for entry in briefing.entries:
            counts[entry.kind] = counts.get(entry.kind, 0) + 1
        parts = ", ".join(f"{n} {kind}" for kind, n in counts.items()) or "no entries"
        print(f"{clean_name(path)}: ok: {briefing.title!r}: {len(briefing.entries)} entries "
              f"({parts}), {len(briefing.sources)} source(s)")
    return status


def _new(args: argparse.Namespace) -> int:
    from tui.storage.attachments import _read, keep_article
    from tui.storage.paths import briefings_dir
    from tui.storage.store import BriefingStore

    if args.id is not None and not ID_RE.match(args.id):
        raise BriefingError("--id", f"{args.id!r} is not an id: letters, digits, '.', '_' and "
                            "'-', starting with a letter or digit, at most 128 characters")
    article = None
    if args.from_article is not None:
        article = _read(args.from_article)
        if not article.paragraphs:
            raise BriefingError(args.from_article, "has no text to brief")
    document = new_document(
        article, args.title, args.id, source_title=args.source_title,
        publisher=args.publisher, url=args.url, published=args.published,
        fallback_source_title=args.from_article.stem if args.from_article else "Article",
    )
    out = args.out or briefings_dir() / f"{document['briefing']['1']['id']}.json"
    # The article first: a run that fails or is killed before the briefing is written
    # leaves at most a kept article (harmless, found by its hash), never a briefing
    # without its article, and running it again works.
    if os.path.lexists(out):  # before anything is kept: a refused run changes nothing
        raise BriefingError(out, "already exists; choose another name or --out path")
    if article is not None:
        keep_article(article)
    BriefingStore.create(out, document)
    print(clean_name(out))
    return 0


def _add_source(args: argparse.Namespace) -> int:
    from tui.authoring.sources import add_source_file

    print(add_source_file(args.briefing, args.article, title=args.title,
                          publisher=args.publisher, url=args.url, published=args.published,
                          reliability=args.reliability))
    return 0


def _attach(briefing_path: Path, article_path: Path) -> int:
    from tui.storage.attachments import attach
    from tui.storage.store import load_briefing

    briefing = load_briefing(briefing_path)
    source_id, kept = attach(briefing, article_path)
    print(f"attached {clean_name(article_path)} to {clean_name(briefing_path)} as source "
          f"{clean(source_id)} (kept at {clean_name(kept)})")
    return 0


def _export(args: argparse.Namespace) -> int:
    from tui.export.delivery import export_file, write_stdout  # no Textual

    text = export_file(args.file, args.format, args.out, full=args.full,
                       as_of_source=args.as_of_source, as_of_date=args.as_of)
    if args.out is None:
        write_stdout(text)
    return 0


def _with_reader(args: argparse.Namespace) -> int:
    _set_reader(args.reader)
    return _open(args.path, args.read_only)


def _set_reader(given: str) -> None:
    import os

    name = " ".join(str(given).split())
    if not name or not name.isprintable():
        raise BriefingError("--reader", "needs a name (printable text)")
    os.environ["BRIEFING_READER"] = name


def _serve(args: argparse.Namespace) -> int:
    """``briefing serve``: checked here (the path, the host, the prefs file), served by
    ``tui.serve``; every problem is one line on stderr before anything listens."""
    from tui.serve import is_loopback

    target = args.path or _default_briefing()
    if not target.exists():
        raise BriefingError(target, "no such file or folder")
    if target.is_file():  # a file no connection could open is reported once, here
        from tui.storage.loader import load_index

        load_index(target)
    if not 0 < args.port < 65536:
        raise BriefingError("--port", f"{args.port} is not a port (1-65535)")
    if not is_loopback(args.host) and not args.public:
        raise BriefingError("--host", f"{args.host} is reachable from other machines and "
                            "textual-serve has no login: add --public to serve there anyway "
                            "(behind an authenticating proxy: see the README)")
    if args.reader_header is not None and not args.reader_header.strip():
        raise BriefingError("--reader-header", "needs a header name, such as X-Forwarded-User")
    if args.reader is not None:
        _set_reader(args.reader)
    from tui.ui.preferences import PrefsError, load_prefs

    try:
        _use_configured_reader(load_prefs().reader)
    except PrefsError as err:  # each connection would stop on it: say so once, now
        print(err, file=sys.stderr)
        return 2
    try:
        import textual_serve  # noqa: F401  (the optional extra)
    except ImportError as err:
        print(f"briefing serve: needs textual-serve ({err}): pip install 'briefing[serve]'",
              file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        print(f"briefing serve: warning: serving on {args.host}, which other machines can "
              "reach; textual-serve has no login, so anyone who reaches it reads and edits "
              "as the reader", file=sys.stderr)
    from tui.serve import serve

    serve(target.absolute(), host=args.host, port=args.port, read_only=args.read_only,
          reader_header=args.reader_header, public_url=args.public_url)
    return 0


def _default_briefing() -> Path:
    from tui.storage.paths import default_briefing

    return default_briefing()


def _use_configured_reader(configured: str | None) -> None:
    """The reader named in prefs.toml, unless --reader or $BRIEFING_READER named one first
    (the order: --reader, then $BRIEFING_READER, then the file, then the login name)."""
    import os

    named = " ".join(os.environ.get("BRIEFING_READER", "").split())
    if configured and not (named and named.isprintable()):
        os.environ["BRIEFING_READER"] = configured


def _git_command(args: argparse.Namespace) -> int:
    from tui import gitcli

    if args.command == "merge":
        return gitcli.merge(args.base, args.ours, args.theirs, args.out)
    if args.command == "diff":
        return gitcli.diff(args.files)
    return gitcli.config(args.pattern, args.global_)


# A briefing up to this size is read before the full-screen app starts, so that a file that
# cannot be opened is reported on stderr like any other bad argument; a bigger one opens
# behind "Loading…" and reports a problem on the error screen (still exit status 1).
_CHECK_BEFORE_START = 8 * 1024 * 1024


def _open(path: Path | None, read_only: bool) -> int:
    from concurrent.futures import ThreadPoolExecutor

    from tui.storage.paths import default_briefing

    target = path or default_briefing()
    if not target.exists():
        raise BriefingError(target, "no such file or folder")
    note = None
    if target.is_file():
        from tui.storage.bundled import existing_copy

        copy = existing_copy(target)
        if copy is not None:  # edits go to the copy: open what the reader last edited
            target, note = copy, f"Opened your edited copy of the bundled briefing: {copy}"
    elif not target.is_dir():
        raise BriefingError(target, "is neither a briefing file nor a folder of them")
    preload = None
    keep_later: list[Callable[[], None]] = []  # the load cache's write, once it shows
    if target.is_file():
        # Start reading the briefing while Textual is imported and starts up.
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="preload")
        preload = pool.submit(_preload, target, keep_later)
        pool.shutdown(wait=False)
    from tui.ui.app import BriefingApp  # Textual loads only now
    from tui.ui.preferences import PrefsError, load_prefs

    try:
        prefs = load_prefs()
    except PrefsError as err:  # a bad preferences file stops the app: see docs/PREFS.md
        print(err, file=sys.stderr)
        return 2
    _use_configured_reader(prefs.reader)
    if preload is not None and target.stat().st_size <= _CHECK_BEFORE_START:
        preload.result()  # raises the file's problem here, before the screen is taken over
    if not _has_terminal():
        print("briefing: not a terminal: the app needs one to draw in (use `briefing check` "
              "or `briefing export` in scripts)", file=sys.stderr)
        return 2
    app = BriefingApp(target, read_only=read_only, preload=preload, note=note, prefs=prefs,
                      keep_later=keep_later)
    app.run()
    return 1 if app.failed else (app.return_code or 0)


def _preload(path: Path, keep_later: list[Callable[[], None]]) -> BriefingIndex:
    """The briefing's index, and the "since you last looked" state read beside it, so that
    the app's first screen reads neither on its UI thread. The load cache is written
    once the briefing shows (``keep_later``)."""
    from tui.authoring.seen import warm_state
    from tui.storage.loader import load_index

    index = load_index(path, keep_later=keep_later)
    warm_state()
    return index


def _has_terminal() -> bool:
    """True when the app can draw: both ends are a terminal, or Textual was given a driver
    of its own (textual-serve and the tests set ``TEXTUAL_DRIVER``)."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()
